import { beforeAll, describe, expect, it } from 'vitest';
import { api, body, PASSWORD, seedDemoOrg, testEnv } from '../../test/helpers.ts';
import { app } from '../app.ts';
import {
  ACCOUNT_MAX_FAILURES,
  ACCOUNT_SLOW_ADDRESSES,
  ADDRESS_SLOW_FAILURES,
  SLOW_STEP_MS,
} from '../lockout.ts';

const loginAs = (username: string, password: string, address?: string) =>
  api('/api/auth/login', {
    method: 'POST',
    json: { username, password },
    headers: address ? { 'CF-Connecting-IP': address } : {},
  });

async function tokenOf(username: string, address = '10.0.0.1'): Promise<string> {
  const res = await loginAs(username, PASSWORD, address);
  expect(res.status).toBe(200);
  return (await body<{ token: string }>(res)).token;
}

beforeAll(() => seedDemoOrg());

describe('login', () => {
  it('returns a token and the user with unit and roles', async () => {
    const res = await loginAs('YP-CB-001', PASSWORD);
    expect(res.status).toBe(200);
    const json = await body<{ token: string; user: Record<string, unknown> }>(res);
    expect(json.token).toMatch(/^[0-9a-f]{64}$/);
    expect(json.user).toMatchObject({
      username: 'YP-CB-001',
      unit: 'YP-CB-001',
      unitName: '长白一村居民区',
      unitKind: 'residential',
      roles: ['clerk'],
    });
    const me = await api('/api/auth/me', { token: json.token });
    expect(me.status).toBe(200);
    expect((await body<{ user: { username: string } }>(me)).user.username).toBe('YP-CB-001');
  });

  it('stores only the hash of a token, never the token itself', async () => {
    const token = await tokenOf('YP-CB');
    const hit = await testEnv.DB.prepare('SELECT count(*) AS n FROM sessions WHERE token_hash = ?1')
      .bind(token)
      .first<{ n: number }>();
    expect(hit?.n).toBe(0);
  });

  it('refuses a wrong password and an unknown user alike', async () => {
    const wrong = await loginAs('YP-WJC', 'not-the-password', '10.0.0.2');
    const unknown = await loginAs('NOBODY', 'not-the-password', '10.0.0.2');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(await body(wrong)).toEqual(await body(unknown));
  });

  it('locks an account from the address its wrong passwords came from, and says until when', async () => {
    for (let i = 1; i < ACCOUNT_MAX_FAILURES; i++) {
      expect((await loginAs('YP-YH-001', 'wrong-password', '10.1.0.1')).status).toBe(401);
    }
    const locking = await loginAs('YP-YH-001', 'wrong-password', '10.1.0.1');
    expect(locking.status).toBe(429);
    const error = (await body<{ error: { code: string; message: string } }>(locking)).error;
    expect(error.code).toBe('ACCOUNT_LOCKED');
    expect(error.message).toMatch(/锁定至 \d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
    // Even the right password waits there until the lock ends …
    expect((await loginAs('YP-YH-001', PASSWORD, '10.1.0.1')).status).toBe(429);
    // … but the account's holder, signing in from elsewhere, is not locked out by it.
    expect((await loginAs('YP-YH-001', PASSWORD, '10.1.0.2')).status).toBe(200);
  });

  it('an account failing from many addresses is slowed, not locked', async () => {
    for (let i = 0; i <= ACCOUNT_SLOW_ADDRESSES; i++) {
      expect((await loginAs('YP-JP-001', 'wrong-password', `10.6.0.${i}`)).status).toBe(401);
    }
    const started = Date.now();
    expect((await loginAs('YP-JP-001', PASSWORD, '10.6.1.1')).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(SLOW_STEP_MS);
  });

  it('an address with many failures (an office behind one address) is slowed, its colleagues not locked out', async () => {
    for (let i = 0; i <= ADDRESS_SLOW_FAILURES; i++) {
      await loginAs(`NOBODY-${i}`, 'wrong-password', '192.0.2.7');
    }
    const started = Date.now();
    expect((await loginAs('YP-KJ', PASSWORD, '192.0.2.7')).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(SLOW_STEP_MS);
    const elsewhere = Date.now();
    expect((await loginAs('YP-KJ', PASSWORD, '192.0.2.8')).status).toBe(200);
    expect(Date.now() - elsewhere).toBeLessThan(SLOW_STEP_MS);
  });

  it('trusts CF-Connecting-IP only on a Worker deployed to Cloudflare: elsewhere a client cannot rotate it', async () => {
    const local = { ...testEnv, DEPLOYMENT: undefined };
    const attempt = (address: string, password = 'wrong-password') =>
      app.request(
        'http://localhost/api/auth/login',
        {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'CF-Connecting-IP': address },
          body: JSON.stringify({ username: 'YP-JP-002', password }),
        },
        local,
      );
    const statuses: number[] = [];
    for (let i = 0; i < ACCOUNT_MAX_FAILURES + 1; i++)
      statuses.push((await attempt(`10.7.0.${i}`)).status);
    expect(statuses.at(-2)).toBe(429);
    expect(statuses.at(-1)).toBe(429);
  });

  it('hashes passwords with PBKDF2 at 100,000 iterations or more', async () => {
    const row = await testEnv.DB.prepare(
      "SELECT iterations, length(hash) AS bits FROM accounts WHERE username = 'YP'",
    ).first<{ iterations: number; bits: number }>();
    expect(row?.iterations).toBeGreaterThanOrEqual(100_000);
    expect(row?.bits).toBe(64);
  });
});

describe('sessions', () => {
  it('logout revokes the token', async () => {
    const token = await tokenOf('YP-DQ');
    expect((await api('/api/auth/logout', { method: 'POST', token })).status).toBe(200);
    const me = await api('/api/auth/me', { token });
    expect(me.status).toBe(401);
    expect((await body<{ error: { code: string } }>(me)).error.code).toBe('UNAUTHENTICATED');
  });

  it('an expired token is refused', async () => {
    const token = await tokenOf('YP-JP');
    await testEnv.DB.prepare("UPDATE sessions SET expires_at = '2000-01-01T00:00:00.000Z'").run();
    const me = await api('/api/auth/me', { token });
    expect(me.status).toBe(401);
    expect((await body<{ error: { code: string } }>(me)).error.code).toBe('SESSION_EXPIRED');
  });

  it('a password change revokes every older token and the new password works', async () => {
    const first = await tokenOf('YP-DQ-001');
    const second = await tokenOf('YP-DQ-001');
    const res = await api('/api/auth/password', {
      method: 'POST',
      token: first,
      json: { oldPassword: PASSWORD, newPassword: 'a-new-secret-1' },
    });
    expect(res.status).toBe(200);
    const fresh = (await body<{ token: string }>(res)).token;
    expect((await api('/api/auth/me', { token: first })).status).toBe(401);
    expect((await api('/api/auth/me', { token: second })).status).toBe(401);
    expect((await api('/api/auth/me', { token: fresh })).status).toBe(200);
    expect((await loginAs('YP-DQ-001', PASSWORD, '10.2.0.1')).status).toBe(401);
    expect((await loginAs('YP-DQ-001', 'a-new-secret-1', '10.2.0.1')).status).toBe(200);
  });

  it('an admin disabling an account revokes its tokens', async () => {
    const clerk = await tokenOf('YP-DQ-002');
    const admin = await tokenOf('YP');
    const list = await api('/api/accounts?unit=YP-DQ-002', { token: admin });
    const [account] = (await body<{ accounts: { id: number }[] }>(list)).accounts;
    const res = await api(`/api/accounts/${account!.id}`, {
      method: 'PATCH',
      token: admin,
      json: { disabled: true },
    });
    expect(res.status).toBe(200);
    expect((await api('/api/auth/me', { token: clerk })).status).toBe(401);
    expect((await loginAs('YP-DQ-002', PASSWORD, '10.3.0.1')).status).toBe(403);
  });

  it('a request without a token is 401 in the one error shape, in Chinese or English', async () => {
    const zh = await api('/api/units');
    expect(zh.status).toBe(401);
    expect(await body(zh)).toEqual({ error: { code: 'UNAUTHENTICATED', message: '请先登录' } });
    const en = await api('/api/units?lang=en');
    expect((await body<{ error: { message: string } }>(en)).error.message).toBe('Please log in');
  });
});

describe('passwords', () => {
  const change = (token: string, oldPassword: string, newPassword: string) =>
    api('/api/auth/password', { method: 'POST', token, json: { oldPassword, newPassword } });
  const code = async (res: Response) => (await body<{ error: { code: string } }>(res)).error.code;

  it('wrong old passwords on a change count toward the lock: the fifth locks the account', async () => {
    const token = await tokenOf('YP-YH-002');
    for (let i = 1; i < ACCOUNT_MAX_FAILURES; i++) {
      expect((await change(token, `guess-${i}`, 'Hongqiao-2026')).status).toBe(401);
    }
    const locking = await change(token, 'guess-5', 'Hongqiao-2026');
    expect(locking.status).toBe(429);
    expect(await code(locking)).toBe('ACCOUNT_LOCKED');
    // Locked: even the right old password waits.
    expect((await change(token, PASSWORD, 'Hongqiao-2026')).status).toBe(429);
  });

  it('a new password follows the policy: length, three classes, not the username, no default', async () => {
    const token = await tokenOf('YP-YH-003');
    const cases: [string, string][] = [
      ['Short-1', 'PASSWORD_TOO_SHORT'],
      ['hongqiaolu2026', 'PASSWORD_TOO_SIMPLE'],
      ['yp-yh-003-Secret', 'PASSWORD_HAS_USERNAME'],
      ['Minqing-Demo-2026', 'PASSWORD_KNOWN_DEFAULT'],
      [PASSWORD, 'PASSWORD_UNCHANGED'],
    ];
    for (const [password, expected] of cases) {
      const res = await change(token, PASSWORD, password);
      expect(res.status, password).toBe(422);
      expect(await code(res)).toBe(expected);
    }
    expect((await change(token, PASSWORD, 'Hongqiao-2026')).status).toBe(200);
  });

  it('an account an admin creates must change its initial password at the first sign-in', async () => {
    const admin = await tokenOf('YP');
    const weak = await api('/api/accounts', {
      method: 'POST',
      token: admin,
      json: { username: 'wang.li', unit: 'YP-KJ', roles: ['reviewer'], password: 'wangli123' },
    });
    expect(weak.status).toBe(422);
    const created = await api('/api/accounts', {
      method: 'POST',
      token: admin,
      json: { username: 'wang.li', unit: 'YP-KJ', roles: ['reviewer'], password: 'Chushi#2026' },
    });
    expect(created.status).toBe(201);
    const first = await loginAs('wang.li', 'Chushi#2026', '10.4.0.1');
    const { token, mustChangePassword } = await body<{
      token: string;
      mustChangePassword: boolean;
    }>(first);
    expect(mustChangePassword).toBe(true);
    const blocked = await api('/api/units', { token });
    expect(blocked.status).toBe(403);
    expect(await code(blocked)).toBe('PASSWORD_CHANGE_REQUIRED');
    const changed = await change(token, 'Chushi#2026', 'Xinmima#2026');
    expect(changed.status).toBe(200);
    const fresh = (await body<{ token: string }>(changed)).token;
    expect((await api('/api/units', { token: fresh })).status).toBe(200);
    const again = await body<{ mustChangePassword: boolean }>(
      await loginAs('wang.li', 'Xinmima#2026', '10.4.0.1'),
    );
    expect(again.mustChangePassword).toBe(false);
  });

  it('a password older than the district maximum (90 days by default) must be changed; the demo seed is exempt', async () => {
    const old = new Date(Date.now() - 91 * 86_400_000).toISOString();
    await testEnv.DB.prepare(
      "UPDATE accounts SET password_changed_at = ?1 WHERE username IN ('YP-KJ-001', 'YP-KJ-002')",
    )
      .bind(old)
      .run();
    await testEnv.DB.prepare(
      "UPDATE accounts SET password_exempt = 1 WHERE username = 'YP-KJ-002'",
    ).run();
    const expired = await body<{ mustChangePassword: boolean }>(
      await loginAs('YP-KJ-001', PASSWORD, '10.5.0.1'),
    );
    expect(expired.mustChangePassword).toBe(true);
    const exempt = await body<{ mustChangePassword: boolean }>(
      await loginAs('YP-KJ-002', PASSWORD, '10.5.0.1'),
    );
    expect(exempt.mustChangePassword).toBe(false);
  });
});
