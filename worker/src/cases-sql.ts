/**
 * A case's own reads and writes beyond the list and detail every ledger shares (records.ts): its
 * events, the handling level's edits, its history, the district's referral to the standing
 * committee. Writes are statements for the caller's one `db.batch`.
 */
import type { z } from 'zod';
import { TOP_LEVEL } from '../../shared/escalation.ts';
import { nowIso } from './db.ts';
import { dataOf, editHistorySql, LEDGER_TABLES, recordOfRow } from './ledger-tables.ts';
import type { RecordRow } from './records.ts';
import type { event } from './schemas.ts';

interface EventRow {
  id: number | null;
  at: string;
  kind: string;
  from_level: number | null;
  to_level: number | null;
  reason: string;
  actor: string;
  before: string | null;
  after: string | null;
}

export type CaseEvent = z.infer<typeof event>;

const parseJson = (text: string | null) =>
  text === null ? null : (JSON.parse(text) as Record<string, unknown>);

function rowToEvent(e: EventRow): CaseEvent {
  return {
    id: e.id,
    at: e.at,
    kind: e.kind,
    fromLevel: e.from_level,
    toLevel: e.to_level,
    reason: e.reason,
    actor: e.actor,
    before: parseJson(e.before),
    after: parseJson(e.after),
  };
}

/**
 * A case's events (edits, dispatch steps, referral, and the climbs its ladder row keeps) in the
 * order they happened; on one day the recorded steps come before the climbs they caused.
 */
export async function caseEvents(db: D1Database, caseId: number): Promise<CaseEvent[]> {
  const { results } = await db
    .prepare(
      `SELECT id, at, kind, from_level, to_level, reason, actor, before, after, 0 AS climb, id AS n
         FROM case_events WHERE case_id = ?1
       UNION ALL
       SELECT NULL, at, 'climb', from_level, to_level, reason, actor, NULL, NULL, 1, n
         FROM case_climbs WHERE case_id = ?1
       ORDER BY at, climb, n`,
    )
    .bind(caseId)
    .all<EventRow>();
  return results.map(rowToEvent);
}

export interface CaseVersion {
  version: number;
  before: Record<string, unknown>;
  after: Record<string, unknown>;
  submissionId: string | null;
  at: string;
  by: string;
}

/**
 * Every earlier version of case `row`: its whole record before and after, by submission or edit.
 * The history keeps only the values each change made (docs/decisions/0013), so the records are
 * rebuilt from the current one backwards: each version's record after it is the record before the
 * next, and its stored values overlay it (rows written earlier kept whole records: they read the same).
 */
export async function caseHistory(db: D1Database, row: RecordRow): Promise<CaseVersion[]> {
  const { results } = await db
    .prepare(
      "SELECT version, before, after, submission_id, at, by FROM record_history WHERE kind = 'case' AND record_id = ?1 ORDER BY version, id",
    )
    .bind(row.id)
    .all<{
      version: number;
      before: string;
      after: string;
      submission_id: string | null;
      at: string;
      by: string;
    }>();
  const versions: CaseVersion[] = [];
  let next: Record<string, unknown> = recordOfRow('case', row);
  for (const h of results.toReversed()) {
    const after = { ...next, ...(JSON.parse(h.after) as Record<string, unknown>) };
    const before = { ...after, ...(JSON.parse(h.before) as Record<string, unknown>) };
    versions.unshift({
      version: h.version,
      before,
      after,
      submissionId: h.submission_id,
      at: h.at,
      by: h.by,
    });
    next = before;
  }
  return versions;
}

const COLUMN_OF = Object.fromEntries(
  Object.entries(LEDGER_TABLES.case.columns).map(([column, field]) => [field, column]),
);

const sqlValue = (value: unknown) => (typeof value === 'boolean' ? (value ? 1 : 0) : value);

