/**
 * The `minqing` command line: one file per subcommand, each `run(args, io)` → exit code. A command
 * (and exceljs with it) is loaded only when it runs; the usage lines are data (`usage.json`) that
 * `bin/minqing.js` prints itself for `--help`, on any Node, without loading TypeScript
 * (docs/decisions/0001).
 */
import { ApiError } from '../shared/api-error.ts';
import { type Locale, message } from '../shared/i18n.ts';
import { type CliIO, localeOf, processIO, UsageError } from './io.ts';
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

/** `--lang zh|en` (or `--lang=en`), anywhere on the line, taken out before the command reads it. */
function takeLocale(argv: string[]): { locale: Locale; rest: string[] } {
  const rest = [...argv];
  let lang: string | undefined;
  for (let i = rest.findIndex(isLangFlag); i !== -1; i = rest.findIndex(isLangFlag)) {
    const [flag] = rest.splice(i, 1) as [string];
    lang = flag.includes('=') ? flag.slice('--lang='.length) : (rest.splice(i, 1)[0] ?? '');
  }
  if (lang !== undefined && lang !== 'zh' && lang !== 'en') {
    throw new UsageError('CLI_LANG_INVALID', { lang });
  }
  return { locale: lang ?? 'zh', rest };
}
const isLangFlag = (arg: string) => arg === '--lang' || arg.startsWith('--lang=');

export async function main(argv: string[], given: CliIO = processIO): Promise<number> {
  let taken: ReturnType<typeof takeLocale>;
  try {
    taken = takeLocale(argv);
  } catch (error) {
    given.stderr((error as UsageError).text(localeOf(given)));
    return 2;
  }
  const io: CliIO = { ...given, locale: taken.locale };
  const [name, ...args] = taken.rest;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(usage());
    return name === undefined ? 2 : 0;
  }
  const load = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!load) {
    io.stderr(`${message('CLI_UNKNOWN_COMMAND', { name }, localeOf(io))}\n${usage()}`);
    return 2;
  }
  try {
    const { run } = await load();
    return await run(args, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(error.text(localeOf(io)));
      return 2;
    }
    if ((error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr((error as Error).message);
      return 2;
    }
    // What the server refused (in the language asked for) and its code, without a stack trace.
    if (error instanceof ApiError) {
      io.stderr(
        error.status === 0
          ? error.message
          : message(
              'CLI_SERVER_REFUSED',
              { status: error.status, code: error.code, reason: error.message },
              localeOf(io),
            ),
      );
      return 1;
    }
    throw error;
  }
}
