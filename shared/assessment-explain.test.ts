import { describe, expect, test } from 'vitest';
import { assessmentRoll, type RollCase, type RollData, type RollOf } from './assessment.ts';
import {
  EXPLAINED_FIGURES,
  explainFigure,
  figureFromExplanation,
  rollOfKey,
} from './assessment-explain.ts';
import { makeCalendar } from './calendar.ts';
import { buildOrgTree } from './org.ts';
import { DEFAULT_SETTINGS } from './settings.ts';
import { defaultYearSettings } from './year-settings.ts';

/**
 * Worked by hand. Calendar days, no holidays: a case received Monday 2026-03-02 has its reply due
 * 03-09 and its resolution due 04-01; one received Monday 2026-12-21 its reply due 12-28 and its
 * resolution due 2027-01-20 (not yet due at year-end).
 */
const org = buildOrgTree([
  { code: 'D', name: '示范区', kind: 'district', parent: null },
  { code: 'D-A', name: '甲街道', kind: 'subdistrict', parent: 'D' },
  { code: 'D-A-1', name: '甲一居民区', kind: 'residential', parent: 'D-A' },
  { code: 'D-A-2', name: '甲二居民区', kind: 'residential', parent: 'D-A' },
  { code: 'D-D-1', name: '区民政局', kind: 'department', parent: 'D' },
]);

const base = (caseNo: string, more: Partial<RollCase> = {}): RollCase => ({
  caseNo,
  area: 'D-A-1',
  firstReceiver: '社区干部',
  receivedOn: '2026-03-02',
  repliedOn: '2026-03-05',
  resolvedOn: '2026-03-20',
  satisfaction: '满意',
  ...more,
});

const cases: RollCase[] = [
  // Replied and resolved in time, 满意.
  base('k1', { firstReceiver: '张一' }),
  // Replied late (03-12 > 03-09), resolved late (04-10 > 04-01), 基本满意.
  base('k2', {
    firstReceiver: '张一',
    repliedOn: '2026-03-12',
    resolvedOn: '2026-04-10',
    satisfaction: '基本满意',
  }),
  // Nothing done: no reply, open past its due date.
  base('k3', { handler: '张一', repliedOn: null, resolvedOn: null, satisfaction: null }),
  // Rated 不满意 on the return visit 03-25: reopened, due again 04-24, still open — late.
  base('k4', { revisitOn: '2026-03-25', satisfaction: '不满意' }),
  // Another area of the sub-district, all in time.
  base('k5', { area: 'D-A-2' }),
  // Received 12-21: reply due 12-28 missed; resolution not yet due.
  base('k6', { receivedOn: '2026-12-21', repliedOn: null, resolvedOn: null, satisfaction: null }),
  // Last year's: never in this year's figures.
  base('k0', { receivedOn: '2025-03-03', repliedOn: null, resolvedOn: null, satisfaction: null }),
];

