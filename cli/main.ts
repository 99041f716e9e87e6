/** The `minqing` command line: one file per subcommand, each `run(args, io)` → exit code. */
import { ASSESS_USAGE, run as assess } from './assess.ts';
import { CALENDAR_USAGE, run as calendar } from './calendar.ts';
import { CONVERT_USAGE, run as convert } from './convert.ts';
import { ESCALATION_USAGE, run as escalation } from './escalation.ts';
import { EXPORT_USAGE, run as exportLedgers } from './export.ts';
import { IMPORT_USAGE, run as importFiles } from './import.ts';
import { type CliIO, processIO, UsageError } from './io.ts';
import { SCORES_USAGE, run as scores } from './scores.ts';

type Command = (args: string[], io: CliIO) => Promise<number>;

const COMMANDS: Record<string, { run: Command; usage: string }> = {
  convert: { run: convert, usage: CONVERT_USAGE },
  import: { run: importFiles, usage: IMPORT_USAGE },
  export: { run: exportLedgers, usage: EXPORT_USAGE },
  scores: { run: scores, usage: SCORES_USAGE },
  escalation: { run: escalation, usage: ESCALATION_USAGE },
  assess: { run: assess, usage: ASSESS_USAGE },
  calendar: { run: calendar, usage: CALENDAR_USAGE },
};

function usage(): string {
  return ['用法 Usage:', ...Object.values(COMMANDS).map((c) => `  ${c.usage}`)].join('\n');
}

export async function main(argv: string[], io: CliIO = processIO): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(usage());
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr(`未知命令「${name}」\n${usage()}`);
    return 2;
  }
  try {
    return await command.run(args, io);
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
