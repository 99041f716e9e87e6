/**
 * The sweep's SQL (docs/decisions/0015): reads that map rows, and the write statements a chunk's
 * `db.batch` runs. Bulk values travel as one bound JSON string read with `json_each` (D1: 100 bound
 * values and 100 KB of SQL text a statement, 2 MB a bound string), rows as arrays rather than
 * objects to keep those strings and SQLite's parsing of them small. It stays whole, one module past 300
 * lines because the marks' encoding (`sweep_on`: a day, a mark below '0', NEVER) is read and
 * written only here, by statements that must agree on it.
 */
import { nowIso } from './db.ts';
import { CASE_COLUMNS, type CaseRow, type EventRow, REPEAT_KEY_COLUMNS } from './sweep-cases.ts';

/** A case's `sweep_on` when nothing will change by itself. */
export const NEVER = '9999-12-31';
/** `sweep_on` below this is a mark: look at the case at the next sweep, whatever the day. */
const MARKED_BELOW = '0';
/** Open as of ?1: not resolved by the day, or reopened by a 不满意 rating. */
const OPEN = "(resolved_on IS NULL OR resolved_on > ?1 OR satisfaction = '不满意')";

/** A climb to write: case id, day, from level, to level, reason. */
export type ClimbRow = [number, string, number, number, string];
/** A case's new level, current due date and next sweep day, with the `sweep_on` the sweep read. */
export type LevelRow = [number, number, string | null, string, string];

/**
 * Climbs per INSERT: a climb is about 50 bytes of JSON, so 20,000 stay near 1 MB, under D1's 2 MB a
 * bound string even with six-digit ids; a 200,000-case sweep stays far under a Worker's 1,000 queries.
 */
export const CLIMBS_PER_STATEMENT = 20_000;

const fieldsOf = (columns: string) => columns.split(',').map((column) => column.trim());
const CASE_FIELDS = fieldsOf(CASE_COLUMNS);
const REPEAT_KEY_FIELDS = fieldsOf(REPEAT_KEY_COLUMNS);

/**
 * Rows packed by SQLite into one JSON array (`json_group_array(json_array(columns))`): one value
 * crosses from D1 instead of an object per row, which is most of the cost of reading a sweep's
 * worth of cases.
 */
function unpackRows<T>(json: string | null | undefined, fields: readonly string[]): T[] {
  return (JSON.parse(json ?? '[]') as unknown[][]).map((values) => {
    const row: Record<string, unknown> = {};
    for (let i = 0; i < fields.length; i++) row[fields[i]!] = values[i];
    return row as T;
  });
}

/** The rules and day the stored levels were computed under; `null` before the first sweep. */
export function readSweepState(
  db: D1Database,
  district: string,
): Promise<{ rules: string; swept_on: string } | null> {
  return db
    .prepare('SELECT rules, swept_on FROM sweep_state WHERE district = ?1')
    .bind(district)
    .first<{ rules: string; swept_on: string }>();
}

/**
 * The next `limit` open, current cases received by `date` after case `afterId`, in id order: the
 * rowid walk needs no sort, and consecutive ids share pages, so each chunk's updates and climbs
 * touch few of them (in order of receipt they touched one page a case).
 */
export async function readOpenCasesAfter(
  db: D1Database,
  date: string,
  afterId: number,
  limit: number,
): Promise<CaseRow[]> {
  // (`+` keeps SQLite on the rowid range, not on an index of receipt dates or ratings.)
  const packed = await db
    .prepare(
      `SELECT json_group_array(json_array(${CASE_COLUMNS})) AS rows FROM (
         SELECT ${CASE_COLUMNS} FROM cases
          WHERE id > ?2 AND +received_on <= ?1 AND +current = 1
            AND (+resolved_on IS NULL OR +resolved_on > ?1 OR +satisfaction = '不满意')
          ORDER BY id LIMIT ?3)`,
    )
    .bind(date, afterId, limit)
    .first<{ rows: string }>();
  return unpackRows<CaseRow>(packed?.rows, CASE_FIELDS).sort((a, b) => a.id - b.id);
}

/** Some cases by id, in id order. */
export async function readCases(db: D1Database, ids: readonly number[]): Promise<CaseRow[]> {
  const { results } = await db
    .prepare(
      `SELECT ${CASE_COLUMNS} FROM cases WHERE id IN (SELECT value FROM json_each(?1)) ORDER BY id`,
    )
    .bind(JSON.stringify(ids))
    .all<CaseRow>();
  return results;
}

/** One case; `null` when there is none. */
export function readCase(db: D1Database, id: number): Promise<CaseRow | null> {
  return db.prepare(`SELECT ${CASE_COLUMNS} FROM cases WHERE id = ?1`).bind(id).first<CaseRow>();
}

