import { beforeAll, describe, expect, it } from 'vitest';
import { assessmentRoll, type Roll, type RollData } from '../../../shared/assessment.ts';
import { seedCalendar } from '../../../shared/calendar.ts';
import { DEFAULT_SETTINGS } from '../../../shared/settings.ts';
import { defaultYearSettings, resolveYearSettings } from '../../../shared/year-settings.ts';
import { api, body, login, seedDemoOrg } from '../../test/helpers.ts';
import {
  demoCadres,
  demoCases,
  demoEvaluations,
  demoHouseholds,
  demoOrg,
  demoVisits,
  insertDemoLedgers,
} from '../../test/rules-data.ts';

beforeAll(async () => {
  await seedDemoOrg();
  await insertDemoLedgers();
});

const AS_OF = '2026-11-15';
const data = {
  cases: demoCases,
  evaluations: demoEvaluations,
  visits: demoVisits,
  households: demoHouseholds,
  cadres: demoCadres,
} as unknown as RollData;

/** The roll the shared function gives on the demo records, under the year's settings. */
const expected = (of: Roll['of'], unit = 'YP', year = defaultYearSettings(DEFAULT_SETTINGS)) =>
  assessmentRoll(data, {
    year: 2026,
    of,
    unit,
    asOf: AS_OF,
    org: demoOrg,
    settings: DEFAULT_SETTINGS,
    yearSettings: () => year,
    calendar: seedCalendar(),
  }).roll;

const roll = async (query: string, as = 'YP') => {
  const res = await api(`/api/assessment?${query}`, { token: await login(as) });
  expect(res.status).toBe(200);
  return body<Roll>(res);
};

describe('GET /api/assessment', () => {
  it.each(['units', 'departments', 'cadres'] as const)(
    'gives the roll of %s the shared function computes from the same records',
    async (of) => {
      const result = await roll(`unit=YP&year=2026&of=${of}&asOf=${AS_OF}`);
      expect(result).toEqual(expected(of));
      expect(result.rows.length).toBeGreaterThan(0);
    },
  );

  it('a sub-district reads the roll of its own areas and cadres', async () => {
    const result = await roll(`unit=YP-CB&year=2026&of=units&asOf=${AS_OF}`, 'YP-CB');
    expect(result).toEqual(expected('units', 'YP-CB'));
    expect(new Set(result.rows.map((r) => r.peerGroup))).toEqual(
      new Set(['sub-district', 'area:YP-CB']),
    );
  });

  it("grades under the year's own settings once the district sets them", async () => {
    const put = await api('/api/settings?year=2026', {
      method: 'PUT',
      token: await login('YP'),
      json: { gradePreset: '公务员', totalWeights: { composite: 0.7, evaluation: 0.3 } },
    });
    expect(put.status).toBe(200);
    const result = await roll(`unit=YP&year=2026&of=departments&asOf=${AS_OF}`);
    const civil = resolveYearSettings(
      { gradePreset: '公务员', totalWeights: { composite: 0.7, evaluation: 0.3 } },
      defaultYearSettings(DEFAULT_SETTINGS),
    );
    expect(result).toEqual(expected('departments', 'YP', civil));
    expect(result.rows.some((r) => r.grade === '称职' || r.grade === '不称职')).toBe(true);
  });

  it('refuses a roll of units the account does not oversee', async () => {
    const res = await api('/api/assessment?unit=YP&year=2026', { token: await login('YP-CB') });
    expect(res.status).toBe(403);
  });
});
