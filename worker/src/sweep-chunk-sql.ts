/**
 * What the sweep reads of a chunk of cases (docs/decisions/0015, 0018): one statement for the cases
 * with their ladder rows and rule 5's candidates among their reporters' other cases, packed by
 * SQLite into one JSON value, then the stored steps of those that have any. The reports read rule
 * 5's candidates of their cases here too (`repeatCandidatesStatement`).
 */
import {
  CASE_COLUMNS,
  type CaseRow,
  type EventRow,
  LADDER_JOIN,
  REPEAT_KEY_COLUMNS,
  SWEPT_CASE_COLUMNS,
  SWEPT_COLUMNS,
  type SweptRow,
} from './sweep-cases.ts';

const fieldsOf = (columns: string) => columns.split(',').map((column) => column.trim());
/** What a chunk's read gives of each case, by name (`SWEPT_COLUMNS`). */
const SWEPT_FIELDS = [
  ...fieldsOf(SWEPT_CASE_COLUMNS),
  'level',
  'current_due',
  'sweep_on',
  'climbs',
  'stepped',
];
/** A packed `SweptRow`: its climbs embedded as JSON, not as a string to parse again. */
const SWEPT_PACKED = SWEPT_FIELDS.map((f) => (f === 'climbs' ? 'json(climbs)' : f)).join(', ');
const REPEAT_KEY_FIELDS = fieldsOf(REPEAT_KEY_COLUMNS);

/**
 * A row packed by SQLite (`json_group_array(json_array(columns))`: one value crosses from D1
 * instead of an object per row, which is most of the cost of reading a sweep's worth of cases).
 */
function rowOf<T>(values: readonly unknown[], fields: readonly string[]): T {
  const row: Record<string, unknown> = {};
  for (let i = 0; i < fields.length; i++) row[fields[i]!] = values[i];
  return row as T;
}

/** Which cases a chunk is: a condition on `cases c LEFT JOIN case_ladder l`, its parameters ?3 on. */
export interface Selection {
  where: string;
  params: unknown[];
}

/**
 * The next `limit` open, current cases received by the day (?1) after case `afterId`, in id order:
 * the rowid walk needs no sort, and consecutive ids share pages.
 */
export function openCasesAfter(afterId: number, limit: number): Selection {
  // (`+` keeps SQLite on the rowid range, not on an index of receipt dates or ratings.)
  return {
    where: `c.id > ?3 AND +c.received_on <= ?1 AND +c.current = 1
              AND (+c.resolved_on IS NULL OR +c.resolved_on > ?1 OR +c.satisfaction = '不满意')
            ORDER BY c.id LIMIT ?4`,
    params: [afterId, limit],
  };
}

/** Some cases by id. */
export function casesById(ids: readonly number[]): Selection {
  return { where: 'c.id IN (SELECT value FROM json_each(?3))', params: [JSON.stringify(ids)] };
}

/** Each reporter key (phone or household, and category) of a chunk's cases once, with its span. */
const reporterSpans = (column: string) =>
  `SELECT ${column} AS v, category AS k, date(min(min(received_on, ?1)), ?2) AS since,
          max(min(received_on, ?1)) AS until
     FROM own WHERE ${column} IS NOT NULL AND category IS NOT NULL GROUP BY 1, 2`;
/** The cases of a reporter key within its span, on the key's index (phone or household). */
const reportersCases = (column: string, spans: string) =>
  `SELECT c.id FROM ${spans} j CROSS JOIN cases c
    WHERE c.${column} = j.v AND c.category = j.k AND c.received_on >= j.since
      AND c.received_on <= j.until`;

/**
 * One statement that reads a chunk as the sweep escalates it, one row of two JSON values (two
 * strings, as D1 limits each string to 2 MB): `rows`, the cases with their ladder rows
 * (`SWEPT_COLUMNS`), and `others`, rule 5's candidates among the other cases — every current case
 * of the same phone or household and category within the repeat window before the chunk's (the
 * reporter's whole history, not only what is open). Each reporter's cases are one range of its
 * index, from the window before its earliest case in the chunk to its latest by the day (later
 * ones are no earlier case of any), as SQLite finds the reporters from the chunk itself; the
 * chunk's own cases are not read twice.
 */