/** The open, current cases received by `date` (counted on an index, not read). */
export async function countOpenCases(db: D1Database, date: string): Promise<number> {
  const open = await db
    .prepare(`SELECT count(*) AS n FROM cases WHERE received_on <= ?1 AND current = 1 AND ${OPEN}`)
    .bind(date)
    .first<{ n: number }>();
  return open?.n ?? 0;
}

/**
 * The open cases a daily sweep looks at, in id order: those whose day has come or that are
 * marked, and the later cases (within the repeat window) of the reporters of counted marked cases
 * and of the reporters a counted case left (`sweep_repeat_marks`) — a new, changed or departed case
 * can make them repeats or not (rule 5). Each reporter is joined once, over the span of its dates.
 */
export async function dueCaseIds(
  db: D1Database,
  date: string,
  repeatDays: number,
): Promise<number[]> {
  // (`+` keeps SQLite on the sweep_on and reporter indexes, not a range of receipt dates.)
  const open = `+c.received_on <= ?1 AND c.current = 1
    AND (c.resolved_on IS NULL OR c.resolved_on > ?1 OR c.satisfaction = '不满意')`;
  const { results } = await db
    .prepare(
      `WITH marked AS (
         SELECT reporter_phone, address, category, received_on FROM cases
          WHERE sweep_on < '${MARKED_BELOW}' AND current = 1 AND +received_on <= ?1
            AND category IS NOT NULL
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
       SELECT c.id FROM cases c WHERE c.sweep_on <= ?1 AND ${open}
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
    .bind(date, `+${repeatDays} days`)
    .all<{ id: number }>();
  return results.map((r) => r.id);
}

/** Each reporter key of some cases once, with the span of their receipt dates up to `date`. */
function reporterSpans(
  rows: readonly CaseRow[],
  key: (row: CaseRow) => string | null,
  date: string,
): string {
  const spans = new Map<string, [string, string, string, string]>();
  for (const row of rows) {
    const value = key(row);
    if (!value || !row.category) continue;
    const on = row.received_on < date ? row.received_on : date;
    const id = `${value}\u0000${row.category}`;
    const span = spans.get(id);
    if (!span) spans.set(id, [value, row.category, on, on]);
    else if (on < span[2]) span[2] = on;
    else if (on > span[3]) span[3] = on;
  }
  return JSON.stringify([...spans.values()]);
}

/**
 * The cases asked about that are candidates of their own reporters (current, with a category and a
 * phone or household, received by `date`, so within their own span): read already, they need not
 * be read again.
 */
function ownCandidates(rows: readonly CaseRow[], date: string): CaseRow[] {
  return rows.filter(
    (r) =>
      r.current === 1 &&
      r.category !== null &&
      (r.reporter_phone !== null || r.address !== null) &&
      r.received_on <= date,
  );
}

/**
 * Rule 5's candidates for some cases: every case of the same phone or household and category within
 * the repeat window before them — the reporter's whole history, not only what is open. Each
 * reporter's cases are one range of its index (phone or household, category, receipt), from the
 * window before its earliest case asked about to its latest (later ones are no earlier case of any).
 */
export function repeatCandidatesStatement(
  db: D1Database,
  rows: readonly CaseRow[],
  date: string,
  repeatDays: number,
  /** The columns to read: rule 5 itself needs only the reporter's keys. */
  columns = CASE_COLUMNS,
  /**
   * Only the candidates other than `ownCandidates(rows)`, as one JSON array of their values
   * (column `rows`, as `unpackRows` reads it): most of a chunk's candidates are its own cases,
   * and each read again is a look-up of a wide row.
   */
  packed = false,
): D1PreparedStatement {
  const reporters = (by: string) =>
    `SELECT c.id FROM (SELECT value ->> 0 AS v, value ->> 1 AS k, date(value ->> 2, ?3) AS since,
                              value ->> 3 AS until FROM json_each(?${by === 'phone' ? 1 : 2})) j
       CROSS JOIN cases c
      WHERE c.${by === 'phone' ? 'reporter_phone' : 'address'} = j.v AND c.category = j.k
        AND c.received_on >= j.since AND c.received_on <= j.until`;
  // (The cases asked about are left out inside the sub-query, on the index, before any row is read.)
  const own = packed ? ' EXCEPT SELECT value FROM json_each(?4)' : '';
  const candidates = `id IN (${reporters('phone')} UNION ${reporters('address')}${own}) AND current = 1`;
  const spans = [
    reporterSpans(rows, (r) => r.reporter_phone, date),
    reporterSpans(rows, (r) => r.address, date),
    `-${repeatDays} days`,
  ];
  if (!packed) {
    return db.prepare(`SELECT ${columns} FROM cases WHERE ${candidates}`).bind(...spans);
  }
  return db
    .prepare(
      `SELECT json_group_array(json_array(${columns})) AS rows FROM cases WHERE ${candidates}`,
    )
    .bind(...spans, JSON.stringify(ownCandidates(rows, date).map((r) => r.id)));
}

/** What the sweep reads to escalate a chunk: its non-climb events and its reporters' other cases. */
export async function readChunkInputs(
  db: D1Database,
  rows: readonly CaseRow[],
  date: string,
  repeatDays: number,
) {
  type RepeatKeys = Pick<
    CaseRow,
    'id' | 'unit' | 'received_on' | 'category' | 'reporter_phone' | 'address'
  >;
  const [events, others] = await db.batch([
    db
      .prepare(
        `SELECT case_id, at, kind, before, after FROM case_events
          WHERE case_id IN (SELECT value FROM json_each(?1)) AND kind <> 'climb' ORDER BY id`,
      )
      .bind(JSON.stringify(rows.map((r) => r.id))),
    repeatCandidatesStatement(db, rows, date, repeatDays, REPEAT_KEY_COLUMNS, true),
  ]);
  const packed = (others!.results[0] as { rows: string } | undefined)?.rows;
  return {
    events: events!.results as EventRow[],
    others: [
      ...ownCandidates(rows, date),
      ...unpackRows<RepeatKeys>(packed, REPEAT_KEY_FIELDS),
    ] as RepeatKeys[],
  };
}

/** Writes climbs (INSERT OR IGNORE on their unique key), thousands a statement. */
export function climbStatements(
  db: D1Database,
  climbs: readonly ClimbRow[],
  actor: string,
): D1PreparedStatement[] {
  const now = nowIso();
  const statements: D1PreparedStatement[] = [];
  for (let i = 0; i < climbs.length; i += CLIMBS_PER_STATEMENT) {
    statements.push(
      db
        .prepare(
          `INSERT OR IGNORE INTO case_events
             (case_id, at, kind, from_level, to_level, reason, actor, created_at)
           SELECT value ->> 0, value ->> 1, 'climb', value ->> 2, value ->> 3, value ->> 4, ?2, ?3
             FROM json_each(?1)`,
        )
        .bind(JSON.stringify(climbs.slice(i, i + CLIMBS_PER_STATEMENT)), actor, now),
    );
  }
  return statements;
}

/**
 * Sets level, current due date and next sweep day where `sweep_on` is still what the sweep read: a
 * case marked meanwhile keeps its mark and is looked at again by the next sweep.
 */
export function levelStatement(db: D1Database, rows: readonly LevelRow[]): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE cases SET level = u.l, current_due = u.d, sweep_on = u.n
         FROM (SELECT value ->> 0 AS c, value ->> 1 AS l, value ->> 2 AS d,
                      value ->> 3 AS n, value ->> 4 AS s FROM json_each(?1)) AS u
        WHERE cases.id = u.c AND cases.sweep_on = u.s`,
    )
    .bind(JSON.stringify(rows));
}

