import { beforeAll, describe, expect, it } from 'vitest';
import { api, body, login, seedDemoOrg, testEnv } from '../../test/helpers.ts';

beforeAll(seedDemoOrg);

const code = async (res: Response) => (await body<{ error: { code: string } }>(res)).error.code;

const accountId = async (username: string) =>
  (await testEnv.DB.prepare('SELECT id FROM accounts WHERE username = ?1')
    .bind(username)
    .first<{ id: number }>())!.id;

const create = async (as: string, username: string, unit: string) =>
  api('/api/accounts', {
    method: 'POST',
    token: await login(as),
    json: { username, unit, roles: ['clerk'], password: 'Hongqiao-2026!' },
  });

describe('account safeguards', () => {
  it('a sub-district admin cannot name an account like another unit, nor like a taken name in other case', async () => {
    const lookalike = await create('YP-CB', 'YP-WJC-001', 'YP-CB-001');
    expect(lookalike.status).toBe(409);
    expect(await code(lookalike)).toBe('USERNAME_IS_UNIT_CODE');
    const lower = await create('YP-CB', 'yp-wjc', 'YP-CB-001');
    expect(lower.status).toBe(409);
    const upper = await create('YP-CB', 'yp-cb-001', 'YP-CB-002');
    expect(upper.status).toBe(409);
    expect(await code(upper)).toBe('USERNAME_IS_UNIT_CODE');
    const sameName = await create('YP-CB', 'zhangsan', 'YP-CB-001');
    expect(sameName.status).toBe(201);
    const otherCase = await create('YP-CB', 'ZhangSan', 'YP-CB-002');
    expect(otherCase.status).toBe(409);
    expect(await code(otherCase)).toBe('USERNAME_TAKEN');
  });

  it('the district keeps an enabled admin: disabling the other admin works, then disabling itself is refused', async () => {
    const admin = await login('YP');
    const second = await api('/api/accounts', {
      method: 'POST',
      token: admin,
      json: { username: 'yp-admin2', unit: 'YP', roles: ['admin'], password: 'Hongqiao-2026!' },
    });
    expect(second.status).toBe(201);
    const other = await api(`/api/accounts/${await accountId('yp-admin2')}`, {
      method: 'PATCH',
      token: admin,
      json: { disabled: true },
    });
    expect(other.status).toBe(200);
    const self = await api(`/api/accounts/${await accountId('YP')}`, {
      method: 'PATCH',
      token: admin,
      json: { disabled: true },
    });
    expect(self.status).toBe(409);
    expect(await code(self)).toBe('LAST_ADMIN');
    const demote = await api(`/api/accounts/${await accountId('YP')}`, {
      method: 'PATCH',
      token: admin,
      json: { roles: ['reviewer'] },
    });
    expect(demote.status).toBe(409);
    // Nothing of the refused change happened: the admin still works.
    expect((await api('/api/auth/me', { token: admin })).status).toBe(200);
    const row = await testEnv.DB.prepare(
      "SELECT disabled, roles FROM accounts WHERE username = 'YP'",
    ).first<{ disabled: number; roles: string }>();
    expect(row).toEqual({ disabled: 0, roles: JSON.stringify(['reviewer', 'admin']) });
  });

  it('settings with every weight at zero are refused with 422', async () => {
    const res = await api('/api/settings', {
      method: 'PUT',
      token: await login('YP'),
      json: { weights: { response: 0, onTime: 0, satisfaction: 0 } },
    });
    expect(res.status).toBe(422);
    expect(await code(res)).toBe('ZERO_WEIGHTS');
  });
});
