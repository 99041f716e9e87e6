/**
 * The SQL that writes each ledger's records, generated from where its definition says they live in
 * D1 (the table, and which column holds which field of the canonical record; `data` keeps only the
 * fields without one), the record rebuilt from a row, and the compact form of a version's rows
 * (docs/decisions/0013). It stays whole: the statements, the rebuild and the compact rows share one
 * field order and change together.
 */
import {
  type FieldDef,
  LEDGER_KINDS,
  LEDGERS,
  type LedgerKind,
  type LedgerStorage,
} from '../../shared/ledgers/index.ts';
import type { RowItem } from './submissions.ts';

export type LedgerTable = LedgerStorage;

/** Each ledger's storage, from its definition. */
export const LEDGER_TABLES = Object.fromEntries(
  LEDGER_KINDS.map((kind) => [kind, LEDGERS[kind].storage]),
) as Record<LedgerKind, LedgerTable>;

/**
 * The order of a stored row's values: its ledger's fields as defined, then its extras as declared.
 * A version row keeps values, not names (docs/decisions/0013): a field is added at the end, never
 * moved or removed, or a migration rewrites the stored rows.
 */
export const ROW_ORDER = Object.fromEntries(
  LEDGER_KINDS.map((kind) => [
    kind,
    {
      fields: LEDGERS[kind].fields.map((f) => f.key),
      extras: Object.values(LEDGER_TABLES[kind].extras ?? {}),
    },
  ]),
) as Record<LedgerKind, { fields: string[]; extras: string[] }>;

/**
 * A row as D1 stores it: `[sheet row, values, extras?]`, values in the order of `ROW_ORDER` (a value
 * absent from the record is stored as null). It travels under its key, which has its own column.
 * The record is the shared validator's, which holds the ledger's fields and no other: each field is
 * read by name, and nothing else is looked at (a check of every name cost a third of the packing).
 */
export function packRow(kind: LedgerKind, item: RowItem): unknown[] {
  const order = ROW_ORDER[kind];
  const values = order.fields.map((f) => item.d[f] ?? null);
  if (!item.x) return [item.r, values];
  return [item.r, values, order.extras.map((e) => item.x?.[e] ?? null)];
}

/** A stored row (`[sheet row, values, extras?]`, see `packRow`) with its key, as it was submitted. */
export function unpackRow(kind: LedgerKind, key: string, stored: unknown[]): RowItem {
  const order = ROW_ORDER[kind];
  const [r, values, extras] = stored as [number, unknown[], unknown[] | undefined];
  const item: RowItem = {
    k: key,
    r,
    d: Object.fromEntries(order.fields.map((f, i) => [f, values[i] ?? null])),
  };
  if (extras) {
    item.x = Object.fromEntries(
      order.extras.flatMap((e, i) => (extras[i] == null ? [] : [[e, extras[i]]])),
    );
  }
  return item;
}

/**
 * Where each field of a record is stored: its column (`area` has its own), or `null` for a field
 * without one, kept in `data` (docs/decisions/0013: the record is stored once).
 */
const FIELD_STORAGE = Object.fromEntries(
  LEDGER_KINDS.map((kind) => {
    const spec = LEDGER_TABLES[kind];
    const columnOf = new Map(Object.entries(spec.columns).map(([column, f]) => [f, column]));
    columnOf.set('area', 'area');
    return [
      kind,
      LEDGERS[kind].fields.map((field) => {
        const column = columnOf.get(field.key) ?? null;
        return { field, column, json: !!column && !!spec.jsonColumns?.includes(column) };
      }),
    ];
  }),
) as Record<LedgerKind, { field: FieldDef; column: string | null; json: boolean }[]>;

/** A column's value as the record has it: booleans stored as 0/1, lists as JSON text. */
function columnValue(field: FieldDef, json: boolean, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (json) return JSON.parse(value as string);
  if (field.type === 'bool') return value === 1 || value === true;
  return value;
}

/**
 * The canonical record of a stored row, rebuilt from its columns and `data` (the fields without a
 * column) — the one place a reader gets it; `recordSql` is the same in SQL.
 */
export function recordOfRow(
  kind: LedgerKind,
  row: { data: string; [column: string]: unknown },
): Record<string, unknown> {
  const rest = JSON.parse(row.data) as Record<string, unknown>;
  return Object.fromEntries(
    FIELD_STORAGE[kind].map(({ field, column, json }) => [
      field.key,
      column === null ? (rest[field.key] ?? null) : columnValue(field, json, row[column]),
    ]),
  );
}

