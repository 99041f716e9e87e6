/**
 * The submissions as the inbox reads them — with whether each is its ledger's counting version
 * (docs/decisions/0007) — a ledger's versions as a review reads them, with the guard that fails its
 * batch when they changed meanwhile, and the statements of the review and the forward upward. The
 * write of a submission itself is submissions.ts; the flow that calls both is submit.ts.
 */
import type { z } from 'zod';
import type { LedgerKind } from '../../shared/ledgers/index.ts';
import type { OrgTree } from '../../shared/org.ts';
import { nowIso } from './db.ts';
import { LEDGER_TABLES } from './ledger-tables.ts';
import { afterCursor, type CursorValue } from './paging.ts';
import type { submission } from './schemas.ts';
import { GUARD_ERROR, type Ledger, type SubmissionStatus } from './submissions.ts';

export interface SubmissionRow {
  id: string;
  unit: string;
  kind: LedgerKind;
  period: string;
  version: number;
  status: SubmissionStatus;
  source_name: string | null;
  row_count: number;
  inserted: number;
  updated: number;
  unchanged: number;
  submitted_by: string;
  submitted_at: string;
  reviewed_by: string | null;
  reviewed_at: string | null;
  return_reason: string | null;
  forwarded_by: string | null;
  forwarded_at: string | null;
  current: number;
}

/** Whether a version is its ledger's counting one: its latest not returned (docs/decisions/0007). */
const CURRENT = `(status <> 'returned' AND NOT EXISTS (SELECT 1 FROM submissions s2
  WHERE s2.unit = submissions.unit AND s2.kind = submissions.kind AND s2.period = submissions.period
    AND s2.status <> 'returned' AND s2.version > submissions.version))`;

export function rowToSubmission(row: SubmissionRow, org: OrgTree): z.infer<typeof submission> {
  return {
    id: row.id,
    unit: row.unit,
    unitName: org.get(row.unit)?.name ?? row.unit,
    kind: row.kind,
    period: row.period,
    version: row.version,
    current: row.current === 1,
    status: row.status,
    sourceName: row.source_name,
    rows: row.row_count,
    inserted: row.inserted,
    updated: row.updated,
    unchanged: row.unchanged,
    submittedBy: row.submitted_by,
    submittedAt: row.submitted_at,
    reviewedBy: row.reviewed_by,
    reviewedAt: row.reviewed_at,
    returnReason: row.return_reason,
    forwardedBy: row.forwarded_by,
    forwardedAt: row.forwarded_at,
  };
}

export async function findSubmission(db: D1Database, id: string): Promise<SubmissionRow | null> {
  return db
    .prepare(`SELECT *, ${CURRENT} AS current FROM submissions WHERE id = ?1`)
    .bind(id)
    .first<SubmissionRow>();
}

export interface InboxQuery {
  units: readonly string[];
  status?: SubmissionStatus;
  period?: string;
  kind?: LedgerKind;
  /** The last item's submission time and id, or nulls for the first page. */
  cursor: readonly CursorValue[];
  /** Rows to read: the page's size and one more (is there a next page?). */
  limit: number;
}

/** The submissions of these units, newest first, filtered and after the cursor. */
export async function listSubmissions(db: D1Database, q: InboxQuery): Promise<SubmissionRow[]> {
  const { results } = await db
    .prepare(
      `SELECT *, ${CURRENT} AS current FROM submissions
        WHERE unit IN (SELECT value FROM json_each(?1))
          AND (?2 IS NULL OR status = ?2) AND (?3 IS NULL OR period = ?3) AND (?4 IS NULL OR kind = ?4)
          AND (?5 IS NULL OR ${afterCursor('submitted_at', true, '?5', '?6')})
        ORDER BY submitted_at DESC, id DESC LIMIT ?7`,
    )
    .bind(
      JSON.stringify(q.units),
      q.status ?? null,
      q.period ?? null,
      q.kind ?? null,
      q.cursor[0] ?? null,
      q.cursor[1] ?? null,
      q.limit,
    )
    .all<SubmissionRow>();
  return results;
}

