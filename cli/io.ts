/** What a CLI subcommand talks to: injected so tests run commands in-process. */
import { type Locale, message } from '../shared/i18n.ts';
import './messages.ts';

export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Reads standard input to the end (for `--password-stdin`). */
  stdin: () => Promise<string>;
  /** The language the person reads (`--lang`); Chinese when not given. */
  locale?: Locale;
}

/** The language a command speaks to its person in. */
export const localeOf = (io: CliIO): Locale => io.locale ?? 'zh';

/**
 * A usage or file error: printed on stderr in the reader's language, exit code 2. It carries the
 * message's code and values, so it is worded only where it is printed.
 */
export class UsageError extends Error {
  readonly code: string;
  readonly params: Record<string, string | number>;
  constructor(code: string, params: Record<string, string | number> = {}) {
    super(message(code, params));
    this.code = code;
    this.params = params;
  }

  /** The message in the reader's language. */
  text(locale: Locale): string {
    return message(this.code, this.params, locale);
  }
}

export const processIO: CliIO = {
  stdout: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  stderr: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
  stdin: async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  },
};

export function checkIsoDate(text: string, flag: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || Number.isNaN(Date.parse(text))) {
    throw new UsageError('CLI_BAD_DATE_OPTION', { flag, text });
  }
  return text;
}