/** What a record keeps in `data`: its fields without a column, as JSON. */
export function dataOf(kind: LedgerKind, record: Record<string, unknown>): string {
  return JSON.stringify(
    Object.fromEntries(
      FIELD_STORAGE[kind].flatMap(({ field, column }) =>
        column === null ? [[field.key, record[field.key] ?? null]] : [],
      ),
    ),
  );
}

/**
 * The SQL of the canonical record of the row `t` (a table or its alias), as JSON text — the same as
 * a stored version's row gives it (`recordOf`), so the two compare as text: booleans as
 * true/false, lists as JSON, a score stored as REAL without a trailing `.0`.
 */
export function recordSql(kind: LedgerKind, t: string): string {
  const pairs = FIELD_STORAGE[kind].map(({ field, column, json }) => {
    const c = `${t}.${column}`;
    const value =
      column === null
        ? `${t}.data -> '$.${field.key}'`
        : json
          ? `json(${c})`
          : field.type === 'bool'
            ? `json(CASE ${c} WHEN 1 THEN 'true' WHEN 0 THEN 'false' END)`
            : field.type === 'score'
              ? `iif(${c} = CAST(${c} AS INTEGER), CAST(${c} AS INTEGER), ${c})`
              : c;
    return `'${field.key}', ${value}`;
  });
  return `json_object(${pairs.join(', ')})`;
}

/** A field's value in a stored row (`j.value`): `->` keeps JSON, `->>` gives SQL's value. */
function fieldOf(kind: LedgerKind, field: string, operator: '->' | '->>' = '->>'): string {
  const i = ROW_ORDER[kind].fields.indexOf(field);
  return i < 0 ? 'NULL' : `j.value ${operator} '$[1][${i}]'`;
}

/** The canonical record of a stored row, as JSON (what the history keeps). */
function recordOf(kind: LedgerKind): string {
  const pairs = ROW_ORDER[kind].fields.map((f) => `'${f}', ${fieldOf(kind, f, '->')}`);
  return `json_object(${pairs.join(', ')})`;
}

/** What `data` keeps of a stored row: its fields without a column, as JSON (`{}` when none). */
function restOf(kind: LedgerKind): string {
  const pairs = FIELD_STORAGE[kind]
    .filter(({ column }) => column === null)
    .map(({ field }) => `'${field.key}', ${fieldOf(kind, field.key, '->')}`);
  return `json_object(${pairs.join(', ')})`;
}

/** The version rows (`r`) of every version of the ledger of submission `s`. */
const LEDGER_ROWS = `submissions AS s
    JOIN ledgers AS l ON l.unit = s.unit AND l.kind = s.kind AND l.period = s.period
    JOIN version_rows AS r ON r.ledger = l.id`;

/** A bound chunk of a new version's rows (`?1`, a JSON object: each key's `packRow`). */
export const BOUND_CHUNK = 'json_each(?1)';
/**
 * Every row of a stored version (`?1` its submission id) — `k` its key, `value` the stored row —
 * rebuilt from the rows its ledger's versions share (docs/decisions/0013): those since that
 * version or before, until a later one.
 */
export const VERSION_ROWS = `(SELECT r.natural_key AS k, r.item AS value FROM ${LEDGER_ROWS}
     AND r.since <= s.version AND (r.until IS NULL OR r.until > s.version)
   WHERE s.id = ?1)`;

/**
 * Every key a version of the ledger of `?1` (a submission id) ever held, from its version rows'
 * primary key. A record's period is only ever set from the rows of a version of that period's
 * ledger, and version rows are never deleted, so a record of the ledger is always among them:
 * reading them costs the ledger's history, not all the unit's records of the kind.
 */
const LEDGER_KEYS = `(SELECT r.natural_key FROM ${LEDGER_ROWS} WHERE s.id = ?1)`;

/**
 * The statement that numbers a ledger (`?1` unit, `?2` kind, `?3` period) the first time a version
 * of it is written; its version rows carry the number (docs/decisions/0013).
 */
export const NUMBER_LEDGER =
  'INSERT INTO ledgers (unit, kind, period) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING';

/** The SQL expression of a new record (`record`, JSON), with its fixed fields kept from `current`. */
function dataExpression(spec: LedgerTable, record: string, current: string): string {
  let expr = record;
  if (spec.fixed) {
    const pairs = Object.entries(spec.fixed)
      .map(([column, field]) => `'$.${field}', ${current}.${column}`)
      .join(', ');
    expr = `json_set(${expr}, ${pairs})`;
  }
  return expr;
}

