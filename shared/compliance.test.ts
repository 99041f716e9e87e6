import { describe, expect, test } from 'vitest';
import {
  addMonths,
  type ComplianceHousehold,
  type ComplianceVisit,
  visitCompliance,
} from './compliance.ts';

const visit = (visitOn: string, cadre: string, visitType: string, target: string | null = null) =>
  ({ visitOn, cadre, area: 'YP-CB-001', target, visitType }) satisfies ComplianceVisit;
const household = (householdNo: string, householdType: string, lastVisitOn: string | null) =>
  ({
    householdNo,
    area: 'YP-CB-001',
    householdType,
    pairedCadre: '王建华',
    lastVisitOn,
  }) satisfies ComplianceHousehold;

describe('六个一遍 visit compliance', () => {
  test('adds whole months, keeping the day or the last day of a shorter month', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2026-11-15', 3)).toBe('2027-02-15');
    expect(addMonths('2026-05-10', 6)).toBe('2026-11-10');
  });

  test('names the overdue duty of each cadre and household', () => {
    const visits = [
      visit('2026-04-10', '王建华', '走访两委班子', '两委班子'),
      visit('2026-03-01', '王建华', '梳理民生政策'),
      visit('2026-04-20', '王建华', '走访帮困对象', 'CB-001-H002'),
    ];
    const households = [
      household('CB-001-H001', '困难户', '2026-01-15'), // due 04-15: overdue on 05-20
      household('CB-001-H002', '孤老', '2026-01-01'), // visited 04-20 → due 07-20
      household('CB-001-H003', '模范人物', '2025-12-01'), // due 2026-06-01
      household('CB-001-H004', '普通户', null), // no duty
      household('CB-001-H005', '工商个体户', null), // never visited
    ];
    const result = visitCompliance(visits, households, '2026-05-20');
    expect(result.duties.map((d) => [d.duty, d.target, d.dueOn, d.overdue])).toEqual([
      ['COMMITTEE', null, '2026-05-10', true],
      ['POLICY', null, '2026-06-01', false],
      ['NEEDY', 'CB-001-H001', '2026-04-15', true],
      ['NEEDY', 'CB-001-H002', '2026-07-20', false],
      ['MODEL', 'CB-001-H003', '2026-06-01', false],
      ['MODEL', 'CB-001-H005', null, true],
    ]);
    expect(result.byCadre).toEqual([{ key: '王建华', duties: 6, overdue: 3, rate: 0.5 }]);
    expect(result.byArea).toEqual([{ key: 'YP-CB-001', duties: 6, overdue: 3, rate: 0.5 }]);
  });

  test('a duty visited on its due date is not overdue that day', () => {
    const visits = [visit('2026-04-10', '李秀英', '走访两委班子', '两委班子')];
    const on = visitCompliance(visits, [], '2026-05-10').duties.find((d) => d.duty === 'COMMITTEE');
    const after = visitCompliance(visits, [], '2026-05-11').duties.find(
      (d) => d.duty === 'COMMITTEE',
    );
    expect(on?.overdue).toBe(false);
    expect(after?.overdue).toBe(true);
  });

  test('visits after the as-of date do not count', () => {
    const visits = [visit('2026-06-01', '李秀英', '走访两委班子', '两委班子')];
    expect(visitCompliance(visits, [], '2026-05-10').duties).toEqual([]);
  });
});