/** How many counting versions of these units in the period still wait for their review. */
export async function pendingReviewCount(
  db: D1Database,
  units: readonly string[],
  period: string,
): Promise<number> {
  const pending = await db
    .prepare(
      `SELECT count(*) AS n FROM submissions WHERE unit IN (SELECT value FROM json_each(?1))
         AND period = ?2 AND status = 'submitted' AND ${CURRENT}`,
    )
    .bind(JSON.stringify(units), period)
    .first<{ n: number }>();
  return pending?.n ?? 0;
}

/**
 * Marks forwarded (上报) the period's counting versions: those accepted below `unit`, and the unit's
 * own submitted or accepted ones. Its changes are the number forwarded.
 */
export function forwardStatement(
  db: D1Database,
  forward: { unit: string; below: readonly string[]; period: string; by: string },
): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE submissions SET status = 'forwarded', forwarded_by = ?4, forwarded_at = ?5
        WHERE period = ?2 AND ${CURRENT}
          AND ((unit IN (SELECT value FROM json_each(?1)) AND status = 'accepted')
            OR (unit = ?3 AND status IN ('submitted', 'accepted')))`,
    )
    .bind(JSON.stringify(forward.below), forward.period, forward.unit, forward.by, nowIso());
}

/** The parent's decision, applied only while the submission is still in the status it was read in. */
export function reviewStatement(
  db: D1Database,
  review: {
    id: string;
    status: 'accepted' | 'returned';
    by: string;
    reason: string | null;
    from: SubmissionStatus;
  },
): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE submissions SET status = ?2, reviewed_by = ?3, reviewed_at = ?4, return_reason = ?5
        WHERE id = ?1 AND status = ?6`,
    )
    .bind(review.id, review.status, review.by, nowIso(), review.reason, review.from);
}

/**
 * The read of whether the unit has any record of this ledger kind (none: its first submission has
 * no history), for a batch: it has some when the result has a row.
 */
export function hasRecordsStatement(
  db: D1Database,
  kind: LedgerKind,
  unit: string,
): D1PreparedStatement {
  const { table } = LEDGER_TABLES[kind];
  return db.prepare(`SELECT 1 AS x FROM ${table} WHERE unit = ?1 LIMIT 1`).bind(unit);
}

/** A ledger's versions in order, as the review that reads them sees them. */
export interface LedgerVersion {
  id: string;
  version: number;
  status: SubmissionStatus;
}

const LEDGER_VERSIONS = `SELECT id, version, status FROM submissions
  WHERE unit = ?1 AND kind = ?2 AND period = ?3 ORDER BY version`;

export async function ledgerVersions(db: D1Database, ledger: Ledger): Promise<LedgerVersion[]> {
  const { results } = await db
    .prepare(LEDGER_VERSIONS)
    .bind(ledger.unit, ledger.kind, ledger.period)
    .all<LedgerVersion>();
  return results;
}

/** The version whose rows are a ledger's current records: its latest that is not returned. */
export function countingVersion(versions: readonly LedgerVersion[]): LedgerVersion | null {
  return versions.findLast((v) => v.status !== 'returned') ?? null;
}

/** The versions of a ledger changed since they were read: nothing was written; read them again. */
export class LedgerChanged extends Error {}

/**
 * The first statement of a batch that relies on the versions it read: it fails the batch whole
 * (`LedgerChanged`, via `runGuarded`) when a version was added or reviewed meanwhile.
 */
export function ledgerGuard(
  db: D1Database,
  ledger: Ledger,
  versions: readonly LedgerVersion[],
): D1PreparedStatement {
  return db
    .prepare(
      `SELECT CASE WHEN (SELECT group_concat(id || ':' || status, ',') FROM (${LEDGER_VERSIONS}))
                   IS NOT ?4 THEN json('{') END`,
    )
    .bind(
      ledger.unit,
      ledger.kind,
      ledger.period,
      versions.length === 0 ? null : versions.map((v) => `${v.id}:${v.status}`).join(','),
    );
}

/** Runs a batch that starts with `ledgerGuard`; throws `LedgerChanged` when the guard fails it. */
export async function runGuarded(
  db: D1Database,
  statements: D1PreparedStatement[],
): Promise<D1Result[]> {
  try {
    return await db.batch(statements);
  } catch (error) {
    if (error instanceof Error && error.message.includes(GUARD_ERROR)) throw new LedgerChanged();
    throw error;
  }
}
