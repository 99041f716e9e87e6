import { beforeAll, describe, expect, it } from 'vitest';
import { seedCalendar, shiftDays } from '../../../shared/calendar.ts';
import type { CaseEvent } from '../../../shared/escalation.ts';
import { type GroupBy, groupFigures, type ScoredEvaluation } from '../../../shared/scores.ts';
import { DEFAULT_SETTINGS, resolveSettings } from '../../../shared/settings.ts';
import { api, body, login, seedDemoOrg, testEnv } from '../../test/helpers.ts';
import { demoCases, demoEvaluations, demoOrg, insertDemoLedgers } from '../../test/rules-data.ts';

const AS_OF = '2026-11-15';

beforeAll(async () => {
  await seedDemoOrg();
  await insertDemoLedgers();
});

/** Stored steps of a few cases (as edits leave them), by case number: see the test below. */
const steppedCases = new Map<string, CaseEvent[]>();

/** What the shared function gives for the same records (the CLI's path). */
function pure(
  unit: string,
  by: GroupBy,
  period: string | null,
  settings = DEFAULT_SETTINGS,
  asOf = AS_OF,
) {
  const inScope = demoCases
    .map((c) => (steppedCases.has(c.caseNo) ? { ...c, events: steppedCases.get(c.caseNo) } : c))
    .filter((c) =>
      demoOrg.get(unit)?.kind === 'department'
        ? demoOrg.find(c.assignee ?? '')?.code === unit
        : demoOrg.isWithin(c.area, unit),
    );
  return groupFigures(inScope, by, {
    asOf,
    settings,
    calendar: seedCalendar(),
    period,
    org: demoOrg,
    unit,
    evaluations: demoEvaluations as unknown as ScoredEvaluation[],
  });
}

async function scores(token: string, query: string) {
  const res = await api(`/api/scores?${query}`, { token });
  expect(res.status).toBe(200);
  return body(res);
}

describe('GET /api/scores', () => {
  it('gives by SQL exactly the figures the shared function computes, for every grouping', async () => {
    const token = await login('YP');
    for (const by of ['children', 'area', 'department', 'cadre'] as const) {
      const sql = await scores(token, `unit=YP&period=2026&asOf=${AS_OF}&by=${by}`);
      expect(sql).toEqual(JSON.parse(JSON.stringify(pure('YP', by, '2026'))));
    }
  });

  it('counts a case with stored steps by its whole history, as the shared function does', async () => {
    // A case resolved on time by its record, whose history says: resolved late, rated 不满意,
    // resolved again within the new date — still late.
    const record = demoCases.find(
      (c) => c.resolvedOn !== null && c.receivedOn < '2026-06-01' && c.resolvedOn < '2026-06-15',
    )!;
    const lateOn = shiftDays(record.receivedOn, 45);
    const steps: CaseEvent[] = [
      { on: lateOn, type: 'resolved' },
      { on: shiftDays(lateOn, 2), type: 'rated', satisfaction: '不满意' },
      { on: shiftDays(lateOn, 10), type: 'resolved' },
    ];
    const token = await login('YP');
    const before = await scores(token, `unit=YP&period=2026&asOf=${AS_OF}&by=children`);
    const { id } = (await testEnv.DB.prepare(
      'SELECT id FROM cases WHERE case_no = ?1 AND unit = ?2',
    )
      .bind(record.caseNo, record.unit)
      .first<{ id: number }>())!;
    await testEnv.DB.batch([
      ...steps.map((step) =>
        testEnv.DB.prepare(
          `INSERT INTO case_events (case_id, at, kind, reason, actor, after, created_at)
           VALUES (?1, ?2, ?3, '', 'test', ?4, ?2)`,
        ).bind(id, step.on, step.type, JSON.stringify({ satisfaction: step.satisfaction ?? null })),
      ),
      testEnv.DB.prepare('UPDATE cases SET stepped = 1 WHERE id = ?1').bind(id),
    ]);
    steppedCases.set(record.caseNo, steps);
    const after = await scores(token, `unit=YP&period=2026&asOf=${AS_OF}&by=children`);
    expect(after).toEqual(JSON.parse(JSON.stringify(pure('YP', 'children', '2026'))));
    expect(after).not.toEqual(before);
  });

  it('agrees for a sub-district, a quarter, a month and a department', async () => {
    const token = await login('YP');
    const cb = await scores(token, `unit=YP-CB&period=2026Q3&asOf=${AS_OF}&by=area`);
    expect(cb).toEqual(JSON.parse(JSON.stringify(pure('YP-CB', 'area', '2026Q3'))));
    const may = await scores(token, `unit=YP&period=2026-05&asOf=${AS_OF}&by=children`);
    expect(may).toEqual(JSON.parse(JSON.stringify(pure('YP', 'children', '2026-05'))));
    // Mid-year: ratings dated after the as-of date, 不满意 cases before their new due date.
    const midYear = await scores(token, `unit=YP&period=2026&asOf=2026-06-30&by=area`);
    expect(midYear).toEqual(
      JSON.parse(JSON.stringify(pure('YP', 'area', '2026', DEFAULT_SETTINGS, '2026-06-30'))),
    );
    const department = await scores(token, `unit=YP-D-FG&asOf=${AS_OF}&by=cadre`);
    expect(department).toEqual(JSON.parse(JSON.stringify(pure('YP-D-FG', 'cadre', null))));
  });

  it('has figures with data: the demo district is not empty', async () => {
    const result = await scores(await login('YP'), `unit=YP&period=2026&asOf=${AS_OF}`);
    const total = result.total as Record<string, unknown>;
    expect(total.intake).toBe(demoCases.length);
    expect(total.composite).toEqual(expect.any(Number));
    expect((result.groups as unknown[]).length).toBeGreaterThan(5);
  });

  it('follows a change of settings: working days and 基本满意 at 0.9', async () => {
    const token = await login('YP');
    const patch = { dayMode: 'working', basicSatisfiedWeight: 0.9 };
    const put = await api('/api/settings', { method: 'PUT', token, json: patch });
    expect(put.status).toBe(200);
    const sql = await scores(token, `unit=YP&period=2026&asOf=${AS_OF}&by=children`);
    const expected = pure('YP', 'children', '2026', resolveSettings(patch));
    expect(sql).toEqual(JSON.parse(JSON.stringify(expected)));
    expect(sql).not.toEqual(JSON.parse(JSON.stringify(pure('YP', 'children', '2026'))));
    await api('/api/settings', {
      method: 'PUT',
      token,
      json: { dayMode: 'calendar', basicSatisfiedWeight: 1 },
    });
  });

  it('refuses a unit outside the account’s subtree and a bad period', async () => {
    const token = await login('YP-CB');
    expect((await api('/api/scores?unit=YP-WJC', { token })).status).toBe(403);
    expect((await api('/api/scores?unit=YP-CB&period=2026Q5', { token })).status).toBe(400);
    expect((await api('/api/scores?unit=NOPE', { token })).status).toBe(404);
  });
});