/**
 * A re-derivation's writes besides its climbs: the cases' sweep climbs deleted, level and current
 * due date set, and the cases marked so the next sweep looks at them again.
 */
export function rederiveStatements(
  db: D1Database,
  rows: readonly LevelRow[],
): [clear: D1PreparedStatement, levels: D1PreparedStatement] {
  return [
    db
      .prepare(
        "DELETE FROM case_events WHERE kind = 'climb' AND case_id IN (SELECT value ->> 0 FROM json_each(?1))",
      )
      .bind(JSON.stringify(rows)),
    db
      .prepare(
        `UPDATE cases SET level = u.l, current_due = u.d, sweep_on = ''
           FROM (SELECT value ->> 0 AS c, value ->> 1 AS l, value ->> 2 AS d
                   FROM json_each(?1)) AS u
          WHERE cases.id = u.c`,
      )
      .bind(JSON.stringify(rows)),
  ];
}

/** What every sweep ends with, one batch: marks settled, reporter marks cleared, state stored. */
export function finishStatements(
  db: D1Database,
  date: string,
  district: string,
  rules: string,
): D1PreparedStatement[] {
  return [
    // Marked cases the sweep did not need (closed, or not counted) stay as they are until changed.
    db
      .prepare(
        `UPDATE cases SET sweep_on = '${NEVER}'
          WHERE sweep_on < '${MARKED_BELOW}' AND +received_on <= ?1
            AND NOT (current = 1 AND (resolved_on IS NULL OR resolved_on > ?1 OR satisfaction IS '不满意'))`,
      )
      .bind(date),
    // The reporters marked by cases that left them were looked at (or, in a full sweep, all were).
    db.prepare('DELETE FROM sweep_repeat_marks'),
    // Cases received after the day were not looked at: they are, when their day comes.
    db
      .prepare(
        `UPDATE cases SET sweep_on = '' WHERE received_on > ?1 AND sweep_on >= '${MARKED_BELOW}'`,
      )
      .bind(date),
    db
      .prepare(
        `INSERT INTO sweep_state (district, rules, swept_on, updated_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (district) DO UPDATE SET rules = ?2, swept_on = ?3, updated_at = ?4`,
      )
      .bind(district, rules, date, nowIso()),
  ];
}
