import { beforeAll, describe, expect, it } from 'vitest';
import { seedCalendar } from '../../../shared/calendar.ts';
import { type GroupBy, groupFigures, type ScoredEvaluation } from '../../../shared/scores.ts';
import { DEFAULT_SETTINGS, resolveSettings } from '../../../shared/settings.ts';
import { api, body, login, seedDemoOrg } from '../../test/helpers.ts';
import { demoCases, demoEvaluations, demoOrg, insertDemoLedgers } from '../../test/rules-data.ts';

const AS_OF = '2026-11-15';

beforeAll(async () => {
  await seedDemoOrg();
  await insertDemoLedgers();
});

/** What the shared function gives for the same records (the CLI's path). */
function pure(unit: string, by: GroupBy, period: string | null, settings = DEFAULT_SETTINGS) {
  const inScope = demoCases.filter((c) =>
    demoOrg.get(unit)?.kind === 'department'
      ? demoOrg.find(c.assignee ?? '')?.code === unit
      : demoOrg.isWithin(c.area, unit),
  );
  return groupFigures(inScope, by, {
    asOf: AS_OF,
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

  it('agrees for a sub-district, a quarter, a month and a department', async () => {
    const token = await login('YP');
    const cb = await scores(token, `unit=YP-CB&period=2026Q3&asOf=${AS_OF}&by=area`);
    expect(cb).toEqual(JSON.parse(JSON.stringify(pure('YP-CB', 'area', '2026Q3'))));
    const may = await scores(token, `unit=YP&period=2026-05&asOf=${AS_OF}&by=children`);
    expect(may).toEqual(JSON.parse(JSON.stringify(pure('YP', 'children', '2026-05'))));
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