/**
 * The two statements that write a ledger's records from the rows of one stored version (`?1` its
 * submission id, see `VERSION_ROWS`; `?2` unit, `?3` period, `?4` the writing submission's id, `?5`
 * time, `?6` account): first the history of every record whose values change, then the upsert,
 * which touches a record only when they changed. New records are numbered in sheet order.
 */
export function recordStatements(kind: LedgerKind): { history: string; upsert: string } {
  const source = VERSION_ROWS;
  const spec = LEDGER_TABLES[kind];
  const { table } = spec;
  const fieldColumns = Object.entries(spec.columns);
  const extraColumns = Object.entries(spec.extras ?? {});
  const record = recordOf(kind);
  const fixed = new Set(Object.keys(spec.fixed ?? {}));
  const storedValue = (column: string, field: string) =>
    fieldOf(kind, field, spec.jsonColumns?.includes(column) ? '->' : '->>');
  // The columns a new version may change, with their values from a stored row: the record is
  // stored once (docs/decisions/0013), so comparing them compares the record; fixed ones stay.
  const changing: [string, string][] = [
    ['area', fieldOf(kind, 'area')],
    ...fieldColumns
      .filter(([column]) => !fixed.has(column))
      .map(([column, field]): [string, string] => [column, storedValue(column, field)]),
    ['data', restOf(kind)],
  ];
  const differs = (t: string, values: string[]) =>
    `(${changing.map(([column]) => `${t}.${column}`).join(', ')}) IS NOT (${values.join(', ')})`;
  // The history keeps only the values that change, before and after (docs/decisions/0013).
  const history = `
    INSERT INTO record_history (kind, record_id, version, before, after, submission_id, at, by)
    SELECT '${kind}', c.id, c.version + 1, ${changedValues('c.before', 'c.before', 'c.after')},
           ${changedValues('c.after', 'c.before', 'c.after')}, ?4, ?5, ?6
      FROM (SELECT t.id, t.version, ${recordSql(kind, 't')} AS before,
                   ${dataExpression(spec, record, 't')} AS after
              FROM ${source} AS j
              CROSS JOIN ${table} AS t ON t.unit = ?2 AND t.natural_key = j.k
             WHERE ${differs(
               't',
               changing.map(([, value]) => value),
             )}) AS c`;
  const insertColumns = [
    'unit',
    'area',
    'owner_unit',
    'natural_key',
    'period',
    ...fieldColumns.map(([column]) => column),
    ...extraColumns.map(([column]) => column),
    'data',
    'submission_id',
    'version',
    'created_at',
    'updated_at',
  ];
  const values = [
    '?2',
    fieldOf(kind, 'area'),
    `coalesce(${fieldOf(kind, 'area')}, ?2)`,
    'j.k',
    '?3',
    ...fieldColumns.map(([column, field]) => storedValue(column, field)),
    ...extraColumns.map((_, i) => `j.value ->> '$[2][${i}]'`),
    restOf(kind),
    '?4',
    '1',
    '?5',
    '?5',
  ];
  const updates = upsertUpdates(spec, fixed);
  // WHERE true: SQLite needs it to tell the upsert's ON CONFLICT from a join condition.
  const upsert = `
    INSERT INTO ${table} (${insertColumns.join(', ')})
    SELECT ${values.join(', ')} FROM ${source} AS j WHERE true
    ORDER BY j.value ->> '$[0]', j.k
    ON CONFLICT (unit, natural_key) DO UPDATE SET ${updates.join(', ')}
    WHERE ${differs(
      table,
      changing.map(([column]) => `excluded.${column}`),
    )}`;
  return { history, upsert };
}

/**
 * The values of record `side` (JSON) that differ between records `before` and `after`, as a JSON
 * object: what the history keeps of a change (docs/decisions/0013).
 */
export function changedValues(side: string, before: string, after: string): string {
  const path = `'$.' || o.key`;
  return `(SELECT json_group_object(o.key, ${side} -> (${path})) FROM json_each(${before}) AS o
             WHERE (${before} -> (${path})) IS NOT (${after} -> (${path})))`;
}

/**
 * The history row of an edit of one record (`?3` the whole record after it, as JSON; `?4` time,
 * `?5` account), written only if `guard` (`FROM <table> WHERE …`, naming `id` and `version`) finds
 * the record: the values that change, before and after.
 */
