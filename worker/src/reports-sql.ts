/**
 * What the district's reports read from D1 (routes/reports.ts): the monthly problem counts, the
 * cases and steps of the supervision list, the open cases of the due-soon list, and the visits,
 * households and contact areas of the visit compliance. Each takes the binding and the unit codes
 * of the scope as a JSON array (`?1`), and reads only current records (docs/decisions/0007).
 */
import type { visitCompliance } from '../../shared/compliance.ts';
import { CALENDAR_GAP_SQL } from './district-rules.ts';
import { CASE_COLUMNS, type CaseRow, type EventRow } from './sweep-cases.ts';

/** Cases per month of receipt, category and area, from `from` through the month `month`. */
export async function frequentCounts(db: D1Database, units: string, from: string, month: string) {
  const { results } = await db
    .prepare(
      `SELECT substr(received_on, 1, 7) || '-01' AS receivedOn, category, area, count(*) AS count
         FROM cases
        WHERE owner_unit IN (SELECT value FROM json_each(?1)) AND current = 1
          AND received_on >= ?2 AND received_on <= ?3 || '-31'
        GROUP BY 1, 2, 3`,
    )
    .bind(units, from, month)
    .all<{ receivedOn: string; category: string | null; area: string | null; count: number }>();
  return results;
}

export type SupervisedRow = CaseRow & {
  first_receiver: string;
  assignee_unit: string | null;
  dispatched_on: string | null;
  extension_days: number | null;
};

/**
 * Open (or reopened) cases as of `asOf`, and every case of the widespread window from
 * `windowStart`, with their stored steps: one batch.
 */
export async function supervisedCases(
  db: D1Database,
  units: string,
  asOf: string,
  windowStart: string,
): Promise<{ rows: SupervisedRow[]; events: EventRow[] }> {
  const where = `owner_unit IN (SELECT value FROM json_each(?1)) AND current = 1 AND received_on <= ?2
      AND (resolved_on IS NULL OR resolved_on > ?2 OR satisfaction = '不满意' OR received_on >= ?3)`;
  const [cases, events] = await db.batch([
    db
      .prepare(
        `SELECT ${CASE_COLUMNS}, first_receiver, assignee_unit, dispatched_on, extension_days
           FROM cases WHERE ${where}`,
      )
      .bind(units, asOf, windowStart),
    db
      .prepare(
        `SELECT case_id, at, kind, before, after FROM case_events
          WHERE case_id IN (SELECT id FROM cases WHERE ${where}) ORDER BY id`,
      )
      .bind(units, asOf, windowStart),
  ]);
  return {
    rows: cases!.results as SupervisedRow[],
    events: events!.results as EventRow[],
  };
}

export interface DueSoonRow {
  id: number;
  case_no: string;
  unit: string;
  area: string | null;
  reply_due: string;
  replied_on: string | null;
  due: string;
  gap: number;
}

/**
 * The open cases as of `asOf` of the units `scope` (a JSON array of codes), or, for a department,
 * those assigned to it (`scope` its code), as its scores count them.
 */
export async function openCasesDue(
  db: D1Database,
  department: boolean,
  scope: string,
  asOf: string,
): Promise<DueSoonRow[]> {
  const mine = department
    ? 'c.assignee_unit = ?1'
    : 'c.owner_unit IN (SELECT value FROM json_each(?1))';
  const where = `${mine} AND c.current = 1 AND c.received_on <= ?2
      AND (c.resolved_on IS NULL OR c.resolved_on > ?2 OR c.satisfaction = '不满意')`;
  const { results } = await db
    .prepare(
      `SELECT id, case_no, unit, area, reply_due, replied_on,
              -- A 不满意 rating starts a new round, due one period after the rating.
              CASE WHEN satisfaction = '不满意' THEN coalesce(reopen_due, resolution_due)
                   ELSE resolution_due END AS due,
              (${CALENDAR_GAP_SQL}) AS gap
         FROM case_rows c WHERE ${where}`,
    )
    .bind(scope, asOf)
    .all<DueSoonRow>();
  return results;
}

/**
 * The visits up to `asOf`, the households, and the register's contact areas (联系点: whose
 * committee and households are whose) of the units: one batch.
 */
export async function complianceRecords(db: D1Database, units: string, asOf: string) {
  const [visits, households, cadres] = await db.batch([
    db
      .prepare(
        `SELECT visit_on AS visitOn, cadre, area, target, visit_type AS visitType FROM visits
          WHERE owner_unit IN (SELECT value FROM json_each(?1)) AND current = 1 AND visit_on <= ?2`,
      )
      .bind(units, asOf),
    db
      .prepare(
        `SELECT household_no AS householdNo, area, household_type AS householdType,
                paired_cadre AS pairedCadre, last_visit_on AS lastVisitOn FROM households
          WHERE owner_unit IN (SELECT value FROM json_each(?1)) AND current = 1`,
      )
      .bind(units),
    db
      .prepare(
        `SELECT name, contact_area AS contactArea FROM cadres
          WHERE contact_area IN (SELECT value FROM json_each(?1)) AND current = 1`,
      )
      .bind(units),
  ]);
  return {
    visits: visits!.results as Parameters<typeof visitCompliance>[0],
    households: households!.results as Parameters<typeof visitCompliance>[1],
    cadres: cadres!.results as { name: string; contactArea: string }[],
  };
}
