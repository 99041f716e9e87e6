import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { seedCalendar } from './calendar.ts';
import { buildOrgTree, parseOrgCsv } from './org.ts';
import {
  computeFigures,
  evaluationScore,
  grade,
  groupFigures,
  ratingPoints,
  type ScoredCase,
  type ScoredEvaluation,
} from './scores.ts';
import { DEFAULT_SETTINGS, EVALUATOR_PRESETS, resolveSettings } from './settings.ts';

const calendar = seedCalendar();
const settings = DEFAULT_SETTINGS;
const org = buildOrgTree(
  parseOrgCsv(readFileSync(new URL('../data/demo-org.csv', import.meta.url), 'utf8')),
);

const made = (receivedOn: string, more: Partial<ScoredCase> = {}): ScoredCase => ({
  receivedOn,
  repliedOn: null,
  resolvedOn: null,
  satisfaction: '未评价',
  ...more,
});

// Received Mon 2026-03-02: reply due Mon 03-09, resolution due Wed 04-01.
const A = made('2026-03-02', {
  repliedOn: '2026-03-05',
  resolvedOn: '2026-03-20',
  satisfaction: '满意',
});
const B = made('2026-03-02', {
  repliedOn: '2026-03-12',
  resolvedOn: '2026-04-05',
  satisfaction: '基本满意',
});
const C = made('2026-03-02', { resolvedOn: '2026-03-08', satisfaction: '不满意' });
const D = made('2026-03-02', { repliedOn: '2026-03-09' });
// Received Mon 04-27: reply due 05-04 falls in 劳动节 → 05-06; nothing due by 04-30.
const E = made('2026-04-27');
// Received Mon 04-20: reply due 04-27, replied early; resolution due 05-20.
const F = made('2026-04-20', { repliedOn: '2026-04-22' });
const cases = [A, B, C, D, E, F];

