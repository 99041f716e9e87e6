import { describe, expect, test } from 'vitest';
import {
  assessmentRoll,
  type RollCase,
  type RollData,
  type RollEvaluation,
  rollAsOf,
} from './assessment.ts';
import { makeCalendar } from './calendar.ts';
import { buildOrgTree } from './org.ts';
import { DEFAULT_SETTINGS } from './settings.ts';
import { defaultYearSettings, resolveYearSettings } from './year-settings.ts';

/**
 * A small district worked by hand: 2 sub-districts (D-A with two areas, D-B with one), 2
 * departments, 6 cadres, two years. Time limits 7 / 30 calendar days; every receipt is a Monday
 * whose due dates fall on working days (2026-03-02: reply due 03-09, resolution due 04-01;
 * 2025-03-03: 03-10 and 04-02).
 */
const org = buildOrgTree([
  { code: 'D', name: '示范区', kind: 'district', parent: null },
  { code: 'D-A', name: '甲街道', kind: 'subdistrict', parent: 'D' },
  { code: 'D-A-1', name: '甲一居民区', kind: 'residential', parent: 'D-A' },
  { code: 'D-A-2', name: '甲二居民区', kind: 'residential', parent: 'D-A' },
  { code: 'D-B', name: '乙街道', kind: 'subdistrict', parent: 'D' },
  { code: 'D-B-1', name: '乙一居民区', kind: 'residential', parent: 'D-B' },
  { code: 'D-D-1', name: '区民政局', kind: 'department', parent: 'D' },
  { code: 'D-D-2', name: '区房管局', kind: 'department', parent: 'D' },
]);

// Replied and resolved in time, rated 满意.
const good = (caseNo: string, area: string, firstReceiver: string, more: Partial<RollCase> = {}) =>
  ({
    caseNo,
    area,
    firstReceiver,
    receivedOn: '2026-03-02',
    repliedOn: '2026-03-05',
    resolvedOn: '2026-03-20',
    satisfaction: '满意',
    ...more,
  }) satisfies RollCase;
// Replied late (03-12 > 03-09), resolved late (04-10 > 04-01), rated 基本满意.
const late = (caseNo: string, area: string, firstReceiver: string, more: Partial<RollCase> = {}) =>
  ({
    ...good(caseNo, area, firstReceiver),
    repliedOn: '2026-03-12',
    resolvedOn: '2026-04-10',
    satisfaction: '基本满意',
    ...more,
  }) satisfies RollCase;
// Never replied nor resolved: late on both counts by year-end, not closed, not rated.
const open = (caseNo: string, area: string, firstReceiver: string) =>
  ({
    ...good(caseNo, area, firstReceiver),
    repliedOn: null,
    resolvedOn: null,
    satisfaction: null,
  }) satisfies RollCase;

const cases: RollCase[] = [
  good('a1', 'D-A-1', '张一'),
  good('a2', 'D-A-1', '张一'),
  good('a3', 'D-A-1', '社区干部甲'), // raised on 王三's visit
  late('a4', 'D-A-1', '社区干部甲', { assignee: '区民政局', handler: '赵四' }),
  good('b1', 'D-A-2', '李二'),
  open('b2', 'D-A-2', '李二'),
  good('b3', 'D-A-2', '社区干部乙'),
  good('b4', 'D-A-2', '社区干部乙'),
  good('c1', 'D-B-1', '王三', { assignee: 'D-D-1', handler: '赵四' }),
  good('c2', 'D-B-1', '王三'),
  // 2025: replied in time, resolved late (04-10 > 04-02), 满意.
  {
    caseNo: 'a0',
    area: 'D-A-1',
    firstReceiver: '张一',
    receivedOn: '2025-03-03',
    repliedOn: '2025-03-05',
    resolvedOn: '2025-04-10',
    satisfaction: '满意',
  },
];

const rating = (
  subject: string,
  evaluatorGroup: string,
  more: Partial<RollEvaluation> = {},
): RollEvaluation => ({
  period: '2026',
  subjectKind: org.get(subject) ? '单位' : '干部',
  subject,
  evaluatorGroup,
  ...more,
});
const items = (score: number) => ({
  attendance: score,
  spirit: score,
  serviceAwareness: score,
  problemSolving: score,
});

