import { describe, expect, test } from 'vitest';
import type { ComplianceHousehold, ComplianceVisit } from './compliance.ts';
import { contactDayOf, periodsDue, visitCoverage } from './coverage.ts';

const AREA = 'YP-CB-001';
const visit = (
  visitOn: string,
  cadre: string,
  visitType: string,
  target: string | null = null,
  area = AREA,
) => ({ visitOn, cadre, area, target, visitType }) satisfies ComplianceVisit;
const household = (householdNo: string, householdType: string, pairedCadre: string | null) =>
  ({
    householdNo,
    area: AREA,
    householdType,
    pairedCadre,
    lastVisitOn: null,
  }) satisfies ComplianceHousehold;

// 2026's second Thursdays, read off a calendar (1 January 2026 is a Thursday).
const SECOND_THURSDAYS_2026 = [
  '2026-01-08',
  '2026-02-12',
  '2026-03-12',
  '2026-04-09',
  '2026-05-14',
  '2026-06-11',
  '2026-07-09',
  '2026-08-13',
  '2026-09-10',
  '2026-10-08',
  '2026-11-12',
  '2026-12-10',
];

describe('六个一遍 coverage per calendar period', () => {
  test('the contact day is the second Thursday by default, or the day a district sets', () => {
    const months = Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`);
    expect(months.map((m) => contactDayOf(m))).toEqual(SECOND_THURSDAYS_2026);
    // The first Monday of June 2026 (1 June is a Monday); the fourth Friday of May (1 May is one).
    expect(contactDayOf('2026-06', { nth: 1, weekday: 1 })).toBe('2026-06-01');
    expect(contactDayOf('2026-05', { nth: 4, weekday: 5 })).toBe('2026-05-22');
  });

  test('a period is due once its last day is reached; the running one is not', () => {
    const year = { from: '2026-01-01', to: '2026-12-31' };
    expect(periodsDue(year, 3, '2026-09-29')).toHaveLength(2);
    expect(periodsDue(year, 3, '2026-09-30')).toHaveLength(3);
    expect(periodsDue(year, 6, '2026-06-29')).toHaveLength(0);
    expect(periodsDue(year, 1, '2026-12-31')).toHaveLength(12);
  });

  test('a cadre visiting the committee in 2 of 12 months covers 2/12, one visiting all 12 covers 12/12', () => {
    const visits = [
      visit('2026-03-03', '李明', '走访两委班子', '两委班子'),
      visit('2026-03-20', '李明', '走访两委班子', '两委班子'), // the same month again: still one
      visit('2026-07-21', '李明', '走访两委班子', '两委班子'),
      ...SECOND_THURSDAYS_2026.map((d) => visit(d, '王建华', '走访两委班子', '两委班子')),
    ];
    const { byCadre, byArea } = visitCoverage(visits, [], { period: '2026', asOf: '2026-12-31' });
    const li = byCadre.find((c) => c.cadre === '李明')!;
    const wang = byCadre.find((c) => c.cadre === '王建华')!;
    expect(li.duties.COMMITTEE).toEqual({ due: 12, done: 2, rate: 0.1667 });
    expect(wang.duties.COMMITTEE).toEqual({ due: 12, done: 12, rate: 1 });
    // No policy review in the year: 0 of 4 quarters; no households, so those duties drop out.
    expect(wang.duties.POLICY).toEqual({ due: 4, done: 0, rate: 0 });
    expect(wang.coverage).toBe(0.5);
    expect(li.coverage).toBe(0.0833); // (2/12 + 0/4) / 2
    // Every committee visit of 王建华 fell on the contact day; none of 李明's did.
    expect(wang.contactDay).toEqual({ due: 12, done: 12, rate: 1 });
    expect(li.contactDay).toEqual({ due: 12, done: 0, rate: 0 });
    // The area: every month covered by someone.
    expect(byArea).toHaveLength(1);
    expect(byArea[0]!.duties.COMMITTEE).toEqual({ due: 12, done: 12, rate: 1 });
  });

  test('needy households visited in some quarters only count household-quarters; the running quarter is not yet due', () => {
    const households = [
      household('H1', '困难户', '王建华'),
      household('H2', '困难户', '王建华'),
      household('H3', '孤老', '王建华'),
      household('H4', '普通户', '王建华'), // no duty
    ];
    const visits = [
      visit('2026-02-10', '王建华', '走访帮困对象', 'H1'), // Q1
      visit('2026-08-03', '王建华', '走访帮困对象', 'H1'), // Q3, running on 08-15
      visit('2026-05-06', '王建华', '走访帮困对象', 'H2'), // Q2
      visit('2026-06-30', '王建华', '走访帮困对象', 'H2'), // Q2 again: one household-quarter
      visit('2026-04-01', '李明', '走访帮困对象', 'H3'), // another cadre's visit
    ];
    const midYear = visitCoverage(visits, households, { period: '2026', asOf: '2026-08-15' });
    const wang = midYear.byCadre.find((c) => c.cadre === '王建华')!;
    // Q1 and Q2 due for H1 and H2: H1 in Q1, H2 in Q2 → 2 of 4.
    expect(wang.duties.NEEDY).toEqual({ due: 4, done: 2, rate: 0.5 });
    // H3 was visited by 李明, not by him: 0 of 2 for him, 1 of 2 for the area.
    expect(wang.duties.SPECIAL).toEqual({ due: 2, done: 0, rate: 0 });
    const area = midYear.byArea[0]!;
    expect(area.duties.SPECIAL).toEqual({ due: 2, done: 1, rate: 0.5 });
    expect(area.duties.MODEL).toEqual({ due: 0, done: 0, rate: null });

    // Once Q3 has ended, H1's August visit counts and both households owe Q3.
    const q3 = visitCoverage(visits, households, { period: '2026', asOf: '2026-09-30' });
    expect(q3.byCadre.find((c) => c.cadre === '王建华')!.duties.NEEDY).toEqual({
      due: 6,
      done: 3,
      rate: 0.5,
    });
  });

  test('a cadre of the register is held to his contact area even without a visit', () => {
    const { byCadre } = visitCoverage([], [household('H1', '模范人物', null)], {
      period: '2026',
      asOf: '2026-12-31',
      cadres: [{ name: '赵强', contactArea: AREA }],
    });
    expect(byCadre).toHaveLength(1);
    expect(byCadre[0]).toMatchObject({
      cadre: '赵强',
      areas: [AREA],
      coverage: 0,
      contactDay: { due: 12, done: 0, rate: 0 },
    });
    expect(byCadre[0]!.duties.MODEL).toEqual({ due: 2, done: 0, rate: 0 });
  });
});