describe('case figures, worked by hand', () => {
  test('as of 2026-04-30', () => {
    // Reply: A C D F on time of A B C D F (E not due, not replied) = 4/5.
    // C was rated 不满意 on its resolution day 03-08: reopened, due again Tue 04-07, passed by
    // 04-30 → in the on-time set, late. On time: A of A B C D (D due 04-01, open) = 1/4.
    // Closed: A B of 6 (C is reopened). Satisfaction: 满意 A + 基本满意 B of A B C = 2/3.
    // Composite: 100 × (0.1 × 0.8 + 0.45 × 0.25 + 0.45 × 2/3) = 49.25.
    expect(computeFigures(cases, { asOf: '2026-04-30', settings, calendar })).toEqual({
      intake: 6,
      responseRate: 0.8,
      onTimeResolutionRate: 0.25,
      closureRate: 0.3333,
      satisfactionRate: 0.6667,
      composite: 49.25,
      grade: '不合格',
    });
  });

  test('基本满意 at 0.9 lowers the satisfaction rate and the composite', () => {
    const lighter = resolveSettings({ basicSatisfiedWeight: 0.9 });
    // (1 + 0.9) / 3 = 0.63333; composite 100 × (0.08 + 0.1125 + 0.285) = 47.75.
    const figures = computeFigures(cases, { asOf: '2026-04-30', settings: lighter, calendar });
    expect(figures).toMatchObject({ satisfactionRate: 0.6333, composite: 47.75, grade: '不合格' });
  });

  test('as of 2026-03-10 only what had happened by then counts', () => {
    // In scope A B C D. Reply: B due 03-09, replied 03-12 → late: 3/4. Resolution: none due yet;
    // C resolved 03-08 but rated 不满意 that day → reopened, due again 04-07: not in the set.
    // Closed 0/4. Ratings dated by then: C 不满意 (03-08); A's is dated by its resolution 03-20,
    // after the date → 0/1. Composite: 100 × (0.1 × 0.75 + 0.45 × 0) / 0.55 = 13.64.
    expect(computeFigures(cases, { asOf: '2026-03-10', settings, calendar })).toEqual({
      intake: 4,
      responseRate: 0.75,
      onTimeResolutionRate: null,
      closureRate: 0,
      satisfactionRate: 0,
      composite: 13.64,
      grade: '不合格',
    });
  });

  test('a 不满意 case before and after its new due date', () => {
    // Received 03-02, resolved 03-20 (on time, due 04-01), rated 不满意 on the return visit 03-25:
    // reopened, due again 03-25 + 30 = Fri 04-24.
    const unhappy = made('2026-03-02', {
      repliedOn: '2026-03-05',
      resolvedOn: '2026-03-20',
      revisitOn: '2026-03-25',
      satisfaction: '不满意',
    });
    const before = computeFigures([unhappy], { asOf: '2026-04-23', settings, calendar });
    expect(before).toMatchObject({ onTimeResolutionRate: null, closureRate: 0 });
    const on = computeFigures([unhappy], { asOf: '2026-04-24', settings, calendar });
    expect(on).toMatchObject({ onTimeResolutionRate: 0, closureRate: 0, satisfactionRate: 0 });
    // Before the return visit the rating had not been given: resolved on time and closed.
    const earlier = computeFigures([unhappy], { asOf: '2026-03-24', settings, calendar });
    expect(earlier).toMatchObject({ onTimeResolutionRate: 1, closureRate: 1 });
    expect(earlier.satisfactionRate).toBeNull();
  });

  test('a late case reopened and resolved again within its new date is still late', () => {
    // Due 04-01, resolved late 04-05, rated 不满意 04-08 (due again 05-08), resolved again 04-20.
    const late = made('2026-03-02', {
      repliedOn: '2026-03-05',
      resolvedOn: '2026-04-20',
      satisfaction: '满意',
      revisitOn: '2026-04-25',
      events: [
        { on: '2026-04-05', type: 'resolved' },
        { on: '2026-04-08', type: 'rated', satisfaction: '不满意' },
        { on: '2026-04-20', type: 'resolved' },
        { on: '2026-04-25', type: 'rated', satisfaction: '满意' },
      ],
    });
    expect(computeFigures([late], { asOf: '2026-05-31', settings, calendar })).toMatchObject({
      onTimeResolutionRate: 0,
      closureRate: 1,
      satisfactionRate: 1,
    });
    // The same history with the first resolution on time: every round met its date.
    const onTime = {
      ...late,
      events: [{ on: '2026-03-30', type: 'resolved' as const }, ...late.events!.slice(1)],
    };
    expect(computeFigures([onTime], { asOf: '2026-05-31', settings, calendar })).toMatchObject({
      onTimeResolutionRate: 1,
      closureRate: 1,
    });
    // As of 04-10 the case is reopened and its new date (05-08) has not passed: out of the set.
    expect(computeFigures([late], { asOf: '2026-04-10', settings, calendar })).toMatchObject({
      onTimeResolutionRate: null,
      closureRate: 0,
      satisfactionRate: 0,
    });
  });

  test('a rating dated after the as-of date does not count', () => {
    const later = made('2026-03-02', {
      repliedOn: '2026-03-05',
      resolvedOn: '2026-03-20',
      revisitOn: '2026-05-10',
      satisfaction: '满意',
    });
    const figures = computeFigures([later], { asOf: '2026-04-30', settings, calendar });
    expect(figures).toMatchObject({ satisfactionRate: null, closureRate: 1 });
  });

  test('the walk over a history without steps counts exactly as the columns do', () => {
    // The Worker counts cases without stored steps from their columns in SQL: the two must agree.
    const withSteps = cases.map((record) => ({
      ...record,
      events: [{ on: '1900-01-01', type: 'referred' as const }],
    }));
    for (const asOf of ['2026-03-05', '2026-03-10', '2026-04-07', '2026-04-30', '2026-12-31']) {
      expect(computeFigures(withSteps, { asOf, settings, calendar })).toEqual(
        computeFigures(cases, { asOf, settings, calendar }),
      );
    }
  });

  test('a rate without data drops out and the weights are rescaled', () => {
    // F alone: replied on time, nothing due for resolution, nothing rated → composite = response.
    expect(computeFigures([F], { asOf: '2026-04-30', settings, calendar })).toMatchObject({
      responseRate: 1,
      onTimeResolutionRate: null,
      closureRate: 0,
      satisfactionRate: null,
      composite: 100,
      grade: '优秀',
    });
  });

  test('no case in scope: nothing to rate', () => {
    expect(computeFigures([], { asOf: '2026-04-30', settings, calendar })).toEqual({
      intake: 0,
      responseRate: null,
      onTimeResolutionRate: null,
      closureRate: null,
      satisfactionRate: null,
      composite: null,
      grade: null,
    });
  });

  test('a period keeps the cases received within it', () => {
    const figures = computeFigures(cases, {
      asOf: '2026-04-30',
      settings,
      calendar,
      period: '2026-04',
    });
    expect(figures.intake).toBe(2);
    expect(() =>
      computeFigures(cases, { asOf: '2026-04-30', settings, calendar, period: '2026Q5' }),
    ).toThrow(/period/);
  });
});