export function editHistorySql(kind: LedgerKind, guard: string): string {
  const { table } = LEDGER_TABLES[kind];
  return `INSERT INTO record_history (kind, record_id, version, before, after, submission_id, at, by)
    SELECT '${kind}', c.id, c.version + 1, ${changedValues('c.r', 'c.r', 'c.a')},
           ${changedValues('c.a', 'c.r', 'c.a')}, NULL, ?4, ?5
      FROM (SELECT id, version, ${recordSql(kind, table)} AS r, json(?3) AS a ${guard}) AS c`;
}

/** The upsert's SET list: what a new version of a record changes (fixed columns stay). */
function upsertUpdates(spec: LedgerTable, fixed: ReadonlySet<string>): string[] {
  const { table } = spec;
  const fieldColumns = Object.entries(spec.columns);
  const follow = spec.extrasFollow;
  return [
    'area = excluded.area',
    'owner_unit = excluded.owner_unit',
    'period = excluded.period',
    ...fieldColumns
      .filter(([column]) => !fixed.has(column))
      .map(([column]) => `${column} = excluded.${column}`),
    ...(follow ?? []).flatMap((rule) =>
      rule.extras.map(
        (column) =>
          `${column} = CASE WHEN ${table}.${rule.column} IS excluded.${rule.column} THEN ${table}.${column} ELSE excluded.${column} END`,
      ),
    ),
    ...(spec.extrasAlways ?? []).map((column) => `${column} = excluded.${column}`),
    'data = excluded.data',
    'submission_id = excluded.submission_id',
    `version = ${table}.version + 1`,
    'updated_at = excluded.updated_at',
  ];
}

/**
 * The statements that store a new version's rows as changes (docs/decisions/0013; `?2` unit, `?3`
 * period, `?4` the new submission's id). Per chunk (`?1`), `add` stores the rows the version adds
 * or alters — each chunk is bound once, its members' keys and values stored as they are; then
 * `close` (`?5`… the version's keys as JSON arrays, `keyArrays` of them) ends the runs of the rows
 * it altered or removed. A ledger with no records yet (`fresh`) has no rows to compare with.
 */
export function versionStatements(
  kind: LedgerKind,
  keyArrays: number,
  fresh = false,
): { add: string; close: string } {
  const ledgerId = `(SELECT id FROM ledgers WHERE unit = ?2 AND kind = '${kind}' AND period = ?3)`;
  const ledger = (t: string) => `${t}.ledger = ${ledgerId}`;
  const version = '(SELECT version FROM submissions WHERE id = ?4)';
  const keys = Array.from(
    { length: keyArrays },
    (_, i) => `SELECT value FROM json_each(?${5 + i})`,
  );
  const unchanged = `SELECT 1 FROM version_rows AS o
     WHERE ${ledger('o')} AND o.natural_key = j.key AND o.until IS NULL AND o.item = j.value`;
  return {
    add: `
      INSERT INTO version_rows (ledger, natural_key, since, item)
      SELECT ${ledgerId}, j.key, ${version}, j.value
        FROM ${BOUND_CHUNK} AS j
       ${fresh ? '' : `WHERE NOT EXISTS (${unchanged})`}`,
    close: `
      UPDATE version_rows AS o SET until = ${version}
       WHERE ${ledger('o')} AND o.until IS NULL AND o.since < ${version}
         AND (o.natural_key NOT IN (${keys.join(' UNION ALL ')})
              OR o.natural_key IN (SELECT n.natural_key FROM version_rows AS n
                                    WHERE ${ledger('n')} AND n.since = ${version}))`,
  };
}

/**
 * The two statements that make a ledger's current records the rows of one stored version (`?1` its
 * submission id, see `VERSION_ROWS`; `?2` unit, `?3` period) — docs/decisions/0007: its rows become
 * current (and belong to this period's ledger), the ledger's rows it lacks stop being current.
 * Rows never go: their history stays, and a later version may bring them back.
 */
export function currentStatements(kind: LedgerKind): { present: string; absent: string } {
  const { table } = LEDGER_TABLES[kind];
  const keys = `SELECT j.k FROM ${VERSION_ROWS} AS j`;
  return {
    present: `
      UPDATE ${table} SET current = 1, period = ?3
       WHERE unit = ?2 AND (current = 0 OR period IS NOT ?3) AND natural_key IN (${keys})`,
    // Found by key among the ledger's keys: the unit's records have no index by period.
    absent: `
      UPDATE ${table} SET current = 0
       WHERE unit = ?2 AND natural_key IN ${LEDGER_KEYS} AND natural_key NOT IN (${keys})
         AND period = ?3 AND current = 1`,
  };
}
