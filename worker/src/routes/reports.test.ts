import { beforeAll, describe, expect, it } from 'vitest';
import { visitCoverage } from '../../../shared/coverage.ts';
import { api, body, login, seedDemoOrg, testEnv } from '../../test/helpers.ts';
import {
  demoCadres,
  demoHouseholds,
  demoVisits,
  insertDemoLedgers,
} from '../../test/rules-data.ts';

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

  it('the supervision list and the sweep agree on every listed case, repeats included', async () => {
    // A reporter whose two earlier cases are closed, and a third of the same category still open:
    // rule 5 makes the third start at 街道 — the list must see the closed ones too.
    const db = testEnv.DB;
    const insert = (
      caseNo: string,
      receivedOn: string,
      resolvedOn: string | null,
      repliedOn?: string,
    ) =>
      db
        .prepare(
          `INSERT INTO cases (unit, area, owner_unit, natural_key, period, case_no, received_on,
             reporter_name, reporter_phone, category, summary, first_receiver, status, resolved_on,
             result, replied_on, data, submission_id, created_at, updated_at)
           VALUES ('YP-CB-001', 'YP-CB-001', 'YP-CB-001', ?1, '2026', ?1, ?2, '王', '13912340000',
             '城市管理', '占道经营', '李', ?3, ?4, ?5, ?6, '{}', 'test', ?2, ?2)`,
        )
        .bind(
          caseNo,
          receivedOn,
          resolvedOn ? '已办结' : '已答复',
          resolvedOn,
          resolvedOn && '已处理',
          repliedOn ?? null,
        );
    await db.batch([
      insert('RPT-1', '2026-08-01', '2026-08-05'),
      insert('RPT-2', '2026-08-20', '2026-08-25'),
      // Replied in time, overdue for resolution since 11-01.
      insert('RPT-3', '2026-10-01', null, '2026-10-03'),
    ]);
    const token = await login('YP');
    await api('/api/sweep', { method: 'POST', token, json: { date: '2026-11-15' } });
    const list = await body<{ overdue: { id: number; caseNo: string; level: number }[] }>(
      await api('/api/supervision?unit=YP&asOf=2026-11-15&limit=5000', { token }),
    );
    const { results } = await db
      .prepare('SELECT id, level FROM case_rows')
      .all<{ id: number; level: number }>();
    const stored = new Map(results.map((r) => [r.id, r.level]));
    expect(list.overdue.length).toBeGreaterThan(0);
    expect(list.overdue.filter((item) => item.level !== stored.get(item.id))).toEqual([]);
    const repeat = list.overdue.find((item) => item.caseNo === 'RPT-3')!;
    // Received at 居民区, a repeat starts at 街道; overdue, it climbs once more, to 区.
    expect(repeat.level).toBe(2);
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

  it('visit compliance adds the coverage per calendar period, as the shared function computes it', async () => {
    const res = await api('/api/visits/compliance?unit=YP-CB-001&asOf=2026-11-15', {
      token: await login('YP-CB-001'),
    });
    const result = await body<{ period: string; coverage: ReturnType<typeof visitCoverage> }>(res);
    expect(result.period).toBe('2026');
    const own = <T extends { area?: unknown; unit: unknown }>(rows: T[]) =>
      rows.filter((r) => (r.area ?? r.unit) === 'YP-CB-001') as never[];
    const expected = visitCoverage(own(demoVisits), own(demoHouseholds), {
      period: '2026',
      asOf: '2026-11-15',
      cadres: (demoCadres as { name: string; contactArea: string | null }[]).filter(
        (c) => c.contactArea === 'YP-CB-001',
      ),
    });
    expect(result.coverage).toEqual(expected);
    // The area's contact cadres of the register are held to it, visits or not.
    const contacts = (demoCadres as { name: string; contactArea: string | null }[])
      .filter((c) => c.contactArea === 'YP-CB-001')
      .map((c) => c.name);
    for (const name of contacts) {
      expect(result.coverage.byCadre.find((c) => c.cadre === name)?.areas).toEqual(['YP-CB-001']);
    }
    // By 15 November ten months and three quarters have ended.
    expect(result.coverage.byArea[0]!.duties.COMMITTEE.due).toBe(10);
    expect(result.coverage.byArea[0]!.duties.POLICY.due).toBe(3);
  });
});
