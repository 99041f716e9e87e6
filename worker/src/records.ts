/**
 * Reading the ledgers' records: list queries with filters, text search, sort and keyset
 * pagination over a unit's subtree, and the API view of a record (residents' names and phones
 * masked for everyone but the unit handling it).
 */
import { z } from 'zod';
import {
  LEDGER_KINDS,
  LEDGERS,
  type LedgerKind,
  type ListFilter,
} from '../../shared/ledgers/index.ts';
import type { OrgTree } from '../../shared/org.ts';
import { parsePeriod, periodSchema } from '../../shared/periods.ts';
import { CALENDAR_GAP_SQL } from './district-rules.ts';
import type { Account } from './env.ts';
import { LEDGER_TABLES, recordOfRow } from './ledger-tables.ts';
import { afterCursor, decodeCursor, page, pageQuery } from './paging.ts';
import { handlingUnit, maskValues, seesResidents, seesResidentsSql } from './record-privacy.ts';

export interface RecordRow {
  id: number;
  unit: string;
  area: string | null;
  owner_unit: string;
  period: string;
  data: string;
  submission_id: string;
  version: number;
  current: number;
  created_at: string;
  updated_at: string;
  level?: number;
  reply_due?: string | null;
  resolution_due?: string | null;
  current_due?: string | null;
  assignee_unit?: string | null;
  dispatched_unit?: string | null;
  [column: string]: unknown;
}

/** Adds a bound value and returns its placeholder. */
type Arg = (value: unknown) => string;

interface Filter {
  schema: z.ZodType;
  where(value: never, arg: Arg, asOf: string): string;
}

const text = z.string().trim().min(1).max(100);
const period = periodSchema;
const yesNo = z.enum(['true', 'false']).transform((v) => v === 'true');

const equals = (column: string): Filter => ({
  schema: text,
  where: (value: string, arg) => `${column} = ${arg(value)}`,
});
const within = (column: string): Filter => ({
  schema: period,
  where: (value: string, arg) => {
    const range = parsePeriod(value)!;
    return `${column} BETWEEN ${arg(range.from)} AND ${arg(range.to)}`;
  },
});

/** Filters the Worker defines by name (`{ named }` in a ledger's definition). */
const NAMED_FILTERS: Record<string, Filter> = {
  overdue: {
    schema: yesNo,
    // Open past the resolution due date of its current round (the sweep keeps current_due).
    where: (value: boolean, arg, asOf) => {
      const overdue = `(resolved_on IS NULL AND coalesce(current_due, resolution_due) < ${arg(asOf)})`;
      return value ? overdue : `NOT ${overdue}`;
    },
  },
};

function filterOf(filter: ListFilter): Filter {
  if ('equals' in filter) return equals(filter.equals);
  if ('within' in filter) return within(filter.within);
  if ('int' in filter) {
    const column = filter.int;
    return {
      schema: z.coerce.number().int().min(filter.min).max(filter.max),
      where: (value: number, arg) => `${column} = ${arg(value)}`,
    };
  }
  return NAMED_FILTERS[filter.named]!;
}

/** The filters each list takes besides `unit`, `q`, `sort`, `cursor` and `limit`. */
const RECORD_FILTERS = Object.fromEntries(
  LEDGER_KINDS.map((kind) => [
    kind,
    Object.fromEntries(
      Object.entries(LEDGERS[kind].filters).map(([key, filter]) => [key, filterOf(filter)]),
    ),
  ]),
) as Record<LedgerKind, Record<string, Filter>>;

/** The query schema of a ledger's list. */
export function listQuerySchema(kind: LedgerKind) {
  const spec = LEDGER_TABLES[kind];
  const sorts = Object.keys(spec.sortColumns).flatMap((key) => [key, `-${key}`]) as [
    string,
    ...string[],
  ];
  const filters = Object.fromEntries(
    Object.entries(RECORD_FILTERS[kind]).map(([key, filter]) => [key, filter.schema.optional()]),
  );
  return z.object({
    unit: z.string().optional(),
    q: z.string().trim().min(1).max(100).optional(),
    sort: z.enum(sorts).default(spec.defaultSort),
    ...pageQuery,
    ...filters,
  });
}

export interface ListOptions {
  /** Codes whose records are in scope (the unit's subtree). */
  scope: readonly string[];
  /** Cases the district dispatched to this unit are in scope too (a department). */
  assignedTo: string | null;
  query: Record<string, unknown> & { q?: string; sort: string; cursor?: string; limit: number };
  asOf: string;
  /** Who is looking: `q` matches residents' columns only on the rows they see unmasked. */
  viewer: { org: OrgTree; account: Account };
}