const data: RollData = {
  cases,
  evaluations: [
    // 三三制: 群众 (100 and 80: 90) and 政府 (80), 党委 missing — (90 + 80) / 2 = 85.
    {
      period: '2026',
      subjectKind: '单位',
      subject: 'D-A-1',
      evaluatorGroup: '群众',
      overall: '满意',
    },
    {
      period: '2026Q3',
      subjectKind: '单位',
      subject: '甲一居民区',
      evaluatorGroup: '群众',
      attendance: 80,
      spirit: 80,
      serviceAwareness: 80,
      problemSolving: 80,
    },
    {
      period: '2026',
      subjectKind: '单位',
      subject: 'D-A-1',
      evaluatorGroup: '政府',
      overall: '基本满意',
    },
    {
      period: '2025',
      subjectKind: '单位',
      subject: 'D-A-1',
      evaluatorGroup: '党委',
      overall: '不满意',
    },
    {
      period: '2026',
      subjectKind: '单位',
      subject: 'D-A-2',
      evaluatorGroup: '群众',
      overall: '不满意',
    },
  ],
  visits: [
    // 张一's committee visits in January (on the contact day 01-08), February and March (03-12,
    // the contact day); a policy review in Q2; the needy household H1 in Q1 and Q3.
    {
      visitOn: '2026-01-08',
      cadre: '张一',
      area: 'D-A-1',
      target: '两委班子',
      visitType: '走访两委班子',
    },
    {
      visitOn: '2026-02-20',
      cadre: '张一',
      area: 'D-A-1',
      target: '两委班子',
      visitType: '走访两委班子',
    },
    {
      visitOn: '2026-03-12',
      cadre: '张一',
      area: 'D-A-1',
      target: '两委班子',
      visitType: '走访两委班子',
    },
    {
      visitOn: '2026-05-10',
      cadre: '张一',
      area: 'D-A-1',
      target: null,
      visitType: '梳理民生政策',
    },
    {
      visitOn: '2026-02-01',
      cadre: '张一',
      area: 'D-A-1',
      target: 'H1',
      visitType: '走访帮困对象',
    },
    {
      visitOn: '2026-08-05',
      cadre: '张一',
      area: 'D-A-1',
      target: 'H1',
      visitType: '走访帮困对象',
    },
    // Someone else's visit covers nothing of 张一's.
    {
      visitOn: '2026-04-09',
      cadre: '李二',
      area: 'D-A-1',
      target: '两委班子',
      visitType: '走访两委班子',
    },
  ],
  households: [
    {
      householdNo: 'H1',
      area: 'D-A-1',
      householdType: '困难户',
      pairedCadre: null,
      lastVisitOn: null,
    },
  ],
  cadres: [
    { cadreNo: 'C1', name: '张一', unit: 'D-A', rank: '科级', contactArea: 'D-A-1' },
    { cadreNo: 'C2', name: '李二', unit: 'D-A', rank: '科级', contactArea: 'D-A-2' },
  ],
};

const options = (of: RollOf) => ({
  year: 2026,
  of,
  unit: 'D',
  asOf: '2026-12-31',
  org,
  settings: DEFAULT_SETTINGS,
  yearSettings: () => defaultYearSettings(DEFAULT_SETTINGS),
  calendar: makeCalendar([], []),
});
const explain = (key: string, figure: (typeof EXPLAINED_FIGURES)[number], of: RollOf = 'units') =>
  explainFigure(data, options(of), key, figure)!;
const lines = (key: string, figure: (typeof EXPLAINED_FIGURES)[number], of: RollOf = 'units') =>
  explain(key, figure, of).cases.map((c) => [c.caseNo, c.outcome]);

