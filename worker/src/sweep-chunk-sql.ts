/**
 * What the sweep reads of a chunk of cases (docs/decisions/0015, 0018): one statement for the cases
 * with their ladder rows and rule 5's candidates among their reporters' other cases, each packed
 * by SQLite into one JSON value, then the stored steps of those that have any. The reports read
 * rule 5's candidates of their cases here too (`repeatCandidatesStatement`).
 */
import { CHUNK_BYTES } from './db.ts';
import {
  CASE_COLUMNS,
  type CaseRow,
  type EventRow,
  LADDER_JOIN,
  SWEPT_COLUMNS,
  SWEPT_FIELDS,
  type SweptRow,
} from './sweep-cases.ts';
import { openOn } from './sweep-sql.ts';

/** A packed `SweptRow`: its climbs embedded as JSON, not as a string to parse again. */
const SWEPT_PACKED = SWEPT_FIELDS.map((f) => (f === 'climbs' ? 'json(climbs)' : f)).join(', ');

/**
 * A row packed by SQLite as the JSON array of its columns, a chunk's rows in one value: one value
 * crosses from D1 instead of an object per row, which is most of the cost of reading a sweep's
 * worth of cases.
 */
function rowOf<T>(values: readonly unknown[], fields: readonly string[]): T {
  const row: Record<string, unknown> = {};
  for (let i = 0; i < fields.length; i++) row[fields[i]!] = values[i];
  return row as T;
}

/**
 * Which cases a chunk is, given the case it starts after and how many it may hold: a condition on
 * `cases c LEFT JOIN case_ladder l` in id order, its parameters ?3 on.
 */
export type Selection = (afterId: number, limit: number) => { where: string; params: unknown[] };

/**
 * The open, current cases received by the day (?1), in id order: the rowid walk needs no sort,
 * and consecutive ids share pages.
 */
export const openCases: Selection = (afterId, limit) => ({
  // (`+` keeps SQLite on the rowid range, not on an index of receipt dates or ratings.)
  where: `c.id > ?3 AND +c.received_on <= ?1 AND +c.current = 1
            AND ${openOn('+c.')}
          ORDER BY c.id LIMIT ?4`,
  params: [afterId, limit],
});

/** The cases of `ids`, in id order. */
export function casesById(ids: readonly number[]): Selection {
  const list = JSON.stringify(ids);
  return (afterId, limit) => ({
    where: 'c.id IN (SELECT value FROM json_each(?3)) AND c.id > ?4 ORDER BY c.id LIMIT ?5',
    params: [list, afterId, limit],
  });
}

/**
 * Each reporter key (phone or household, and category) of a chunk's cases once, with its span and
 * the first case of the chunk that has it (`owner`: the key's values are read from that case).
 */
const reporterSpans = (column: string) =>
  `SELECT ${column} AS v, category AS k, min(id) AS owner,
          date(min(min(received_on, ?1)), ?2) AS since, max(min(received_on, ?1)) AS until
     FROM own WHERE ${column} IS NOT NULL AND category IS NOT NULL GROUP BY 1, 2`;
/**
 * The current cases of a reporter key within its span, on the key's index (phone or household),
 * but the chunk's own: `[id, receipt, key (0 phone, 1 household), owner]`.
 */
const reportersCases = (column: string, spans: string, key: 0 | 1) =>
  `SELECT c.id, c.received_on, ${key} AS key, j.owner FROM ${spans} j CROSS JOIN cases c
    WHERE c.${column} = j.v AND c.category = j.k AND c.received_on >= j.since
      AND c.received_on <= j.until AND c.id NOT IN (SELECT id FROM own) AND c.current = 1`;

/**
 * One statement that reads a chunk as the sweep escalates it, one row of two JSON values:
 * - `rows`: the cases the selection gives, with their ladder rows (`SWEPT_COLUMNS`);
 * - `others`: rule 5's candidates among the other cases — every current case of the same phone or
 *   household and category within the repeat window before the chunk's (the reporter's whole
 *   history, not only what is open), each as its id, receipt and which key of which case of the
 *   chunk it shares (a few dozen bytes, whatever its address). Each reporter's cases are one range
 *   of its index, from the window before its earliest case in the chunk to its latest by the day
 *   (later ones are no earlier case of any), as SQLite finds the reporters from the chunk itself.
 */
