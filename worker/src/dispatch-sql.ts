/**
 * The writes of a case's dispatch steps (docs/decisions/0010): each step is an event, the new
 * version's history, an audit row and the case's update, every statement guarded by the version the
 * step was checked against, for one `db.batch` — a step that lost a race writes nothing at all.
 */
import { dataOf, editHistorySql, recordOfRow } from './ledger-tables.ts';
import type { RecordRow } from './records.ts';

export type StepKind =
  | 'dispatched'
  | 'reassigned'
  | 'extension_asked'
  | 'extension_granted'
  | 'sent_back';

const DISPATCH = `dispatched_unit = ?5, assignee = ?5, assignee_unit = ?5, dispatched_on = ?6,
  first_dispatched_on = coalesce(first_dispatched_on, ?6), handler = ?7, plan = ?8,
  dispatch_reply_due = ?9, dispatch_resolution_due = ?10,
  extension_asked = NULL, extension_reason = NULL, extension_days = NULL`;

/**
 * What each step sets on the case, its values bound from ?5 on: a dispatch (department, date,
 * handler, plan, reply and resolution due), an extension asked (days, reason) or granted (the new
 * resolution due), a send-back (nothing: the case is back with the district, its first dispatch
 * date kept).
 */
const SETS: Record<StepKind, string> = {
  dispatched: DISPATCH,
  reassigned: DISPATCH,
  extension_asked: 'extension_asked = ?5, extension_reason = ?6',
  extension_granted:
    'extension_days = extension_asked, extension_asked = NULL, dispatch_resolution_due = ?5',
  sent_back: `first_dispatched_on = coalesce(first_dispatched_on, dispatched_on),
    dispatched_unit = NULL, assignee = NULL, assignee_unit = NULL, dispatched_on = NULL,
    handler = NULL, plan = NULL, dispatch_reply_due = NULL, dispatch_resolution_due = NULL,
    extension_asked = NULL, extension_reason = NULL, extension_days = NULL`,
};

export interface Step {
  kind: StepKind;
  /** What the event records (department, handler, plan, days, reason). */
  detail: Record<string, unknown>;
  /** The case's record after the step (its data), when the step changes it. */
  data?: Record<string, unknown>;
  /** The values of the step's assignments (SETS), bound from ?5 on. */
  values: unknown[];
}

/**
 * The step's statements, the case's update last (its `changes` tell whether the step applied).
 * `at` is the event's instant in China time, `now` the stored timestamps.
 */
export function stepStatements(
  db: D1Database,
  row: RecordRow,
  by: { username: string; at: string; now: string },
  step: Step,
): D1PreparedStatement[] {
  const { username, at, now } = by;
  const guard = 'FROM cases WHERE id = ?1 AND version = ?2 AND current = 1';
  const detail = JSON.stringify(step.detail);
  const record = step.data ?? recordOfRow('case', row);
  return [
    db
      .prepare(
        `INSERT INTO case_events (case_id, at, kind, reason, actor, after, created_at)
         SELECT id, ?3, ?4, ?5, ?6, ?7, ?8 ${guard}`,
      )
      .bind(row.id, row.version, at, step.kind, step.kind.toUpperCase(), username, detail, now),
    db
      .prepare(editHistorySql('case', guard))
      .bind(row.id, row.version, JSON.stringify(record), now, username),
    db
      .prepare(
        `INSERT INTO audit_log (at, actor, action, unit, target, detail)
         SELECT ?3, ?4, ?5, unit, CAST(id AS TEXT), ?6 ${guard}`,
      )
      .bind(row.id, row.version, now, username, `case.${step.kind}`, detail),
    db
      .prepare(
        `UPDATE cases SET ${SETS[step.kind]}, data = ?3, version = version + 1, updated_at = ?4,
                stepped = 1
          WHERE id = ?1 AND version = ?2 AND current = 1`,
      )
      .bind(row.id, row.version, dataOf('case', record), now, ...step.values),
  ];
}
