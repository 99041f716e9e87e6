import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { freePort } from '../scripts/local-worker.ts';
import { type Locale, message } from '../shared/i18n.ts';
import { Api } from './api.ts';
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

describe('a server that fails after signing in', () => {
  it.each<Locale>(['zh', 'en'])(
    'export says what the server answered, in --lang %s, and fails without a stack trace',
    async (lang) => {
      const refusal = {
        code: 'INTERNAL',
        message: lang === 'zh' ? '服务器内部错误' : 'Internal error',
      };
      const server = createServer((req, res) => {
        res.setHeader('content-type', 'application/json');
        if (req.url === '/api/auth/login') {
          res.end(JSON.stringify({ token: 't', user: { username: 'YP-CB', unit: 'YP-CB' } }));
        } else {
          res.statusCode = 500;
          res.end(JSON.stringify({ error: refusal }));
        }
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      try {
        const { port } = server.address() as AddressInfo;
        const out = mkdtempSync(path.join(tmpdir(), 'minqing-export-'));
        const argv = ['export', '--unit', 'YP-CB', '--out', out, '--server'];
        const signIn = [`http://127.0.0.1:${port}`, '--user', 'YP-CB', '--password-stdin'];
        const { code, stderr } = await runCli([...argv, ...signIn, '--lang', lang], 'pw\n');
        expect(code).toBe(1);
        expect(stderr).toBe(
          message(
            'CLI_SERVER_REFUSED',
            { status: 500, code: refusal.code, reason: refusal.message },
            lang,
          ),
        );
        rmSync(out, { recursive: true, force: true });
      } finally {
        server.close();
      }
    },
  );
});

describe('a ledger the CLI submits', () => {
  it('travels gzipped, and inflates to the JSON of the ledger', async () => {
    const seen: { encoding?: string; bytes: number; json: unknown }[] = [];
    const server = createServer((req, res) => {
      const parts: Buffer[] = [];
      req.on('data', (part: Buffer) => parts.push(part));
      req.on('end', () => {
        const sent = Buffer.concat(parts);
        seen.push({
          encoding: req.headers['content-encoding'],
          bytes: sent.byteLength,
          json: JSON.parse(gunzipSync(sent).toString('utf8')),
        });
        res.setHeader('content-type', 'application/json');
        res.statusCode = 201;
        res.end(JSON.stringify({ id: 's', version: 1 }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const rows = Array.from({ length: 500 }, (_, i) => ({
        row: i + 3,
        values: { caseNo: `C-${i}`, summary: '垃圾箱房异味严重，希望尽快处理' },
      }));
      const ledger = { kind: 'case' as const, unit: 'YP-CB-001', period: '2026', rows };
      await new Api(`http://127.0.0.1:${port}`).submit(ledger, 'key-1');
      expect(seen).toHaveLength(1);
      expect(seen[0]!.encoding).toBe('gzip');
      expect(seen[0]!.json).toEqual(ledger);
      expect(seen[0]!.bytes).toBeLessThan(JSON.stringify(ledger).length / 5);
    } finally {
      server.close();
    }
  });
});