const evaluations: RollEvaluation[] = [
  // 三三制 with 党委 missing: (100 + 83.5) / 2 = 91.75.
  rating('D-A', '群众', { overall: '满意' }),
  rating('D-A', '政府', items(83.5)),
  // The district's veto.
  rating('D-B', '群众', { overall: '满意' }),
  rating('D-B', '党委', { overall: '满意', veto: true, vetoReason: '重大信访事件' }),
  rating('D-A-1', '群众', items(93.75)),
  rating('D-B-1', '群众', { overall: '满意' }),
  // 条块互评: 街道/镇 (100 and 80: 90) and 群众 (80), half each: 85.
  rating('D-D-1', '街道/镇', { overall: '满意' }),
  rating('D-D-1', '街道/镇', items(80)),
  rating('D-D-1', '群众', { overall: '基本满意' }),
  // 政府 does not rate departments: no evaluation score.
  rating('D-D-2', '政府', { overall: '满意' }),
  rating('张一', '群众', { overall: '基本满意' }),
  rating('王三', '群众', { overall: '基本满意' }),
  rating('李二', '群众', { overall: '满意' }),
  rating('赵四', '群众', items(60)),
  rating('孙六', '党委', { overall: '满意' }),
];

const SECOND_THURSDAYS_2026 = [
  '01-08',
  '02-12',
  '03-12',
  '04-09',
  '05-14',
  '06-11',
  '07-09',
  '08-13',
  '09-10',
  '10-08',
  '11-12',
  '12-10',
];
const committee = (day: string, cadre: string, area: string) => ({
  visitOn: day,
  cadre,
  area,
  target: '两委班子',
  visitType: '走访两委班子',
});

const data: RollData = {
  cases,
  evaluations,
  visits: [
    ...SECOND_THURSDAYS_2026.map((d) => committee(`2026-${d}`, '张一', 'D-A-1')),
    committee('2026-03-03', '李二', 'D-A-2'),
    committee('2026-07-21', '李二', 'D-A-2'),
    {
      visitOn: '2026-05-06',
      cadre: '王三',
      area: 'D-A-1',
      target: '两委班子',
      visitType: '解决问题',
      caseNos: ['a3'],
    },
  ],
  households: [],
  cadres: [
    { cadreNo: 'C1', name: '张一', unit: 'D-A', rank: '科级', contactArea: 'D-A-1' },
    { cadreNo: 'C2', name: '李二', unit: 'D-A', rank: '科级', contactArea: 'D-A-2' },
    { cadreNo: 'C3', name: '王三', unit: 'D-B', rank: '科级', contactArea: 'D-B-1' },
    { cadreNo: 'C4', name: '赵四', unit: 'D-D-1', rank: '处级', contactArea: null },
    { cadreNo: 'C5', name: '钱五', unit: 'D-D-2', rank: '处级', contactArea: null },
    { cadreNo: 'C6', name: '孙六', unit: 'D', rank: '局级', contactArea: null },
  ],
};

const thisYear = defaultYearSettings(DEFAULT_SETTINGS);
// 2025 was assessed on replies and on-time resolution only, and on the composite alone.
const lastYear = resolveYearSettings(
  {
    weights: { response: 0.5, onTime: 0.5, satisfaction: 0 },
    totalWeights: { composite: 1, evaluation: 0 },
  },
  thisYear,
);
const options = {
  year: 2026,
  unit: 'D',
  asOf: '2026-12-31',
  org,
  settings: DEFAULT_SETTINGS,
  yearSettings: (year: number) => (year === 2025 ? lastYear : thisYear),
  calendar: makeCalendar([], []),
};
const roll = (of: 'units' | 'departments' | 'cadres') =>
  assessmentRoll(data, { ...options, of }).roll;
const pick = (rows: ReturnType<typeof roll>['rows'], ...keys: (keyof (typeof rows)[number])[]) =>
  rows.map((row) => Object.fromEntries([['key', row.key], ...keys.map((k) => [k, row[k]])]));

