import { beforeAll, describe, expect, it } from 'vitest';
import { api, body, login, seedDemoOrg } from '../test/helpers.ts';

beforeAll(seedDemoOrg);

describe('request bodies', () => {
  it('a JSON body sent as text/plain or without a content type is a 415 saying it must be JSON', async () => {
    const token = await login('YP-CB');
    for (const headers of [{ 'Content-Type': 'text/plain' }, {}] as Record<string, string>[]) {
      const res = await api('/api/auth/password', {
        method: 'POST',
        token,
        headers,
        body: JSON.stringify({ oldPassword: 'x', newPassword: 'y' }),
      });
      expect(res.status).toBe(415);
      const { error } = await body<{ error: { code: string; message: string } }>(res);
      expect(error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
      expect(error.message).toContain('JSON');
    }
  });

  it('a request without a body is read as an empty object and judged by its schema', async () => {
    const res = await api('/api/auth/login', { method: 'POST' });
    expect(res.status).toBe(400);
    expect((await body<{ error: { code: string } }>(res)).error.code).toBe('INVALID_REQUEST');
  });
});
