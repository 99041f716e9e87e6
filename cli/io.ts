/** What a CLI subcommand talks to: injected so tests run commands in-process. */
export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Reads standard input to the end (for `--password-stdin`). */
  stdin: () => Promise<string>;
}

/** A usage or file error: printed on stderr, exit code 2. */
export class UsageError extends Error {}

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
    throw new UsageError(`${flag} 应为 YYYY-MM-DD 格式的日期（收到「${text}」）`);
  }
  return text;
}
