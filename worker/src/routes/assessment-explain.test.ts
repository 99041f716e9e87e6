import { beforeAll, describe, expect, it } from 'vitest';
import type { RollData } from '../../../shared/assessment.ts';
import {
  type Explanation,
  explainFigure,
  figureFromExplanation,
} from '../../../shared/assessment-explain.ts';
import { seedCalendar } from '../../../shared/calendar.ts';
import { DEFAULT_SETTINGS } from '../../../shared/settings.ts';
import { defaultYearSettings } from '../../../shared/year-settings.ts';
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

/** The explanation the shared function gives on the demo records. */
const expected = (
  key: string,
  figure: Explanation['figure'],
  of: Explanation['of'],
  unit: string,
) =>
  explainFigure(
    data,
    {
      year: 2026,
      of,
      unit,
      asOf: AS_OF,
      org: demoOrg,
      settings: DEFAULT_SETTINGS,
      yearSettings: () => defaultYearSettings(DEFAULT_SETTINGS),
      calendar: seedCalendar(),
    },
    key,
    figure,
  )!;

type Line = Explanation['cases'][number] & {
  id: number | null;
  reporterName: string | null;
  masked: boolean;
};
const explain = async (query: string, as: string) => {
  const res = await api(`/api/assessment/explain?year=2026&asOf=${AS_OF}&${query}`, {
    token: await login(as),
  });
  expect(res.status).toBe(200);
  return body<Omit<Explanation, 'cases'> & { cases: Line[] }>(res);
};
const withoutViews = (e: Omit<Explanation, 'cases'> & { cases: Line[] }) => ({
  ...e,
  cases: e.cases.map(
    ({ id, category, reporterName, masked, ...line }: Line & { category?: unknown }) => line,
  ),
});

describe('GET /api/assessment/explain', () => {
  it('lists the records the shared explanation lists, and they give the roll’s figure', async () => {
    const result = await explain('unit=YP&key=YP-CB-001&figure=onTimeResolutionRate', 'YP');
    expect(withoutViews(result)).toEqual(
      expected('YP-CB-001', 'onTimeResolutionRate', 'units', 'YP'),
    );
    expect(result.cases.length).toBeGreaterThan(0);
    expect(figureFromExplanation(result)).toBe(result.value);
    const roll = await body<{ rows: { key: string; onTimeResolutionRate: number | null }[] }>(
      await api(`/api/assessment?unit=YP&year=2026&asOf=${AS_OF}`, { token: await login('YP') }),
    );
    expect(result.value).toBe(roll.rows.find((r) => r.key === 'YP-CB-001')!.onTimeResolutionRate);
  });

  it('explains a department’s 测评得分 and a cadre’s 六个一遍 by the key alone', async () => {
    const department = await explain('unit=YP&key=YP-D-RS&figure=evaluationScore', 'YP');
    expect(withoutViews(department)).toEqual(
      expected('YP-D-RS', 'evaluationScore', 'departments', 'YP'),
    );
    const cadre = demoCadres.find((c) => c.contactArea)!.cadreNo as string;
    const coverage = await explain(`unit=YP&key=${cadre}&figure=coverage`, 'YP');
    expect(coverage.of).toBe('cadres');
    expect(withoutViews(coverage)).toEqual(expected(cadre, 'coverage', 'cadres', 'YP'));
    expect(coverage.periods.length).toBeGreaterThan(0);
    expect(figureFromExplanation(coverage)).toBe(coverage.value);
  });

  it('masks residents’ names for the district, shows them to the area that took the cases in', async () => {
    const query = 'key=YP-CB-001&figure=closureRate';
    const district = await explain(`unit=YP&${query}`, 'YP');
    const area = await explain(`unit=YP-CB-001&${query}`, 'YP-CB-001');
    expect(area.cases.map((c) => c.caseNo)).toEqual(district.cases.map((c) => c.caseNo));
    const names = new Map(
      demoCases
        .filter((c) => c.area === 'YP-CB-001')
        .map((c) => [c.caseNo, c.reporterName as string]),
    );
    for (const line of area.cases) {
      expect(line.masked).toBe(false);
      expect(line.reporterName).toBe(names.get(line.caseNo!));
    }
    const masked = district.cases.filter((c) => c.masked);
    expect(masked.length).toBeGreaterThan(0);
    for (const line of masked) {
      const name = names.get(line.caseNo!)!;
      if (name !== '匿名')
        expect(line.reporterName).toBe(`${name[0]}${'*'.repeat([...name].length - 1)}`);
    }
  });

  it('refuses another unit’s roll and answers a key the roll lacks with a stable code', async () => {
    const forbidden = await api(
      '/api/assessment/explain?unit=YP&key=YP-CB&year=2026&figure=closureRate',
      {
        token: await login('YP-CB'),
      },
    );
    expect(forbidden.status).toBe(403);
    const missing = await api(
      '/api/assessment/explain?unit=YP-CB&key=YP-WJC-001&year=2026&figure=closureRate',
      {
        token: await login('YP-CB'),
      },
    );
    expect(missing.status).toBe(404);
    expect((await body<{ error: { code: string; message: string } }>(missing)).error).toMatchObject(
      {
        code: 'ROLL_ROW_NOT_FOUND',
        message: expect.stringContaining('YP-WJC-001'),
      },
    );
    const figure = await api('/api/assessment/explain?key=YP-CB&year=2026&figure=composite', {
      token: await login('YP-CB'),
    });
    expect(figure.status).toBe(400);
  });
});
