import { beforeAll, describe, expect, it } from 'vitest';
import { api, body, login, seedDemoOrg } from '../../test/helpers.ts';
import { insertDemoLedgers } from '../../test/rules-data.ts';

beforeAll(async () => {
  await seedDemoOrg();
  await insertDemoLedgers();
});

describe('reports', () => {
  it('the monthly lists name categories by cases, areas and consecutive months', async () => {
    const res = await api('/api/reports/frequent?unit=YP&month=2026-11', {
      token: await login('YP'),
    });
    expect(res.status).toBe(200);
    const lists = await body<{
      frequent: { category: string; cases: number }[];
      widespread: { category: string; areas: number; overThreshold: boolean }[];
      recurring: { months: number }[];
    }>(res);
    // The demo district's last case of every area is one late 环境卫生 problem: widespread.
    expect(lists.widespread[0]).toMatchObject({ category: '环境卫生', overThreshold: true });
    expect(lists.frequent[0]!.cases).toBeGreaterThanOrEqual(lists.frequent.at(-1)!.cases);
    expect(lists.recurring[0]!.months).toBeGreaterThanOrEqual(1);
  });

  it('the supervision list holds overdue open cases and the widespread problem', async () => {
    const res = await api('/api/supervision?unit=YP&asOf=2026-11-15', { token: await login('YP') });
    expect(res.status).toBe(200);
    const list = await body<{
      overdueTotal: number;
      overdue: { caseNo: string; reason: string; daysOverdue: number; id: number }[];
      widespread: { category: string; areas: string[] }[];
    }>(res);
    expect(list.overdueTotal).toBeGreaterThan(0);
    expect(list.overdue[0]).toMatchObject({
      caseNo: expect.stringMatching(/^[A-Z]+-\d{3}-\d{3}$/),
    });
    const days = list.overdue.map((o) => o.daysOverdue);
    expect(days).toEqual([...days].sort((a, b) => b - a));
    expect(list.widespread.map((w) => w.category)).toContain('环境卫生');
  });

  it('a sub-district sees its own areas only', async () => {
    const token = await login('YP-CB');
    const own = await body<{ overdue: { unit: string }[] }>(
      await api('/api/supervision?asOf=2026-11-15', { token }),
    );
    expect(own.overdue.every((o) => o.unit.startsWith('YP-CB-'))).toBe(true);
    expect((await api('/api/supervision?unit=YP', { token })).status).toBe(403);
  });

  it('visit compliance names overdue duties per cadre and area', async () => {
    const res = await api('/api/visits/compliance?unit=YP-CB-001&asOf=2026-11-15', {
      token: await login('YP-CB-001'),
    });
    expect(res.status).toBe(200);
    const result = await body<{
      duties: { area: string; duty: string; overdue: boolean }[];
      byCadre: { key: string; rate: number }[];
      byArea: { key: string }[];
    }>(res);
    expect(result.byArea.map((a) => a.key)).toEqual(['YP-CB-001']);
    expect(result.byCadre.length).toBeGreaterThan(0);
    expect(new Set(result.duties.map((d) => d.duty))).toEqual(
      new Set(['COMMITTEE', 'POLICY', 'NEEDY', 'MODEL']),
    );
    expect(result.duties.some((d) => d.overdue)).toBe(true);
  });
});
