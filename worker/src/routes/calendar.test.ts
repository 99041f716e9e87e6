import { beforeAll, describe, expect, it } from 'vitest';
import { api, body, login, seedDemoOrg } from '../../test/helpers.ts';

beforeAll(seedDemoOrg);

describe('calendar and settings', () => {
  it('the calendar is seeded with the official 2026 schedule', async () => {
    const res = await api('/api/calendar?year=2026', { token: await login('YP-CB-001') });
    expect(res.status).toBe(200);
    const calendar = await body<{
      holidays: { date: string }[];
      workdays: { date: string; name: string }[];
    }>(res);
    expect(calendar.holidays).toHaveLength(33);
    expect(calendar.workdays).toHaveLength(6);
    expect(calendar.workdays[0]).toEqual({ date: '2026-01-04', name: '元旦' });
  });

  it('a district admin imports a year; others may not', async () => {
    const year2027 = {
      years: [2027],
      holidays: [{ date: '2027-01-01', name: '元旦' }],
      workdays: [{ date: '2027-01-02', name: '元旦' }],
    };
    const clerk = await api('/api/calendar', {
      method: 'PUT',
      token: await login('YP-CB'),
      json: year2027,
    });
    expect(clerk.status).toBe(403);
    const token = await login('YP');
    const put = await api('/api/calendar', { method: 'PUT', token, json: year2027 });
    expect(put.status).toBe(200);
    const got = await body(await api('/api/calendar?year=2027', { token }));
    expect(got).toMatchObject({
      holidays: [{ date: '2027-01-01' }],
      workdays: [{ date: '2027-01-02' }],
    });
    // 2026 is untouched.
    const y2026 = await body<{ holidays: unknown[] }>(
      await api('/api/calendar?year=2026', { token }),
    );
    expect(y2026.holidays).toHaveLength(33);
  });

  it('refuses a day outside the imported years, a day listed twice, a date that is not one', async () => {
    const token = await login('YP');
    const put = (json: unknown) => api('/api/calendar', { method: 'PUT', token, json });
    expect(
      (await put({ years: [2027], holidays: [{ date: '2028-01-01' }], workdays: [] })).status,
    ).toBe(400);
    const twice = {
      years: [2027],
      holidays: [{ date: '2027-01-01' }],
      workdays: [{ date: '2027-01-01' }],
    };
    expect((await put(twice)).status).toBe(400);
    expect(
      (await put({ years: [2027], holidays: [{ date: '2027-02-30' }], workdays: [] })).status,
    ).toBe(400);
  });

  it('settings: defaults for everyone, a partial patch by the district admin', async () => {
    const read = await body(await api('/api/settings', { token: await login('YP-CB-001') }));
    expect(read).toMatchObject({
      district: 'YP',
      settings: { dayMode: 'calendar', replyDays: 7, resolveDays: 30 },
    });
    const denied = await api('/api/settings', {
      method: 'PUT',
      token: await login('YP-CB'),
      json: { replyDays: 5 },
    });
    expect(denied.status).toBe(403);
    const token = await login('YP');
    const put = await api('/api/settings', { method: 'PUT', token, json: { replyDays: 5 } });
    expect(await body(put)).toMatchObject({ settings: { replyDays: 5, resolveDays: 30 } });
    const bad = await api('/api/settings', { method: 'PUT', token, json: { replyDays: 0 } });
    expect(bad.status).toBe(400);
    expect(await body(bad)).toMatchObject({ error: { code: 'INVALID_REQUEST' } });
  });
});
