import { describe, expect, it } from 'vitest';
import { freePort } from '../scripts/local-worker.ts';
import { type Locale, message } from '../shared/i18n.ts';
import { runCli } from './run-in-process.ts';

describe('a server nobody answers at', () => {
  it.each<Locale>(['zh', 'en'])(
    'export and import say so in the --lang %s of the command, and fail',
    async (lang) => {
      const port = await freePort();
      const server = `http://127.0.0.1:${port}`;
      const signIn = ['--server', server, '--user', 'YP-CB', '--password-stdin', '--lang', lang];
      // What Node's fetch gives as the cause when nothing listens on the port.
      const reason = message(
        'CLI_UNREACHABLE',
        { server, reason: `connect ECONNREFUSED 127.0.0.1:${port}` },
        lang,
      );
      const expected = message('CLI_SIGN_IN_FAILED', { reason }, lang);
      for (const argv of [
        ['export', '--unit', 'YP-CB', ...signIn],
        ['import', 'ledger.xlsx', ...signIn],
      ]) {
        const { code, stderr } = await runCli(argv, 'a password\n');
        expect(code).not.toBe(0);
        expect(stderr).toBe(expected);
      }
    },
  );
});