export async function listRecords(
  db: D1Database,
  kind: LedgerKind,
  options: ListOptions,
): Promise<{ items: RecordRow[]; nextCursor: string | null }> {
  const spec = LEDGER_TABLES[kind];
  const args: unknown[] = [];
  const arg: Arg = (value) => {
    args.push(value);
    return `?${args.length}`;
  };
  const scope = `owner_unit IN (SELECT value FROM json_each(${arg(JSON.stringify(options.scope))}))`;
  const where = [
    options.assignedTo && kind === 'case'
      ? `(${scope} OR dispatched_unit = ${arg(options.assignedTo)})`
      : scope,
    // Lists show the current records (docs/decisions/0007); a record's detail shows any.
    'current = 1',
  ];
  for (const [key, filter] of Object.entries(RECORD_FILTERS[kind])) {
    const value = options.query[key];
    if (value !== undefined) where.push(filter.where(value as never, arg, options.asOf));
  }
  if (options.query.q) {
    const needle = arg(options.query.q);
    const personal = spec.personalColumns ?? [];
    const freeText = spec.freeTextColumns ?? [];
    const matches = (columns: readonly string[]) =>
      columns.length === 0 ? '0' : columns.map((c) => `instr(${c}, ${needle}) > 0`).join(' OR ');
    const open = matches(
      spec.textColumns.filter((c) => !personal.includes(c) && !freeText.includes(c)),
    );
    // What a viewer sees masked must not be recoverable by searching for it a character at a time:
    // residents' columns match only where they are shown in full, and free text (masked for the
    // others) only for words without digits that share no character with the resident's given name.
    const sees = seesResidentsSql(kind, options.viewer.org, options.viewer.account, arg);
    const nameColumn = spec.nameColumn ?? 'NULL';
    const givenNameApart = [2, 3, 4]
      .map(
        (i) =>
          `(length(${nameColumn}) < ${i} OR instr(${needle}, substr(${nameColumn}, ${i}, 1)) = 0)`,
      )
      .join(' AND ');
    const freeMatch = /\d/.test(options.query.q)
      ? '0'
      : `(coalesce(${givenNameApart}, 1) AND (${matches(freeText)}))`;
    where.push(
      personal.length === 0
        ? `(${open})`
        : `(${open} OR (${sees} AND (${matches([...personal, ...freeText])})) OR (NOT ${sees} AND ${freeMatch}))`,
    );
  }
  const descending = options.query.sort.startsWith('-');
  const column = spec.sortColumns[options.query.sort.replace(/^-/, '')]!;
  if (options.query.cursor) {
    const [value, id] = decodeCursor(options.query.cursor, 2);
    where.push(afterCursor(column, descending, arg(value), arg(id)));
  }
  const direction = descending ? 'DESC' : 'ASC';
  const { results } = await db
    .prepare(
      `SELECT ${columnsOf(kind)} FROM ${spec.readFrom ?? spec.table} WHERE ${where.join(' AND ')}
        ORDER BY ${column} ${direction}, id ${direction} LIMIT ${arg(options.query.limit + 1)}`,
    )
    .bind(...args)
    .all<RecordRow>();
  return page(results, options.query.limit, (last) => [
    last[column] as string | number | null,
    last.id,
  ]);
}

/** A record's columns; a case's with whether a due date lies in a year without a holiday schedule. */
const columnsOf = (kind: LedgerKind) =>
  kind === 'case' ? `*, (${CALENDAR_GAP_SQL}) AS calendar_gap` : '*';

export async function findRecord(
  db: D1Database,
  kind: LedgerKind,
  id: string,
): Promise<RecordRow | null> {
  const n = Number(id);
  if (!Number.isSafeInteger(n)) return null;
  const spec = LEDGER_TABLES[kind];
  return db
    .prepare(`SELECT ${columnsOf(kind)} FROM ${spec.readFrom ?? spec.table} WHERE id = ?1`)
    .bind(n)
    .first<RecordRow>();
}

/** The API view of a record row, masked unless the account's unit handles it. */
export function rowToRecord(kind: LedgerKind, row: RecordRow, org: OrgTree, account: Account) {
  const seesAll = seesResidents(kind, row, org, account);
  const stored = recordOfRow(kind, row);
  const values = seesAll ? stored : maskValues(kind, stored);
  const handler = handlingUnit(org, row);
  return {
    id: row.id,
    kind,
    unit: row.unit,
    area: row.area,
    period: row.period,
    version: row.version,
    // One of its ledger's current records: counted and listed (docs/decisions/0007).
    current: row.current === 1,
    submissionId: row.submission_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    ...(kind === 'case'
      ? {
          level: row.level ?? 0,
          handlingUnit: handler,
          replyDue: row.reply_due ?? null,
          resolutionDue: row.resolution_due ?? null,
          currentDue: row.current_due ?? row.resolution_due ?? null,
          assigneeUnit: row.assignee_unit ?? null,
          // A due date counted on weekends alone: its year's holidays are not loaded (decision 0011).
          calendarGap: row.calendar_gap === 1,
          dispatch: dispatchOf(row),
        }
      : {}),
    masked: !seesAll,
    values,
  };
}

/**
 * A case's dispatch as the API shows it: the department the district dispatched it to (what gives
 * the department access), the date, and the extension asked for or granted; `null` when none.
 */
function dispatchOf(row: RecordRow) {
  if (!row.dispatched_unit) return null;
  return {
    department: row.dispatched_unit,
    dispatchedOn: (row.dispatched_on as string | null) ?? null,
    firstDispatchedOn:
      (row.first_dispatched_on as string | null) ?? (row.dispatched_on as string | null) ?? null,
    replyDue: (row.dispatch_reply_due as string | null) ?? null,
    resolutionDue: (row.dispatch_resolution_due as string | null) ?? null,
    extension:
      row.extension_days != null
        ? { days: row.extension_days as number, status: 'granted' as const }
        : row.extension_asked != null
          ? {
              days: row.extension_asked as number,
              reason: (row.extension_reason as string | null) ?? null,
              status: 'pending' as const,
            }
          : null,
  };
}
