/**
 * The finalised roll's revisions and its appeals in D1 (docs/decisions/0014): query functions that
 * take the binding and map rows; the routes put the writes into one `db.batch` with their audit.
 */
import type { RollOf, RollRow } from '../../shared/assessment.ts';

/** A frozen roll: its rows as signed off, where each row belongs, and how it was computed. */
export interface Revision {
  revision: number;
  asOf: string;
  rows: RollRow[];
  /** Each row's units: a row is part of a unit's roll when one of them lies in its subtree. */
  owners: Record<string, string[]>;
  settings: unknown;
  /** Why the roll was corrected; `null` for the finalisation itself. */
  reason: string | null;
  appealId: number | null;
  signedBy: string;
  signedAt: string;
}

export type RevisionMeta = Omit<Revision, 'rows' | 'owners' | 'settings'>;

export interface Appeal {
  id: number;
  year: number;
  of: RollOf;
  key: string;
  figure: string;
  revision: number;
  unit: string;
  reason: string;
  records: { ref: string; note?: string }[];
  filedBy: string;
  filedAt: string;
  status: 'open' | 'upheld' | 'rejected';
  answer: string | null;
  answeredBy: string | null;
  answeredAt: string | null;
  answerRevision: number | null;
}

interface RevisionRow {
  revision: number;
  as_of: string;
  rows?: string;
  owners?: string;
  settings?: string;
  reason: string | null;
  appeal_id: number | null;
  signed_by: string;
  signed_at: string;
}

function rowToMeta(row: RevisionRow): RevisionMeta {
  return {
    revision: row.revision,
    asOf: row.as_of,
    reason: row.reason,
    appealId: row.appeal_id,
    signedBy: row.signed_by,
    signedAt: row.signed_at,
  };
}

/** The district's revision `revision` of a year's roll, else its latest; `null` if not finalised. */
export async function findRevision(
  db: D1Database,
  district: string,
  year: number,
  of: RollOf,
  revision?: number,
): Promise<Revision | null> {
  const row = await db
    .prepare(
      `SELECT * FROM assessment_revisions WHERE district = ?1 AND year = ?2 AND of = ?3
          AND (?4 IS NULL OR revision = ?4)
        ORDER BY revision DESC LIMIT 1`,
    )
    .bind(district, year, of, revision ?? null)
    .first<RevisionRow>();
  if (!row) return null;
  return {
    ...rowToMeta(row),
    rows: JSON.parse(row.rows!) as RollRow[],
    owners: JSON.parse(row.owners!) as Record<string, string[]>,
    settings: JSON.parse(row.settings!),
  };
}

/** Every revision of a year's roll, oldest first, without their rows. */
export async function listRevisions(
  db: D1Database,
  district: string,
  year: number,
  of: RollOf,
): Promise<RevisionMeta[]> {
  const { results } = await db
    .prepare(
      `SELECT revision, as_of, reason, appeal_id, signed_by, signed_at FROM assessment_revisions
        WHERE district = ?1 AND year = ?2 AND of = ?3 ORDER BY revision`,
    )
    .bind(district, year, of)
    .all<RevisionRow>();
  return results.map(rowToMeta);
}

/**
 * Inserts the next revision (`first`: only if the year's roll has none — the finalisation; else
 * only if it has one — a correction). The number is taken inside the statement; the UNIQUE
 * constraint settles two at once. Changes no row when the condition does not hold.
 */
