/**
 * Writing a submission: every record, its history, the version's changed rows, the submission, its
 * receipt, the idempotency key and the audit row go into ONE `db.batch()` — D1's transaction — so a
 * submission of any size is stored whole or not at all. Rows travel as bound JSON strings read with
 * `json_each(?1)` (an object of rows by their keys): the SQL text stays small, so a chunk may be as
 * large as D1's bound string.
 */
import type { z } from 'zod';
import { chunkRows, JSON_OBJECT } from '../../shared/chunk-rows.ts';
import type { LedgerKind } from '../../shared/ledgers/index.ts';
import { auditStatement, CHUNK_BYTES, nowIso } from './db.ts';
import {
  currentStatements,
  LEDGER_TABLES,
  NUMBER_LEDGER,
  packRow,
  recordStatements,
  unpackRow,
  VERSION_ROWS,
  versionStatements,
} from './ledger-tables.ts';
import type { receipt } from './schemas.ts';

export const SUBMISSION_STATUSES = ['submitted', 'accepted', 'returned', 'forwarded'] as const;
export type SubmissionStatus = (typeof SUBMISSION_STATUSES)[number];

/** A submission's receipt, as stored and answered (its schema: schemas.ts). */
export type Receipt = z.infer<typeof receipt>;

/** One record as it travels to D1: natural key, sheet row, canonical values, Worker-computed extras. */
export interface RowItem {
  k: string;
  r: number;
  d: Record<string, unknown>;
  x?: Record<string, unknown>;
}

export interface SubmissionWrite {
  id: string;
  kind: LedgerKind;
  unit: string;
  period: string;
  sourceName: string | null;
  items: readonly RowItem[];
  account: { id: number; username: string };
  idempotencyKey: string;
  requestHash: string;
  /**
   * The unit had no record of this ledger when the request began: no history can arise, so the
   * history statements are left out — guarded, so that records written meanwhile fail the batch
   * whole (`FreshLedgerChanged`) and the caller writes again the full way.
   */
  fresh?: boolean;
}

/** The guard of a fresh write found records: nothing was written; write again with history. */
export class FreshLedgerChanged extends Error {}

/** The error the guard raises inside the batch (any JSON is well-formed everywhere else in it). */
export const GUARD_ERROR = 'malformed JSON';

/** A submission written: its receipt, what the write cost, and the results of the batch's reads. */
export interface Written {
  receipt: Receipt;
  cost: WriteCost;
  read: D1Result[];
}

/**
 * Writes a validated submission atomically and returns its receipt. The version is the next one of
 * (unit, kind, period), computed inside the batch; UNIQUE(unit, kind, period, version) makes the
 * loser of a race fail whole. Throws D1's error on a constraint failure (the caller decides).
 * `reads` end the batch, reading what it wrote without a round trip of their own; their results
 * come back as `read`.
 */
export async function writeSubmission(
  db: D1Database,
  write: SubmissionWrite,
  reads: readonly D1PreparedStatement[] = [],
): Promise<Written> {
  const now = nowIso();
  const writes = [
    ...openingStatements(db, write, now),
    ...versionWrites(db, write),
    ...writeRecords(db, write, write.id, write.account.username, now, !write.fresh),
  ];
  const closing = closingStatements(db, write);
  const statements = [...writes, ...closing, ...reads];
  const started = Date.now();
  let results: D1Result[];
  try {
    results = await db.batch(statements);
  } catch (error) {
    if (write.fresh && error instanceof Error && error.message.includes(GUARD_ERROR)) {
      throw new FreshLedgerChanged();
    }
    throw error;
  }
  const cost = {
    statements: statements.length,
    batchMs: Date.now() - started,
    sqlMs: results.reduce((sum, result) => sum + (result.meta?.duration ?? 0), 0),
  };
  // The receipt comes back from the batch (`RETURNING`), not from one more read.
  const [row] = results[writes.length + RECEIPT_STATEMENT]!.results as { receipt: string }[];
  const read = results.slice(writes.length + closing.length);
  return { receipt: JSON.parse(row!.receipt) as Receipt, cost, read };
}

/**
 * The batch's first statements: the guard of a fresh write (it fails the batch if the unit has
 * records after all), the idempotency key, the submission with its next version, and the ledger's
 * number the first time it has one.
 */
