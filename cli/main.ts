/**
 * The `minqing` command line: one file per subcommand, each `run(args, io)` → exit code. A command
 * (and exceljs with it) is loaded only when it runs; the usage lines are data (`usage.json`) that
 * `bin/minqing.js` prints itself for `--help`, on any Node, without loading TypeScript
 * (docs/decisions/0001).
 */
import { type CliIO, processIO, UsageError } from './io.ts';
import USAGE from './usage.json' with { type: 'json' };

type Command = (args: string[], io: CliIO) => Promise<number>;

const COMMANDS: Record<string, () => Promise<{ run: Command }>> = {
  convert: () => import('./convert.ts'),
  import: () => import('./import.ts'),
  export: () => import('./export.ts'),
  scores: () => import('./scores.ts'),
  escalation: () => import('./escalation.ts'),
  assess: () => import('./assess.ts'),
  calendar: () => import('./calendar.ts'),
};

/** What `--help` prints; `bin/minqing.js` prints the same from the same lines. */
export function usage(): string {
  return ['用法 Usage:', ...Object.values(USAGE).map((line) => `  ${line}`)].join('\n');
}

export async function main(argv: string[], io: CliIO = processIO): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(usage());
    return name === undefined ? 2 : 0;
  }
  const load = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!load) {
    io.stderr(`未知命令「${name}」\n${usage()}`);
    return 2;
  }
  try {
    const { run } = await load();
    return await run(args, io);
  } catch (error) {
    if (
      error instanceof UsageError ||
      (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
    ) {
      io.stderr((error as Error).message);
      return 2;
    }
    throw error;
  }
}