describe('every figure of the roll explained, worked by hand', () => {
  test('答复率 lists every case whose reply was due, late and unanswered ones with their due dates', () => {
    const e = explain('D-A-1', 'responseRate');
    expect(e.cases.map((c) => [c.caseNo, c.replyDue, c.outcome])).toEqual([
      ['k1', '2026-03-09', '按期答复'],
      ['k2', '2026-03-09', '逾期答复'],
      ['k3', '2026-03-09', '未答复'],
      ['k4', '2026-03-09', '按期答复'],
      ['k6', '2026-12-28', '未答复'],
    ]);
    // 2 of 5 replied in time.
    expect(e.value).toBe(0.4);
    expect(figureFromExplanation(e)).toBe(0.4);
  });

  test('按期办结率 lists the late, the unresolved and the reopened case with its new due date', () => {
    const e = explain('D-A-1', 'onTimeResolutionRate');
    expect(e.cases.map((c) => [c.caseNo, c.resolutionDue, c.dueAgain, c.outcome])).toEqual([
      ['k1', '2026-04-01', null, '按期办结'],
      ['k2', '2026-04-01', null, '逾期办结'],
      ['k3', '2026-04-01', null, '逾期未办结'],
      ['k4', '2026-04-01', '2026-04-24', '不满意重办，逾期未结'],
    ]);
    expect(e.value).toBe(0.25);
    expect(figureFromExplanation(e)).toBe(0.25);
  });

  test('办结率 and 满意率: the whole intake, then the rated cases with 不满意 among them', () => {
    expect(lines('D-A-1', 'closureRate')).toEqual([
      ['k1', '已办结'],
      ['k2', '已办结'],
      ['k3', '未办结'],
      ['k4', '未办结'],
      ['k6', '未办结'],
    ]);
    expect(explain('D-A-1', 'closureRate').value).toBe(0.4);
    const satisfaction = explain('D-A-1', 'satisfactionRate');
    expect(satisfaction.cases.map((c) => [c.caseNo, c.outcome])).toEqual([
      ['k1', '满意'],
      ['k2', '基本满意'],
      ['k4', '不满意'],
    ]);
    // (1 + 1) / 3 with 基本满意 at full weight.
    expect(satisfaction.value).toBe(0.6667);
    expect(figureFromExplanation(satisfaction)).toBe(0.6667);
  });

  test('a sub-district’s figures count its areas’ cases', () => {
    expect(lines('D-A', 'responseRate').map(([no]) => no)).toEqual([
      'k1',
      'k2',
      'k3',
      'k4',
      'k5',
      'k6',
    ]);
    expect(explain('D-A', 'responseRate').value).toBe(0.5);
  });

  test('测评得分 lists the year’s ratings, each group’s mean and weight', () => {
    const e = explain('D-A-1', 'evaluationScore');
    expect(e.evaluations.map((r) => [r.evaluatorGroup, r.points])).toEqual([
      ['群众', 100],
      ['群众', 80],
      ['政府', 80],
    ]);
    expect(e.groups.map((g) => [g.group, g.ratings, g.mean])).toEqual([
      ['群众', 2, 90],
      ['政府', 1, 80],
    ]);
    expect(e.value).toBe(85);
    expect(figureFromExplanation(e)).toBe(85);
  });

  test('a cadre’s rates count the cases he received or handled', () => {
    expect(lines('C1', 'responseRate', 'cadres')).toEqual([
      ['k1', '按期答复'],
      ['k2', '逾期答复'],
      ['k3', '未答复'],
    ]);
    expect(explain('C1', 'responseRate', 'cadres').value).toBe(0.3333);
  });

  test('六个一遍 lists every period due, the ones without a visit among them', () => {
    const e = explain('C1', 'coverage', 'cadres');
    const missed = e.periods.filter((p) => !p.covered);
    // Committee: 9 of 12 months missed; policy: 3 of 4 quarters; H1: Q2 and Q4.
    expect(missed.filter((p) => p.duty === 'COMMITTEE').map((p) => p.from.slice(5, 7))).toEqual([
      '04',
      '05',
      '06',
      '07',
      '08',
      '09',
      '10',
      '11',
      '12',
    ]);
    expect(missed.filter((p) => p.duty === 'POLICY').map((p) => p.from)).toEqual([
      '2026-01-01',
      '2026-07-01',
      '2026-10-01',
    ]);
    expect(missed.filter((p) => p.duty === 'NEEDY').map((p) => [p.household, p.from])).toEqual([
      ['H1', '2026-04-01'],
      ['H1', '2026-10-01'],
    ]);
    expect(e.periods).toHaveLength(12 + 4 + 4);
    // (3/12 + 1/4 + 2/4) / 3.
    expect(e.value).toBe(0.3333);
    expect(figureFromExplanation(e)).toBe(0.3333);
  });

  test('联系日出勤 lists each month’s contact day and whether he was there', () => {
    const e = explain('C1', 'contactDayAttendance', 'cadres');
    expect(e.periods.filter((p) => p.covered).map((p) => p.day)).toEqual([
      '2026-01-08',
      '2026-03-12',
    ]);
    expect(e.periods).toHaveLength(12);
    expect(e.value).toBe(0.1667);
    expect(figureFromExplanation(e)).toBe(0.1667);
  });

  test('recomputing any figure from its lines gives the roll’s figure, for every row', () => {
    for (const of of ['units', 'departments', 'cadres'] as const) {
      const { roll } = assessmentRoll(data, options(of));
      for (const row of roll.rows) {
        for (const figure of EXPLAINED_FIGURES) {
          const e = explainFigure(data, options(of), row.key, figure)!;
          expect([row.key, figure, e.value]).toEqual([row.key, figure, row[figure]]);
          expect([row.key, figure, figureFromExplanation(e)]).toEqual([
            row.key,
            figure,
            row[figure],
          ]);
        }
      }
    }
  });

  test('a key names its roll; an unknown key has no explanation', () => {
    expect(rollOfKey('D-A-1', org, data.cadres)).toBe('units');
    expect(rollOfKey('D-D-1', org, data.cadres)).toBe('departments');
    expect(rollOfKey('C2', org, data.cadres)).toBe('cadres');
    expect(rollOfKey('D', org, data.cadres)).toBeNull();
    expect(explainFigure(data, options('units'), 'C9', 'responseRate')).toBeNull();
  });
});