describe('the published satisfaction figure', () => {
  // 1,000 rated cases: 900 满意, 82 基本满意, 18 不满意.
  const rated = [
    ...Array.from({ length: 900 }, () => '满意'),
    ...Array.from({ length: 82 }, () => '基本满意'),
    ...Array.from({ length: 18 }, () => '不满意'),
  ].map((satisfaction) =>
    made('2026-03-02', { repliedOn: '2026-03-03', resolvedOn: '2026-03-04', satisfaction }),
  );

  test('gives 98.2% with 基本满意 at full weight', () => {
    expect(computeFigures(rated, { asOf: '2026-12-31', settings, calendar }).satisfactionRate).toBe(
      0.982,
    );
  });

  test('gives 97.38% with 基本满意 at 0.9', () => {
    const lighter = resolveSettings({ basicSatisfiedWeight: 0.9 });
    const figures = computeFigures(rated, { asOf: '2026-12-31', settings: lighter, calendar });
    expect(figures.satisfactionRate).toBe(0.9738);
  });
});

describe('grades', () => {
  test('优秀 from 90, 良好 from 80, 合格 from 60', () => {
    expect([90, 89.99, 80, 79.99, 60, 59.99, 0].map(grade)).toEqual([
      '优秀',
      '良好',
      '良好',
      '合格',
      '合格',
      '不合格',
      '不合格',
    ]);
    expect(grade(null)).toBeNull();
  });
});