function chunkStatement(
  db: D1Database,
  selection: { where: string; params: unknown[] },
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
         (SELECT json_group_array(json_array(id, received_on, key, owner)) FROM (
            ${reportersCases('reporter_phone', 'phones', 0)}
            UNION ALL ${reportersCases('address', 'households', 1)})) AS others`,
    )
    .bind(date, `-${repeatDays} days`, ...selection.params);
}

/** What rule 5 reads of the other cases of a chunk's reporters. */
export type RepeatKeys = Omit<ReporterRow, 'current'>;

/** A chunk as the sweep escalates it: its cases, their stored steps, their reporters' cases. */
export interface Chunk {
  rows: SweptRow[];
  events: EventRow[];
  others: RepeatKeys[];
}

/** D1's answer when a value passes its limit of 2 MB a string (SQLite's SQLITE_TOOBIG). */
const TOO_BIG = /too big|TOOBIG/i;

/** More UTF-8 than `CHUNK_BYTES` (local D1 does not refuse what D1 would). */
const tooBig = (text: string) =>
  text.length * 3 > CHUNK_BYTES && new TextEncoder().encode(text).length > CHUNK_BYTES;

/**
 * Reads the chunk of `limit` cases of `selection` after case `afterId` (`chunkStatement`), in one
 * batch with `writes` (the previous chunk's, run after the read), then the stored steps of its
 * cases that have any (`stepped`, set with every step written). A chunk whose values pass D1's
 * limit — a case's row is up to about a kilobyte with a 200-character address, and thousands of
 * one reporter's cases are candidates — is read again with half as many cases (D1 refuses the
 * batch, so its writes go again; local D1 does not, so the values are measured). `limit` is how
 * many it held.
 */
export async function readChunk(
  db: D1Database,
  read: { selection: Selection; afterId: number; limit: number },
  date: string,
  repeatDays: number,
  writes: readonly D1PreparedStatement[] = [],
): Promise<Chunk & { limit: number }> {
  let pending = writes;
  let limit = read.limit;
  let packed: { rows: string; others: string };
  for (;;) {
    const statement = chunkStatement(db, read.selection(read.afterId, limit), date, repeatDays);
    try {
      const [result] = await db.batch([statement, ...pending]);
      pending = [];
      packed = result!.results[0] as { rows: string; others: string };
    } catch (error) {
      if (limit > 1 && TOO_BIG.test(String(error))) {
        limit = Math.ceil(limit / 2);
        continue;
      }
      throw error;
    }
    if (limit > 1 && (tooBig(packed.rows) || tooBig(packed.others))) {
      limit = Math.ceil(limit / 2);
      continue;
    }
    break;
  }
  const rows = JSON.parse(packed.rows) as unknown[][];
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
    limit,
    rows: swept,
    events,
    others: [
      ...ownCandidates(swept, date),
      ...candidatesOf(JSON.parse(packed.others) as Candidate[], swept),
    ],
  };
}

/** A candidate as `chunkStatement` gives it: id, receipt, the key it shares (0 phone, 1 household) and with which case. */
type Candidate = [id: number, receivedOn: string, key: 0 | 1, owner: number];

/**
 * The candidates with the keys they share, read from the chunk's cases that have them: one case
 * sharing both a phone and a household is one candidate with both.
 */
function candidatesOf(candidates: readonly Candidate[], rows: readonly SweptRow[]): RepeatKeys[] {
  const byId = new Map(rows.map((row) => [row.id, row]));
  const found = new Map<number, RepeatKeys>();
  for (const [id, receivedOn, key, owner] of candidates) {
    const shared = byId.get(owner)!;
    let candidate = found.get(id);
    if (!candidate) {
      candidate = {
        id,
        received_on: receivedOn,
        category: shared.category,
        reporter_phone: null,
        address: null,
      };
      found.set(id, candidate);
    }
    if (key === 0) candidate.reporter_phone = shared.reporter_phone;
    else candidate.address = shared.address;
  }
  return [...found.values()];
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
