/**
 * The sweep's state and writes (docs/decisions/0015, 0018): the rules and day it last ran for, the
 * cases a daily sweep looks at, the ladder rows a chunk's `db.batch` writes and what every sweep
 * ends with. The marks' encoding (`sweep_on`: a day, a mark below '0', NEVER) and what counts as a
 * new case (an id past `seen_id`) are read and written only here, by statements that must agree on
 * them; what the sweep reads of a chunk is in sweep-chunk-sql.ts. Bulk values travel as one bound
 * JSON string read with `json_each` (D1: 100 bound values and 100 KB of SQL text a statement, 2 MB
 * a bound string), rows as arrays rather than objects.
 */
import { chunkRows } from '../../shared/chunk-rows.ts';
import { CHUNK_BYTES, nowIso } from './db.ts';
import type { StoredClimb } from './sweep-cases.ts';

/** A case's `sweep_on` when nothing will change by itself. */
export const NEVER = '9999-12-31';
/** `sweep_on` below this is a mark: look at the case at the next sweep, whatever the day. */
const MARKED_BELOW = '0';
/**
 * Open as of ?1: not resolved by the day, or reopened by a 不满意 rating — of the case whose
 * columns `prefix` names (`c.`; `+c.` keeps SQLite off their indexes). `IS`: a case not rated is not
 * 不满意, so the condition is never NULL and its negation is the closed cases.
 */
export const openOn = (prefix = '') =>
  `(${prefix}resolved_on IS NULL OR ${prefix}resolved_on > ?1 OR ${prefix}satisfaction IS '不满意')`;

/**
 * A case's ladder row to write: id, level, current due date, next sweep day, the `sweep_on` the
 * sweep read (null: it had no row) and its climbs (null: unchanged).
 */
export type LadderRow = [
  id: number,
  level: number,
  due: string | null,
  next: string,
  read: string | null,
  climbs: StoredClimb[] | null,
];

interface SweepState {
  rules: string | null;
  swept_on: string | null;
  seen_id: number | null;
  last_id: number;
}

/**
 * The rules and day the stored levels were computed under and the last case id the sweep had seen
 * (`rules` null before the first sweep), with the last case id now: the cases after it are new.
 */
export async function readSweepState(db: D1Database, district: string): Promise<SweepState> {
  const state = await db
    .prepare(
      `SELECT s.rules, s.swept_on, s.seen_id, (SELECT coalesce(max(id), 0) FROM cases) AS last_id
         FROM (SELECT ?1 AS district) d LEFT JOIN sweep_state s ON s.district = d.district`,
    )
    .bind(district)
    .first<SweepState>();
  return state!;
}

/** The unit that submitted a case; `null` when there is no such case. */
export async function caseUnit(db: D1Database, id: number): Promise<string | null> {
  const row = await db
    .prepare('SELECT unit FROM cases WHERE id = ?1')
    .bind(id)
    .first<{ unit: string }>();
  return row?.unit ?? null;
}

/** The open, current cases received by `date` (counted on an index, not read). */
export async function countOpenCases(db: D1Database, date: string): Promise<number> {
  const open = await db
    .prepare(
      `SELECT count(*) AS n FROM cases WHERE received_on <= ?1 AND current = 1 AND ${openOn()}`,
    )
    .bind(date)
    .first<{ n: number }>();
  return open?.n ?? 0;
}

/**
 * The open cases a daily sweep looks at, in id order: those whose day has come or that are
 * marked, the new ones (ids past `seenId`), and the later cases (within the repeat window) of the
 * reporters of counted new or marked cases and of the reporters a counted case left
 * (`sweep_repeat_marks`) — a new, changed or departed case can make them repeats or not (rule 5).
 * Each reporter is joined once, over the span of its dates.
 */
export async function dueCaseIds(
  db: D1Database,
  date: string,
  repeatDays: number,
  seenId: number,
): Promise<number[]> {
  // (`+` keeps SQLite on the sweep_on and reporter indexes, not a range of receipt dates.)
  const open = `+c.received_on <= ?1 AND c.current = 1 AND ${openOn('c.')}`;
  const { results } = await db
    .prepare(
      `WITH marked AS (
         SELECT c.reporter_phone, c.address, c.category, c.received_on
           FROM case_ladder l JOIN cases c ON c.id = l.case_id
          WHERE l.sweep_on < '${MARKED_BELOW}' AND c.current = 1 AND +c.received_on <= ?1
            AND c.category IS NOT NULL
         UNION ALL
         SELECT reporter_phone, address, category, received_on FROM cases
          WHERE id > ?3 AND current = 1 AND +received_on <= ?1 AND category IS NOT NULL
       ),
       -- Each reporter once, with the span of its marked cases and of the cases that left it.
       reporters (by, value, category, since, until) AS (
         SELECT by, value, category, min(since), max(until) FROM (
           SELECT 'phone' AS by, reporter_phone AS value, category,
                  received_on AS since, received_on AS until
             FROM marked WHERE reporter_phone IS NOT NULL
           UNION ALL
           SELECT 'address', address, category, received_on, received_on
             FROM marked WHERE address IS NOT NULL
           UNION ALL
           SELECT by, value, category, since, until FROM sweep_repeat_marks
         ) GROUP BY by, value, category
       )
       SELECT c.id FROM case_ladder l JOIN cases c ON c.id = l.case_id
        WHERE l.sweep_on <= ?1 AND ${open}
       UNION
       SELECT c.id FROM cases c WHERE c.id > ?3 AND ${open}
       UNION
       SELECT c.id FROM reporters r CROSS JOIN cases c
        WHERE r.by = 'phone' AND c.reporter_phone = r.value AND c.category = r.category
          AND c.received_on >= r.since AND c.received_on <= date(r.until, ?2)
          AND ${open}
       UNION
       SELECT c.id FROM reporters r CROSS JOIN cases c
        WHERE r.by = 'address' AND c.address = r.value AND c.category = r.category
          AND c.received_on >= r.since AND c.received_on <= date(r.until, ?2)
          AND ${open}
       ORDER BY 1`,
    )
    .bind(date, `+${repeatDays} days`, seenId)
    .all<{ id: number }>();
  return results.map((r) => r.id);
}

