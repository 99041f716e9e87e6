import { describe, expect, it } from 'vitest';
import {
  api,
  body,
  DEMO_ORG_CSV,
  DEMO_UNITS,
  login,
  PASSWORD,
  testEnv,
} from '../../test/helpers.ts';
import { app } from '../app.ts';

describe('bootstrap', () => {
  it('is closed unless ALLOW_BOOTSTRAP is set', async () => {
    const res = await app.request(
      'http://localhost/api/admin/bootstrap',
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ orgCsv: DEMO_ORG_CSV, password: PASSWORD }),
      },
      { ...testEnv, ALLOW_BOOTSTRAP: undefined },
    );
    expect(res.status).toBe(403);
  });

  it('is decided by configuration alone: a Host header of localhost does not open it', async () => {
    const res = await app.request(
      'http://localhost/api/admin/bootstrap',
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Host: 'localhost' },
        body: JSON.stringify({ orgCsv: DEMO_ORG_CSV, password: PASSWORD }),
      },
      { ...testEnv, ALLOW_BOOTSTRAP: 'false' },
    );
    expect(res.status).toBe(403);
  });

  it('creates the org and one account per unit with its own salt, once', async () => {
    const json = { orgCsv: DEMO_ORG_CSV, password: PASSWORD };
    const res = await api('/api/admin/bootstrap', { method: 'POST', json });
    expect(res.status).toBe(201);
    expect(await body(res)).toEqual({ units: DEMO_UNITS.length, accounts: DEMO_UNITS.length });
    const salts = await testEnv.DB.prepare('SELECT count(DISTINCT salt) AS n FROM accounts').first<{
      n: number;
    }>();
    expect(salts?.n).toBe(DEMO_UNITS.length);
    const roles = await testEnv.DB.prepare(
      "SELECT username, roles FROM accounts WHERE username IN ('YP', 'YP-CB', 'YP-CB-001', 'YP-D-RS') ORDER BY username",
    ).all<{ username: string; roles: string }>();
    expect(roles.results.map((r) => [r.username, JSON.parse(r.roles)])).toEqual([
      ['YP', ['reviewer', 'admin']],
      ['YP-CB', ['reviewer', 'admin']],
      ['YP-CB-001', ['clerk']],
      ['YP-D-RS', ['reviewer']],
    ]);
    const signedIn = await api('/api/auth/login', {
      method: 'POST',
      json: { username: 'YP-CB-001', password: PASSWORD },
    });
    expect(signedIn.status).toBe(200);
    expect((await api('/api/admin/bootstrap', { method: 'POST', json })).status).toBe(409);
  });
});

describe('errors', () => {
  it('malformed JSON is a 400 in the one error shape', async () => {
    const res = await api('/api/auth/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"username": ',
    });
    expect(res.status).toBe(400);
    expect((await body<{ error: { code: string } }>(res)).error.code).toBe('MALFORMED_JSON');
  });

  it('a body of the wrong shape is a 400 naming the field', async () => {
    const res = await api('/api/auth/login', { method: 'POST', json: { username: 'YP' } });
    expect(res.status).toBe(400);
    const error = (await body<{ error: { code: string; message: string } }>(res)).error;
    expect(error.code).toBe('INVALID_REQUEST');
    expect(error.message).toContain('password');
  });

  it('an unknown path is a 404 in the one error shape', async () => {
    const res = await api('/api/nothing-here');
    expect(res.status).toBe(404);
    expect((await body<{ error: { code: string } }>(res)).error.code).toBe('NOT_FOUND');
  });

  it('a body over the limit is a 413', async () => {
    const res = await api('/api/auth/login', {
      method: 'POST',
      json: { username: 'YP', password: 'x'.repeat(3 * 1024 * 1024) },
    });
    expect(res.status).toBe(413);
    expect((await body<{ error: { code: string } }>(res)).error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('health answers without login, saying only that it is up', async () => {
    const res = await api('/api/health');
    expect(res.status).toBe(200);
    expect(await body(res)).toEqual({ ok: true });
  });

  it('every answer, an error too, is not to be stored nor sniffed', async () => {
    for (const res of [
      await api('/api/health'),
      await api('/api/cases'),
      await api('/api/cases', { token: await login('YP-CB-001') }),
      await api('/api/nowhere'),
    ]) {
      expect(res.headers.get('Cache-Control')).toBe('no-store');
      expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff');
    }
  });
});