function openingStatements(db: D1Database, write: SubmissionWrite, now: string) {
  const { table } = LEDGER_TABLES[write.kind];
  return [
    ...(write.fresh
      ? [
          db
            .prepare(
              `SELECT CASE WHEN EXISTS (SELECT 1 FROM ${table} WHERE unit = ?1) THEN json('{') END`,
            )
            .bind(write.unit),
        ]
      : []),
    db
      .prepare(
        'INSERT INTO idempotency_keys (key, account_id, request_hash, created_at) VALUES (?1, ?2, ?3, ?4)',
      )
      .bind(write.idempotencyKey, write.account.id, write.requestHash, now),
    db
      .prepare(
        `INSERT INTO submissions (id, unit, kind, period, version, status, source_name, row_count, submitted_by, submitted_at)
         SELECT ?1, ?2, ?3, ?4, coalesce(max(version), 0) + 1, 'submitted', ?5, ?6, ?7, ?8
           FROM submissions WHERE unit = ?2 AND kind = ?3 AND period = ?4`,
      )
      .bind(
        write.id,
        write.unit,
        write.kind,
        write.period,
        write.sourceName,
        write.items.length,
        write.account.username,
        now,
      ),
    db.prepare(NUMBER_LEDGER).bind(write.unit, write.kind, write.period),
  ];
}

/**
 * The version, stored as the rows it adds or alters, ending the runs of the rows it alters or
 * removes (docs/decisions/0013); the records are then written from it, as a return reinstates one.
 */
function versionWrites(db: D1Database, write: SubmissionWrite): D1PreparedStatement[] {
  const chunks = chunkRows(
    write.items.map((item) => [item.k, packRow(write.kind, item)] as const),
    CHUNK_BYTES,
    JSON_OBJECT,
  ).map((chunk) => chunk.json);
  // A fresh ledger has no earlier rows to end: its keys are not needed.
  const keyArrays = write.fresh
    ? []
    : chunkRows(
        write.items.map((item) => item.k),
        CHUNK_BYTES,
      ).map((chunk) => chunk.json);
  const version = versionStatements(write.kind, keyArrays.length, write.fresh);
  const addStatement = db.prepare(version.add);
  const statements = chunks.map((chunk) =>
    addStatement.bind(chunk, write.unit, write.period, write.id),
  );
  if (!write.fresh) {
    statements.push(
      db.prepare(version.close).bind(null, write.unit, write.period, write.id, ...keyArrays),
    );
  }
  return statements;
}

/** Which of the closing statements answers the receipt. */
const RECEIPT_STATEMENT = 1;

/** The batch's last statements: the counts, the receipt (also kept with the key) and the audit. */
function closingStatements(db: D1Database, write: SubmissionWrite): D1PreparedStatement[] {
  const { table } = LEDGER_TABLES[write.kind];
  // A fresh ledger's records are all the unit has of the kind: read whole, they are the cheapest
  // to count. Else the version's rows are found by key: the unit's records have no index by period.
  const ofVersion = write.fresh ? '' : `AND natural_key IN (SELECT j.k FROM ${VERSION_ROWS} AS j)`;
  return [
    // A record this submission inserted has version 1; one it changed, a later version.
    db
      .prepare(
        `UPDATE submissions SET (inserted, updated) = (
           SELECT count(*) FILTER (WHERE version = 1), count(*) FILTER (WHERE version > 1)
             FROM ${table} WHERE unit = ?2 ${ofVersion}
              AND period = ?3 AND current = 1 AND submission_id = ?1)
         WHERE id = ?1`,
      )
      .bind(write.id, write.unit, write.period),
    db
      .prepare(
        `UPDATE submissions SET unchanged = row_count - inserted - updated,
           receipt = json_object('id', id, 'kind', kind, 'unit', unit, 'period', period,
             'version', version, 'status', status, 'rows', row_count, 'inserted', inserted,
             'updated', updated, 'unchanged', row_count - inserted - updated,
             'idempotencyKey', ?2, 'submittedAt', submitted_at)
         WHERE id = ?1
         RETURNING receipt`,
      )
      .bind(write.id, write.idempotencyKey),
    db
      .prepare(
        `UPDATE idempotency_keys SET receipt = (SELECT receipt FROM submissions WHERE id = ?1)
          WHERE account_id = ?2 AND key = ?3`,
      )
      .bind(write.id, write.account.id, write.idempotencyKey),
    auditStatement(db, {
      actor: write.account.username,
      action: 'submission.create',
      unit: write.unit,
      target: write.id,
      detail: { kind: write.kind, period: write.period, rows: write.items.length },
    }),
  ];
}