/** Rows as JSON arrays to bind, each under D1's limit. */
const boundJson = (rows: readonly unknown[]): string[] =>
  chunkRows(rows, CHUNK_BYTES).map((chunk) => chunk.json);

/**
 * Writes a chunk's ladder rows (docs/decisions/0018), in statements of bound JSON under D1's limit.
 * A row the sweep read is set where its `sweep_on` is still what the sweep read: a case marked
 * meanwhile keeps its mark and is looked at again by the next sweep. A case that had none gets one,
 * unless a mark made one meanwhile (kept, for the same reason).
 */
export function ladderStatements(
  db: D1Database,
  rows: readonly LadderRow[],
): D1PreparedStatement[] {
  const update = db.prepare(
    `UPDATE case_ladder SET level = u.l, current_due = u.d, sweep_on = u.n,
                            climbs = coalesce(u.c, case_ladder.climbs)
       FROM (SELECT value ->> 0 AS i, value ->> 1 AS l, value ->> 2 AS d, value ->> 3 AS n,
                    value ->> 4 AS s, value ->> 5 AS c FROM json_each(?1)) AS u
      WHERE case_ladder.case_id = u.i AND case_ladder.sweep_on = u.s`,
  );
  const insert = db.prepare(
    `INSERT OR IGNORE INTO case_ladder (case_id, level, current_due, sweep_on, climbs)
     SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, coalesce(value ->> 5, '[]')
       FROM json_each(?1)`,
  );
  return [
    ...boundJson(rows.filter((r) => r[4] !== null)).map((json) => update.bind(json)),
    ...boundJson(rows.filter((r) => r[4] === null)).map((json) => insert.bind(json)),
  ];
}

/**
 * A re-derivation's writes: the cases' ladder rows replaced — level, current due date and climbs
 * derived anew — and marked so the next sweep looks at them again.
 */
export function rederiveStatements(
  db: D1Database,
  rows: readonly LadderRow[],
): D1PreparedStatement[] {
  const replace = db.prepare(
    `INSERT INTO case_ladder (case_id, level, current_due, sweep_on, climbs)
     SELECT value ->> 0, value ->> 1, value ->> 2, '', coalesce(value ->> 5, '[]')
       FROM json_each(?1) WHERE true
     ON CONFLICT (case_id) DO UPDATE SET level = excluded.level,
       current_due = excluded.current_due, sweep_on = '', climbs = excluded.climbs`,
  );
  return boundJson(rows).map((json) => replace.bind(json));
}

/** What every sweep ends with, one batch: marks settled, reporter marks cleared, state stored. */
export function finishStatements(
  db: D1Database,
  date: string,
  district: string,
  rules: string,
  /** The last case id when the sweep began: every case up to it was new or looked at. */
  seenId: number,
): D1PreparedStatement[] {
  return [
    // Marked cases the sweep did not need (closed, or not counted) stay as they are until changed.
    db
      .prepare(
        `UPDATE case_ladder SET sweep_on = '${NEVER}' FROM cases c
          WHERE case_ladder.sweep_on < '${MARKED_BELOW}' AND c.id = case_ladder.case_id
            AND +c.received_on <= ?1
            AND NOT (c.current = 1 AND ${openOn('c.')})`,
      )
      .bind(date),
    // The reporters marked by cases that left them were looked at (or, in a full sweep, all were).
    db.prepare('DELETE FROM sweep_repeat_marks'),
    // Cases received after the day were not looked at: they are, when their day comes.
    db
      .prepare(
        `INSERT INTO case_ladder (case_id, sweep_on)
         SELECT id, '' FROM cases WHERE received_on > ?1 AND id <= ?2
         ON CONFLICT (case_id) DO UPDATE SET sweep_on = ''
          WHERE case_ladder.sweep_on >= '${MARKED_BELOW}'`,
      )
      .bind(date, seenId),
    db
      .prepare(
        `INSERT INTO sweep_state (district, rules, swept_on, seen_id, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (district) DO UPDATE SET rules = ?2, swept_on = ?3, seen_id = ?4, updated_at = ?5`,
      )
      .bind(district, rules, date, seenId, nowIso()),
  ];
}