/** The handling level's edit of a case: the fields changed, the values before and after. */
export interface CaseEdit {
  changed: readonly string[];
  current: Record<string, unknown>;
  next: Record<string, unknown>;
  /** The edit's instant in China time (its events' date). */
  at: string;
  by: string;
  /** The department the new assignee resolves to, if any. */
  assigneeUnit: string | null;
}

/**
 * An edit's statements, each guarded by the version it was made on: one event per changed field,
 * the new version's history, then the case's update (at index `changed.length + 1`: its changes
 * tell whether the edit applied).
 */
export function caseEditStatements(
  db: D1Database,
  row: RecordRow,
  edit: CaseEdit,
): D1PreparedStatement[] {
  const { changed, current, next, at, by } = edit;
  const guard = 'FROM cases WHERE id = ?1 AND version = ?2';
  return [
    // 首问负责制 holds because firstReceiver is not among the columns written here.
    ...changed.map((key) =>
      db
        .prepare(
          `INSERT INTO case_events (case_id, at, kind, reason, actor, before, after, created_at)
           SELECT ?1, ?3, 'update', ?4, ?5, ?6, ?7, ?8 ${guard}`,
        )
        .bind(
          row.id,
          row.version,
          at,
          key,
          by,
          JSON.stringify({ [key]: current[key] }),
          JSON.stringify({ [key]: next[key] }),
          nowIso(),
        ),
    ),
    db
      .prepare(editHistorySql('case', guard))
      .bind(row.id, row.version, JSON.stringify(next), at, by),
    db
      .prepare(
        `UPDATE cases SET ${changed.map((key, i) => `${COLUMN_OF[key]} = ?${i + 6}`).join(', ')},
           assignee_unit = ?3, data = ?4, version = version + 1, updated_at = ?5,
           reopen_due = NULL, stepped = 1
         WHERE id = ?1 AND version = ?2`,
      )
      .bind(
        row.id,
        row.version,
        edit.assigneeUnit,
        dataOf('case', next),
        nowIso(),
        ...changed.map((key) => sqlValue(next[key])),
      ),
  ];
}

/**
 * The district's referral of a case to the standing committee: an event, the audit row, and a
 * climb to the top level dated on the meeting with the level on the case's ladder row, every
 * statement under the same condition — a referral that lost a race writes nothing, not even its
 * audit row. The ladder's update is last (its changes tell whether the referral applied).
 */
export function referralStatements(
  db: D1Database,
  caseId: number,
  referral: { reason: string; meetingOn: string; by: string; now: string },
): D1PreparedStatement[] {
  const { meetingOn, by, now } = referral;
  const guard = `FROM case_rows WHERE id = ?1 AND current = 1 AND level < ${TOP_LEVEL}`;
  const detail = JSON.stringify({ reason: referral.reason, meetingOn });
  return [
    db
      .prepare(
        `INSERT OR IGNORE INTO case_events (case_id, at, kind, reason, actor, after, created_at)
         SELECT id, ?2, 'referred', 'REFERRED', ?3, ?4, ?5 ${guard}`,
      )
      .bind(caseId, meetingOn, by, detail, now),
    db
      .prepare(
        `INSERT INTO audit_log (at, actor, action, unit, target, detail)
         SELECT ?2, ?3, 'case.refer', unit, CAST(id AS TEXT), ?4 ${guard}`,
      )
      .bind(caseId, now, by, detail),
    db
      .prepare(`UPDATE cases SET stepped = 1, updated_at = ?2 WHERE id IN (SELECT id ${guard})`)
      .bind(caseId, now),
    db
      .prepare(
        `INSERT INTO case_ladder (case_id, level, sweep_on, climbs)
         SELECT id, ${TOP_LEVEL}, '', json_array(json_array(?2, level, ${TOP_LEVEL}, 'REFERRED', ?3))
           ${guard}
         ON CONFLICT (case_id) DO UPDATE SET level = ${TOP_LEVEL},
           climbs = json_insert(case_ladder.climbs, '$[#]', json(excluded.climbs -> '$[0]'))`,
      )
      .bind(caseId, meetingOn, by),
  ];
}
