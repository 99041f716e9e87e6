/**
 * The development server that serves the pane passes `/api` to the Worker; with the Worker down, the
 * pane is told so in its own language, with the one error shape the Worker answers in.
 */
import { describe, expect, it } from 'vitest';
import { freePort } from '../scripts/local-worker.ts';
import { startAddinServer } from '../scripts/serve-addin.ts';
import { message } from '../shared/i18n.ts';

describe('the pane server with no Worker behind it', () => {
  it('answers 502 WORKER_UNREACHABLE, in Chinese or in English as the pane asks', async () => {
    const worker = `http://127.0.0.1:${await freePort()}`;
    const server = await startAddinServer({ worker, secure: false, port: 0 });
    try {
      for (const [accept, locale] of [
        ['zh-CN', 'zh'],
        ['en', 'en'],
      ] as const) {
        const res = await fetch(`${server.url}/api/units`, {
          headers: { 'Accept-Language': accept },
        });
        expect(res.status).toBe(502);
        expect(await res.json()).toEqual({
          error: {
            code: 'WORKER_UNREACHABLE',
            message: message('WORKER_UNREACHABLE', { worker }, locale),
          },
        });
      }
      expect(message('WORKER_UNREACHABLE', { worker }, 'en')).toContain('cannot be reached');
    } finally {
      await server.close();
    }
  });
});