export function chunkStatement(
  db: D1Database,
  selection: Selection,
  date: string,
  repeatDays: number,
): D1PreparedStatement {
  return db
    .prepare(
      `WITH own AS MATERIALIZED (
         SELECT ${SWEPT_COLUMNS} FROM ${LADDER_JOIN} WHERE ${selection.where}
       ),
       phones AS MATERIALIZED (${reporterSpans('reporter_phone')}),
       households AS MATERIALIZED (${reporterSpans('address')})
       SELECT
         (SELECT json_group_array(json_array(${SWEPT_PACKED})) FROM own) AS rows,
         (SELECT json_group_array(json_array(${REPEAT_KEY_COLUMNS})) FROM cases
           WHERE id IN (${reportersCases('reporter_phone', 'phones')}
                        UNION ${reportersCases('address', 'households')}
                        EXCEPT SELECT id FROM own)
             AND current = 1) AS others`,
    )
    .bind(date, `-${repeatDays} days`, ...selection.params);
}

/** What rule 5 reads of the other cases of a chunk's reporters. */
export type RepeatKeys = Pick<
  CaseRow,
  'id' | 'received_on' | 'category' | 'reporter_phone' | 'address'
>;

/** A chunk as the sweep escalates it: its cases, their stored steps, their reporters' cases. */
export interface Chunk {
  rows: SweptRow[];
  events: EventRow[];
  others: RepeatKeys[];
}

/**
 * Reads a chunk (`chunkStatement`) in one batch with `writes` (the previous chunk's, run after the
 * read), then the stored steps of its cases that have any (`stepped`, set with every step written).
 */
export async function readChunk(
  db: D1Database,
  statement: D1PreparedStatement,
  date: string,
  writes: readonly D1PreparedStatement[] = [],
): Promise<Chunk> {
  const [read] = await db.batch([statement, ...writes]);
  const packed = read!.results[0] as { rows: string; others: string };
  const rows = JSON.parse(packed.rows) as unknown[][];
  const others = JSON.parse(packed.others) as unknown[][];
  const swept = rows.map((values) => rowOf<SweptRow>(values, SWEPT_FIELDS));
  swept.sort((a, b) => a.id - b.id);
  const stepped = swept.filter((r) => r.stepped === 1).map((r) => r.id);
  const events =
    stepped.length === 0
      ? []
      : (
          await db
            .prepare(
              `SELECT case_id, at, kind, before, after FROM case_events
                WHERE case_id IN (SELECT value FROM json_each(?1)) ORDER BY id`,
            )
            .bind(JSON.stringify(stepped))
            .all<EventRow>()
        ).results;
  return {
    rows: swept,
    events,
    others: [
      ...ownCandidates(swept, date),
      ...others.map((values) => rowOf<RepeatKeys>(values, REPEAT_KEY_FIELDS)),
    ],
  };
}

/** What rule 5 reads of the cases it is asked about. */
type ReporterRow = Pick<
  CaseRow,
  'id' | 'received_on' | 'category' | 'reporter_phone' | 'address' | 'current'
>;

/** Each reporter key of some cases once, with the span of their receipt dates up to `date`. */
function spansOf(
  rows: readonly ReporterRow[],
  key: (row: ReporterRow) => string | null,
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
function ownCandidates<T extends ReporterRow>(rows: readonly T[], date: string): T[] {
  return rows.filter(
    (r) =>
      r.current === 1 &&
      r.category !== null &&
      (r.reporter_phone !== null || r.address !== null) &&
      r.received_on <= date,
  );
}

/**
 * Rule 5's candidates for some cases, as the reports read them (the sweep reads them with its
 * chunk, `chunkStatement`): every current case of the same phone or household and category within
 * the repeat window before them, read whole.
 */
export function repeatCandidatesStatement(
  db: D1Database,
  rows: readonly ReporterRow[],
  date: string,
  repeatDays: number,
): D1PreparedStatement {
  const reporters = (by: string) =>
    `SELECT c.id FROM (SELECT value ->> 0 AS v, value ->> 1 AS k, date(value ->> 2, ?3) AS since,
                              value ->> 3 AS until FROM json_each(?${by === 'phone' ? 1 : 2})) j
       CROSS JOIN cases c
      WHERE c.${by === 'phone' ? 'reporter_phone' : 'address'} = j.v AND c.category = j.k
        AND c.received_on >= j.since AND c.received_on <= j.until`;
  return db
    .prepare(
      `SELECT ${CASE_COLUMNS} FROM cases
        WHERE id IN (${reporters('phone')} UNION ${reporters('address')}) AND current = 1`,
    )
    .bind(
      spansOf(rows, (r) => r.reporter_phone, date),
      spansOf(rows, (r) => r.address, date),
      `-${repeatDays} days`,
    );
}
