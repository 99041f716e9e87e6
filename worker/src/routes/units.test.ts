import { beforeAll, describe, expect, it } from 'vitest';
import { api, login, PASSWORD, seedDemoOrg } from '../../test/helpers.ts';

beforeAll(() => seedDemoOrg());

/** A fresh login (not the helpers' cached token, which a revocation kills). */
async function signIn(username: string): Promise<Response> {
  return api('/api/auth/login', { method: 'POST', json: { username, password: PASSWORD } });
}

async function tokenOf(username: string): Promise<string> {
  const res = await signIn(username);
  expect(res.status).toBe(200);
  return ((await res.json()) as { token: string }).token;
}

const errorCode = async (res: Response) =>
  ((await res.json()) as { error: { code: string } }).error.code;

describe('units moved or removed', () => {
  it('a moved area signs in again at once, and its old sub-district no longer sees it', async () => {
    const area = await tokenOf('YP-CB-002');
    const oldParent = await tokenOf('YP-CB');
    const district = await login('YP');
    expect((await api('/api/households?unit=YP-CB-002', { token: oldParent })).status).toBe(200);

    const moved = await api('/api/units/YP-CB-002', {
      method: 'PATCH',
      token: district,
      json: { parent: 'YP-WJC' },
    });
    expect(moved.status).toBe(200);

    expect((await api('/api/auth/me', { token: area })).status).toBe(401);
    expect((await api('/api/households?unit=YP-CB-002', { token: oldParent })).status).toBe(403);
    const newParent = await tokenOf('YP-WJC');
    expect((await api('/api/households?unit=YP-CB-002', { token: newParent })).status).toBe(200);
    const again = await tokenOf('YP-CB-002');
    expect((await api('/api/auth/me', { token: again })).status).toBe(200);
  });

  it('a removed unit locks its accounts out at once and for good; its records stay', async () => {
    const area = await tokenOf('YP-YH-001');
    const district = await login('YP');
    const removed = await api('/api/units/YP-YH-001', {
      method: 'PATCH',
      token: district,
      json: { removed: true },
    });
    expect(removed.status).toBe(200);

    const me = await api('/api/auth/me', { token: area });
    expect(me.status).toBe(401);
    expect(await errorCode(me)).toBe('UNIT_REMOVED');
    const refused = await signIn('YP-YH-001');
    expect(refused.status).toBe(403);
    expect(await errorCode(refused)).toBe('UNIT_REMOVED');
    // The district still reads what the removed area recorded.
    expect((await api('/api/households?unit=YP-YH-001', { token: district })).status).toBe(200);
  });

  it('refuses to remove a unit that still has child units, naming how many', async () => {
    const district = await login('YP');
    const res = await api('/api/units/YP-KJ', {
      method: 'PATCH',
      token: district,
      json: { removed: true },
    });
    expect(res.status).toBe(409);
    const { error } = (await res.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe('UNIT_HAS_CHILDREN');
    expect(error.message).toContain('2 个下级单位');
    expect((await api('/api/auth/me', { token: await tokenOf('YP-KJ-001') })).status).toBe(200);
  });
});