describe('evaluation score (测评得分)', () => {
  const rating = (evaluatorGroup: string, more: Partial<ScoredEvaluation>): ScoredEvaluation => ({
    period: '2026',
    subjectKind: '单位',
    subject: 'YP-CB',
    evaluatorGroup,
    ...more,
  });
  const ratings = [
    rating('群众', { overall: '满意' }),
    rating('群众', { overall: '基本满意' }),
    rating('政府', { attendance: 80, spirit: 90, serviceAwareness: 70, problemSolving: 100 }),
    rating('党委', { overall: '不满意' }),
    rating('社区干部', { overall: '满意' }),
  ];

  test('三三制: group means (90, 85, 0) a third each; groups without weight count nothing', () => {
    expect(evaluationScore(ratings, settings)).toEqual({ score: 58.33, veto: false });
  });

  test('item scores win over an overall rating given beside them (逐项量化)', () => {
    const both = rating('群众', { overall: '不满意', attendance: 90, spirit: 80 });
    expect(ratingPoints(both)).toBe(85);
    expect(ratingPoints(rating('群众', { overall: '基本满意' }))).toBe(80);
    expect(ratingPoints(rating('群众', {}))).toBeNull();
  });

  test('Yangpu weights: 社区干部 and 群众 half each; the other groups count nothing', () => {
    const yangpu = resolveSettings({ evaluatorWeights: EVALUATOR_PRESETS.杨浦 });
    // 群众 (100 + 80) / 2 = 90, 社区干部 100 → (90 + 100) / 2 = 95.
    expect(evaluationScore(ratings, yangpu).score).toBe(95);
  });

  test('a department is rated with the 条块互评 weights: 街道/镇 and 群众', () => {
    const ofDepartment = [
      rating('街道/镇', { subject: 'YP-D-FG', overall: '满意' }),
      rating('街道/镇', { subject: 'YP-D-FG', overall: '不满意' }),
      rating('群众', { subject: 'YP-D-FG', attendance: 70, problemSolving: 90 }),
      rating('党委', { subject: 'YP-D-FG', overall: '不满意' }),
    ];
    // 街道/镇 (100 + 0) / 2 = 50, 群众 80 → 65; 党委 has no weight for departments.
    expect(evaluationScore(ofDepartment, settings, true).score).toBe(65);
    const figures = computeFigures([], { asOf: '2026-12-31', settings, calendar });
    expect(figures.evaluationScore).toBeUndefined();
    const grouped = groupFigures([{ ...A, assignee: 'YP-D-FG' }], 'department', {
      asOf: '2026-12-31',
      settings,
      calendar,
      org,
      evaluations: ofDepartment,
    });
    expect(grouped.groups[0]).toMatchObject({ key: 'YP-D-FG', evaluationScore: 65 });
  });

  test('weights rescale over the groups that rated', () => {
    expect(evaluationScore(ratings.slice(0, 3), settings).score).toBe(87.5);
  });

  test('a veto sets the composite to 0 and the grade to 不合格', () => {
    const vetoed = [...ratings, rating('党委', { overall: '满意', veto: true })];
    const figures = computeFigures([A], {
      asOf: '2026-04-30',
      settings,
      calendar,
      evaluations: vetoed,
    });
    expect(figures).toMatchObject({ composite: 0, grade: '不合格', veto: true });
    const clean = computeFigures([A], {
      asOf: '2026-04-30',
      settings,
      calendar,
      evaluations: ratings,
    });
    expect(clean).toMatchObject({
      composite: 100,
      grade: '优秀',
      veto: false,
      evaluationScore: 58.33,
    });
  });

  test('an evaluation of another period does not count', () => {
    const other = [rating('党委', { period: '2025', overall: '满意', veto: true })];
    const figures = computeFigures([A], {
      asOf: '2026-04-30',
      settings,
      calendar,
      period: '2026Q1',
      evaluations: other,
    });
    expect(figures).toMatchObject({ veto: false, evaluationScore: null, grade: '优秀' });
  });
});

describe('grouped figures', () => {
  const placed = [
    { ...A, area: 'YP-CB-001', firstReceiver: '王建华', assignee: '区房管局' },
    { ...B, area: 'YP-CB-002', firstReceiver: '王建华', assignee: 'YP-D-FG' },
    { ...C, area: 'YP-WJC-001', firstReceiver: '李秀英', assignee: null },
  ];
  const options = { asOf: '2026-04-30', settings, calendar, org };

  test('by child unit of the district', () => {
    const result = groupFigures(placed, 'children', { ...options, unit: 'YP' });
    expect(result.total.intake).toBe(3);
    expect(result.groups.map((g) => [g.key, g.name, g.intake])).toEqual([
      ['YP-CB', '长白新村街道', 2],
      ['YP-WJC', '五角场街道', 1],
    ]);
  });

  test('by area, department (name or code) and cadre', () => {
    const areas = groupFigures(placed, 'area', options).groups;
    expect(areas.map((g) => g.key)).toEqual(['YP-CB-001', 'YP-CB-002', 'YP-WJC-001']);
    const departments = groupFigures(placed, 'department', options).groups;
    expect(departments.map((g) => [g.key, g.intake])).toEqual([['YP-D-FG', 2]]);
    const cadres = groupFigures(placed, 'cadre', options).groups;
    expect(cadres.map((g) => [g.key, g.intake, g.onTimeResolutionRate])).toEqual([
      ['李秀英', 1, 0],
      ['王建华', 2, 0.5],
    ]);
  });
});