/**
 * What a submission's write cost: its statements, the batch's time as the Worker waited for it and
 * the time D1 reports spending in SQL (sent as `Server-Timing`, read by the benchmark).
 */
export interface WriteCost {
  statements: number;
  batchMs: number;
  sqlMs: number;
}

/** What an idempotency key holds: the hash of the request that made it, and its receipt. */
export interface Idempotent {
  requestHash: string;
  receipt: Receipt | null;
}

/** The read of what an idempotency key holds, for a batch; `idempotentFrom` reads its result. */
export const idempotentStatement = (db: D1Database, accountId: number, key: string) =>
  db
    .prepare(
      'SELECT request_hash, receipt FROM idempotency_keys WHERE account_id = ?1 AND key = ?2',
    )
    .bind(accountId, key);

/** The receipt stored under an idempotency key, and the hash of the request that made it. */
export async function findIdempotent(
  db: D1Database,
  accountId: number,
  key: string,
): Promise<Idempotent | null> {
  return idempotentFrom(await idempotentStatement(db, accountId, key).all());
}

export function idempotentFrom(read: D1Result): Idempotent | null {
  const row = read.results[0] as { request_hash: string; receipt: string | null } | undefined;
  if (!row) return null;
  return {
    requestHash: row.request_hash,
    receipt: row.receipt ? (JSON.parse(row.receipt) as Receipt) : null,
  };
}

/**
 * The rows of one stored version exactly as they were submitted, rebuilt from the rows its ledger's
 * versions share (docs/decisions/0013), in the order of the sheet.
 */
export async function versionRows(db: D1Database, id: string): Promise<RowItem[]> {
  const { results } = await db
    .prepare(`SELECT s.kind, j.k, j.value AS item FROM ${VERSION_ROWS} AS j, submissions AS s
               WHERE s.id = ?1`)
    .bind(id)
    .all<{ kind: LedgerKind; k: string; item: string }>();
  const items = results.map((row) => unpackRow(row.kind, row.k, JSON.parse(row.item)));
  return items.sort((a, b) => a.r - b.r || (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
}

/** A ledger: its unit, kind and period (docs/decisions/0007). */
export interface Ledger {
  unit: string;
  kind: LedgerKind;
  period: string;
}

/**
 * The statements that write a ledger's records from stored version `id`: values with history, then
 * its rows are the current ones (docs/decisions/0007). A unit's first records of a kind (`replacing`
 * false) have no history and replace nothing.
 */
function writeRecords(
  db: D1Database,
  ledger: Ledger,
  id: string,
  by: string,
  at: string,
  replacing: boolean,
): D1PreparedStatement[] {
  const { history, upsert } = recordStatements(ledger.kind);
  const args = [id, ledger.unit, ledger.period, id, at, by];
  const upsertStatement = db.prepare(upsert).bind(...args.slice(0, 5));
  if (!replacing) return [upsertStatement];
  const { present, absent } = currentStatements(ledger.kind);
  return [
    db.prepare(history).bind(...args),
    upsertStatement,
    db.prepare(present).bind(id, ledger.unit, ledger.period),
    db.prepare(absent).bind(id, ledger.unit, ledger.period),
  ];
}

/**
 * The statements that reinstate version `id` of a ledger after the return of the version after it:
 * the records take that version's values again (history kept, as a submission writes them) and its
 * rows are the current ones. With no version to reinstate, the ledger has no current records.
 */
export function reinstateStatements(
  db: D1Database,
  ledger: Ledger,
  id: string | null,
  by: string,
): D1PreparedStatement[] {
  if (id === null) {
    const { table } = LEDGER_TABLES[ledger.kind];
    return [
      db
        .prepare(`UPDATE ${table} SET current = 0 WHERE unit = ?1 AND period = ?2 AND current = 1`)
        .bind(ledger.unit, ledger.period),
    ];
  }
  return writeRecords(db, ledger, id, by, nowIso(), true);
}