export function insertRevisionStatement(
  db: D1Database,
  key: { district: string; year: number; of: RollOf },
  revision: Omit<Revision, 'revision'>,
  first: boolean,
  /** Only if the statement just before it in the batch changed a row (an appeal's answer). */
  afterChange = false,
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO assessment_revisions (district, year, of, revision, as_of, rows, owners, settings,
         reason, appeal_id, signed_by, signed_at)
       SELECT ?1, ?2, ?3, coalesce(max(revision), 0) + 1, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11
         FROM assessment_revisions WHERE district = ?1 AND year = ?2 AND of = ?3
       HAVING ${first ? 'count(*) = 0' : 'count(*) > 0'}${afterChange ? ' AND changes() > 0' : ''}`,
    )
    .bind(
      key.district,
      key.year,
      key.of,
      revision.asOf,
      JSON.stringify(revision.rows),
      JSON.stringify(revision.owners),
      JSON.stringify(revision.settings),
      revision.reason,
      revision.appealId,
      revision.signedBy,
      revision.signedAt,
    );
}

interface AppealRow {
  id: number;
  year: number;
  of: RollOf;
  subject: string;
  figure: string;
  revision: number;
  unit: string;
  reason: string;
  records: string;
  filed_by: string;
  filed_at: string;
  status: Appeal['status'];
  answer: string | null;
  answered_by: string | null;
  answered_at: string | null;
  answer_revision: number | null;
}

function rowToAppeal(row: AppealRow): Appeal {
  return {
    id: row.id,
    year: row.year,
    of: row.of,
    key: row.subject,
    figure: row.figure,
    revision: row.revision,
    unit: row.unit,
    reason: row.reason,
    records: JSON.parse(row.records) as Appeal['records'],
    filedBy: row.filed_by,
    filedAt: row.filed_at,
    status: row.status,
    answer: row.answer,
    answeredBy: row.answered_by,
    answeredAt: row.answered_at,
    answerRevision: row.answer_revision,
  };
}

/** The appeals of a district's year (of one kind of roll when `of` is given), oldest first. */
export async function listAppeals(
  db: D1Database,
  district: string,
  year: number,
  of?: RollOf,
): Promise<Appeal[]> {
  const { results } = await db
    .prepare(
      `SELECT * FROM assessment_appeals WHERE district = ?1 AND year = ?2 AND (?3 IS NULL OR of = ?3)
        ORDER BY id`,
    )
    .bind(district, year, of ?? null)
    .all<AppealRow>();
  return results.map(rowToAppeal);
}

export async function findAppeal(
  db: D1Database,
  id: number,
): Promise<(Appeal & { district: string }) | null> {
  const row = await db
    .prepare('SELECT * FROM assessment_appeals WHERE id = ?1')
    .bind(id)
    .first<AppealRow & { district: string }>();
  return row ? { ...rowToAppeal(row), district: row.district } : null;
}

/** Files an appeal; the partial UNIQUE index refuses a second open one on the same figure. */
export function insertAppealStatement(
  db: D1Database,
  district: string,
  appeal: Omit<Appeal, 'id' | 'status' | 'answer' | 'answeredBy' | 'answeredAt' | 'answerRevision'>,
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO assessment_appeals (district, year, of, subject, figure, revision, unit, reason,
         records, filed_by, filed_at)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) RETURNING id`,
    )
    .bind(
      district,
      appeal.year,
      appeal.of,
      appeal.key,
      appeal.figure,
      appeal.revision,
      appeal.unit,
      appeal.reason,
      JSON.stringify(appeal.records),
      appeal.filedBy,
      appeal.filedAt,
    );
}

/**
 * Answers an open appeal (changes no row when it is answered already); an upheld one names the
 * next revision, which the batch inserts right after it.
 */
export function answerAppealStatement(
  db: D1Database,
  id: number,
  answer: { status: 'upheld' | 'rejected'; answer: string; answeredBy: string; answeredAt: string },
  revision: { district: string; year: number; of: RollOf } | null,
): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE assessment_appeals SET status = ?2, answer = ?3, answered_by = ?4, answered_at = ?5,
         answer_revision = CASE WHEN ?6 IS NULL THEN NULL ELSE
           (SELECT max(revision) + 1 FROM assessment_revisions WHERE district = ?6 AND year = ?7 AND of = ?8) END
       WHERE id = ?1 AND status = 'open'`,
    )
    .bind(
      id,
      answer.status,
      answer.answer,
      answer.answeredBy,
      answer.answeredAt,
      revision?.district ?? null,
      revision?.year ?? null,
      revision?.of ?? null,
    );
}