describe('the year-end roll (年度考核), worked by hand', () => {
  test('units: sub-districts ranked among themselves, areas within their sub-district', () => {
    const { rows, ...head } = roll('units');
    expect(head).toEqual({ year: 2026, of: 'units', unit: 'D' });
    expect(
      pick(rows, 'peerGroup', 'composite', 'evaluationScore', 'total', 'grade', 'rank'),
    ).toEqual([
      // 8 cases: 6/8 replied and resolved in time, all 7 ratings (基本)满意: 100 × (0.55 × 0.75 + 0.45).
      {
        key: 'D-A',
        peerGroup: 'sub-district',
        composite: 86.25,
        evaluationScore: 91.75,
        total: 89,
        grade: '良好',
        rank: 1,
      },
      // The veto: total 0 (and composite 0), graded 不合格, still ranked.
      {
        key: 'D-B',
        peerGroup: 'sub-district',
        composite: 0,
        evaluationScore: 100,
        total: 0,
        grade: '不合格',
        rank: 2,
      },
      {
        key: 'D-A-1',
        peerGroup: 'area:D-A',
        composite: 86.25,
        evaluationScore: 93.75,
        total: 90,
        grade: '优秀',
        rank: 1,
      },
      // No evaluation: the total is the composite alone.
      {
        key: 'D-A-2',
        peerGroup: 'area:D-A',
        composite: 86.25,
        evaluationScore: null,
        total: 86.25,
        grade: '良好',
        rank: 2,
      },
      {
        key: 'D-B-1',
        peerGroup: 'area:D-B',
        composite: 100,
        evaluationScore: 100,
        total: 100,
        grade: '优秀',
        rank: 1,
      },
    ]);
    const a = rows[0]!;
    expect(a).toMatchObject({
      intake: 8,
      responseRate: 0.75,
      onTimeResolutionRate: 0.75,
      closureRate: 0.875,
      satisfactionRate: 1,
      coverage: null,
      contactDayAttendance: null,
      dispatchedCount: null,
      dispatchedSatisfactionRate: null,
      veto: false,
      vetoReason: null,
    });
    expect(rows[1]).toMatchObject({ veto: true, vetoReason: '重大信访事件' });
  });

  test('同比 compares each year under its own settings', () => {
    const rows = roll('units').rows;
    // 2025: D-A-1's one case replied in time, resolved late: 100 × (0.5 × 1 + 0.5 × 0) = 50, the
    // total the composite alone. Under 2026's weights it would have been 55 (a change of 35).
    expect(pick(rows, 'change')).toEqual([
      { key: 'D-A', change: 39 },
      { key: 'D-B', change: null },
      { key: 'D-A-1', change: 40 },
      { key: 'D-A-2', change: null },
      { key: 'D-B-1', change: null },
    ]);
  });

  test('departments: judged on the cases dispatched to them and by 条块互评; no total, no rank', () => {
    const rows = roll('departments').rows;
    expect(
      pick(
        rows,
        'intake',
        'composite',
        'evaluationScore',
        'total',
        'grade',
        'rank',
        'dispatchedCount',
        'dispatchedSatisfactionRate',
      ),
    ).toEqual([
      // a4 (late) and c1 (good): 100 × (0.55 × 0.5 + 0.45) = 72.5; (72.5 + 85) / 2.
      {
        key: 'D-D-1',
        intake: 2,
        composite: 72.5,
        evaluationScore: 85,
        total: 78.75,
        grade: '合格',
        rank: 1,
        dispatchedCount: 2,
        dispatchedSatisfactionRate: 1,
      },
      {
        key: 'D-D-2',
        intake: 0,
        composite: null,
        evaluationScore: null,
        total: null,
        grade: null,
        rank: null,
        dispatchedCount: 0,
        dispatchedSatisfactionRate: null,
      },
    ]);
  });

  test('cadres: ranked within their rank (局级 first), ties sharing a rank, a cadre with no records last', () => {
    const rows = roll('cadres').rows;
    expect(
      pick(
        rows,
        'name',
        'peerGroup',
        'intake',
        'composite',
        'evaluationScore',
        'total',
        'rank',
        'change',
      ),
    ).toEqual([
      {
        key: 'C6',
        name: '孙六',
        peerGroup: 'cadre:局级',
        intake: 0,
        composite: null,
        evaluationScore: 100,
        total: 100,
        rank: 1,
        change: null,
      },
      // Handled (承办人) a4 and c1: 72.5; (72.5 + 60) / 2.
      {
        key: 'C4',
        name: '赵四',
        peerGroup: 'cadre:处级',
        intake: 2,
        composite: 72.5,
        evaluationScore: 60,
        total: 66.25,
        rank: 1,
        change: null,
      },
      {
        key: 'C5',
        name: '钱五',
        peerGroup: 'cadre:处级',
        intake: 0,
        composite: null,
        evaluationScore: null,
        total: null,
        rank: null,
        change: null,
      },
      // a1, a2: 100; (100 + 80) / 2 = 90. 2025: a0, 50.
      {
        key: 'C1',
        name: '张一',
        peerGroup: 'cadre:科级',
        intake: 2,
        composite: 100,
        evaluationScore: 80,
        total: 90,
        rank: 1,
        change: 40,
      },
      // c1, c2 and a3 raised on his visit: 100; 90 — a tie.
      {
        key: 'C3',
        name: '王三',
        peerGroup: 'cadre:科级',
        intake: 3,
        composite: 100,
        evaluationScore: 80,
        total: 90,
        rank: 1,
        change: null,
      },
      // b1 good, b2 open: 72.5; (72.5 + 100) / 2.
      {
        key: 'C2',
        name: '李二',
        peerGroup: 'cadre:科级',
        intake: 2,
        composite: 72.5,
        evaluationScore: 100,
        total: 86.25,
        rank: 3,
        change: null,
      },
    ]);
    // 六个一遍: 张一 every month on the contact day (committee 12/12, policy 0/4); 李二 2 of 12.
    expect(pick(rows, 'coverage', 'contactDayAttendance', 'grade')).toEqual([
      // No contact area: nothing due, no coverage.
      { key: 'C6', coverage: null, contactDayAttendance: null, grade: '优秀' },
      { key: 'C4', coverage: null, contactDayAttendance: null, grade: '合格' },
      { key: 'C5', coverage: null, contactDayAttendance: null, grade: null },
      { key: 'C1', coverage: 0.5, contactDayAttendance: 1, grade: '优秀' },
      // A visit to another area is not his committee's: 0 of 12 months, 0 of 4 quarters.
      { key: 'C3', coverage: 0, contactDayAttendance: 0, grade: '优秀' },
      // (2/12 + 0/4) / 2.
      { key: 'C2', coverage: 0.0833, contactDayAttendance: 0, grade: '良好' },
    ]);
    expect(rows.every((r) => r.dispatchedCount === null)).toBe(true);
  });

  test('the civil-service labels grade the same totals', () => {
    const civil = resolveYearSettings({ gradePreset: '公务员' }, thisYear);
    const { roll: units } = assessmentRoll(data, {
      ...options,
      of: 'units',
      yearSettings: (year) => (year === 2025 ? lastYear : civil),
    });
    expect(units.rows.map((r) => r.grade)).toEqual(['称职', '不称职', '优秀', '称职', '优秀']);
  });

  test("a sub-district's roll holds its own areas; a name two cadres share is settled by the unit or reported", () => {
    const twins: RollData = {
      ...data,
      cadres: [
        ...data.cadres!,
        { cadreNo: 'C7', name: '张一', unit: 'D-B', rank: '科级', contactArea: 'D-B-1' },
      ],
      cases: [...cases, good('c3', 'D-B-1', '张一'), good('x1', 'D-B-1', '李二')],
    };
    const result = assessmentRoll(twins, { ...options, unit: 'D-B', of: 'cadres' });
    // C7 (D-B) takes the D-B case; C1's D-A cases stay his (not in this roll).
    expect(result.roll.rows.map((r) => [r.key, r.intake])).toEqual([
      ['C3', 3],
      ['C7', 1],
    ]);
    expect(result.unresolved).toEqual([]);
    const both = assessmentRoll(
      {
        ...twins,
        cadres: twins.cadres!.map((c) =>
          c.cadreNo === 'C7' ? { ...c, unit: 'D', contactArea: null } : c,
        ),
      },
      { ...options, of: 'cadres' },
    );
    // Now both 张一 hold D-A-1 (C1 by contact area, C7 by the district): never guessed.
    expect(both.unresolved).toContainEqual({ name: '张一', where: 'a1' });
  });

  test('as of the year end, or today while the year runs', () => {
    expect(rollAsOf(2026, '2026-11-30')).toBe('2026-11-30');
    expect(rollAsOf(2025, '2026-11-30')).toBe('2025-12-31');
  });
});