describe("the department's clock (docs/decisions/0010)", () => {
  // Received Mon 07-06 at YP-CB-001: the area's reply is due 07-13, its resolution 08-05.
  // Dispatched Wed 07-15 to 区房管局: the department's reply is due 07-22, its resolution 08-14.
  const inArea = { area: 'YP-CB-001', assignee: 'YP-D-FG', satisfaction: '满意' } as const;
  const G = made('2026-07-06', {
    ...inArea,
    dispatchedOn: '2026-07-15',
    repliedOn: '2026-07-20',
    resolvedOn: '2026-08-10',
  });
  // The same dispatch, resolved 08-20: late by 08-14, on time once 10 days were granted (08-24).
  const H = made('2026-07-06', {
    ...inArea,
    dispatchedOn: '2026-07-15',
    extensionDays: 10,
    repliedOn: '2026-07-16',
    resolvedOn: '2026-08-20',
  });
  // Received Mon 06-01 (the area's resolution due 07-01), dispatched only on Fri 07-03: the
  // department's resolution is due 08-02, a Sunday, so Mon 08-03; resolved 07-30.
  const I = made('2026-06-01', {
    ...inArea,
    dispatchedOn: '2026-07-03',
    repliedOn: '2026-06-05',
    resolvedOn: '2026-07-30',
  });
  const options = { asOf: '2026-08-31', settings, calendar, org, unit: 'YP' };

  test('a department is judged from dispatch, the receiving unit from receipt', () => {
    const { total, groups } = groupFigures([G, H, I], 'department', options);
    // The department: every reply (07-20, 07-16 by 07-22; 06-05 by 07-10) and every resolution
    // (08-10 by 08-14, 08-20 by 08-24 with the extension, 07-30 by 08-03) on time.
    expect(groups).toMatchObject([
      { key: 'YP-D-FG', intake: 3, responseRate: 1, onTimeResolutionRate: 1, closureRate: 1 },
    ]);
    // The district's total, from receipt: G and H replied after 07-13, I by 06-08 → 1/3. G and
    // H were dispatched before 08-05 and leave its on-time set; I, dispatched after its due date
    // 07-01, stays and was late → 0/1. All three stay closed and rated.
    expect(total).toMatchObject({
      intake: 3,
      responseRate: 0.3333,
      onTimeResolutionRate: 0,
      closureRate: 1,
      satisfactionRate: 1,
    });
  });

  test('an extension moves the department’s resolution due date, once granted', () => {
    const asked = { ...H, extensionDays: null };
    const clock = { ...options, clock: 'department' as const };
    expect(computeFigures([asked], clock).onTimeResolutionRate).toBe(0);
    expect(computeFigures([H], clock).onTimeResolutionRate).toBe(1);
    // A department's own figures run on its clock without saying so.
    const own = groupFigures([asked], 'cadre', { ...options, unit: 'YP-D-FG' });
    expect(own.total.onTimeResolutionRate).toBe(0);
  });

  test('a reassignment restarts the department’s clock; a send-back leaves the area out', () => {
    // Reassigned on Sat 07-25 to 区民政局 (first dispatched 07-15): its resolution is due 08-24,
    // so 08-20 is on time; the area still handed the case over in time.
    const reassigned = {
      ...H,
      extensionDays: null,
      assignee: 'YP-D-MZ',
      dispatchedOn: '2026-07-25',
      firstDispatchedOn: '2026-07-15',
    };
    const { total, groups } = groupFigures([reassigned], 'department', options);
    expect(groups).toMatchObject([{ key: 'YP-D-MZ', onTimeResolutionRate: 1 }]);
    expect(total.onTimeResolutionRate).toBeNull();
    // Sent back (退单) on 07-20: no department any more, and not the area's again.
    const sentBack = {
      ...G,
      assignee: null,
      dispatchedOn: null,
      firstDispatchedOn: '2026-07-15',
    };
    const back = groupFigures([sentBack], 'department', options);
    expect(back.groups).toEqual([]);
    expect(back.total).toMatchObject({ intake: 1, onTimeResolutionRate: null, closureRate: 1 });
  });

  test('a case dispatched after the as-of date is still the receiving unit’s', () => {
    // As of 07-14 G is not dispatched yet; nothing of its resolution is due (08-05).
    const early = computeFigures([G], { ...options, asOf: '2026-07-14' });
    expect(early).toMatchObject({ intake: 1, onTimeResolutionRate: null });
    // Resolved by receipt's clock on 08-10, had it never been dispatched: late.
    const never = { ...G, dispatchedOn: null };
    expect(computeFigures([never], options).onTimeResolutionRate).toBe(0);
  });
});
