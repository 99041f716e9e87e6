/**
 * The list and detail routes every ledger shares: `GET /` (filters, text, sort, cursor) over a
 * unit's subtree, and `GET /:id`. Scope comes from the role model; residents' details are masked
 * for every level but the handling one.
 */
import { Hono } from 'hono';
import type { HonoBase } from 'hono/hono-base';
import type { MergeSchemaPath, Schema } from 'hono/types';
import { z } from 'zod';
import {
  LEDGER_KINDS,
  LEDGERS,
  type LedgerKind,
  type LedgerPaths,
} from '../../../shared/ledgers/index.ts';
import type { OrgTree } from '../../../shared/org.ts';
import { requireAuth } from '../auth.ts';
import { loadOrg, todayInChina } from '../db.ts';
import { endpoint } from '../endpoint.ts';
import type { Account, AppEnv } from '../env.ts';
import { fail } from '../errors.ts';
import { assignedToAccount } from '../record-privacy.ts';
import {
  findRecord,
  listQuerySchema,
  listRecords,
  type RecordRow,
  rowToRecord,
} from '../records.ts';
import { pageOf, recordSchema } from '../schemas.ts';
import { authorize } from '../scope.ts';
import { input } from '../validate.ts';

/** Throws 403 unless the account may read this record. */
export function authorizeRead(account: Account, org: OrgTree, row: RecordRow): void {
  authorize(account, org, 'records.read', row.owner_unit, {
    assigned: assignedToAccount(row, account),
  });
}

/** Extra fields of a record's detail (a case's events). */
export type DetailExtras = (
  db: D1Database,
  row: RecordRow,
  masked: boolean,
) => Promise<Record<string, unknown>>;

/**
 * The routes of ledger `kind`; `detail` adds fields to its detail answer (a case's events), with
 * their schema for the documentation.
 */
export function recordRoutes(
  kind: LedgerKind,
  detail?: { extras: DetailExtras; shape: z.ZodRawShape },
) {
  const label = LEDGERS[kind].label.zh;
  const record = recordSchema(kind);
  return new Hono<AppEnv>()
    .use(requireAuth())
    .get(
      '/',
      endpoint('records.read', {
        summary: `${label}：列表（筛选、排序、分页）`,
        tag: 'records',
        response: pageOf(record),
      }),
      input('query', listQuerySchema(kind)),
      async (c) => {
        const db = c.env.DB;
        const account = c.var.account;
        const query = c.req.valid('query');
        const org = await loadOrg(db);
        const unit = query.unit ?? account.unit;
        if (!org.get(unit)) fail(404, 'UNIT_NOT_FOUND', { unit });
        authorize(account, org, 'records.read', unit);
        const { items, nextCursor } = await listRecords(db, kind, {
          scope: org.subtree(unit).map((u) => u.code),
          assignedTo: unit,
          query,
          asOf: todayInChina(),
          viewer: { org, account },
        });
        return c.json({
          items: items.map((row) => rowToRecord(kind, row, org, account)),
          nextCursor,
        });
      },
    )
    .get(
      '/:id',
      endpoint('records.read', {
        summary: `${label}：详情`,
        tag: 'records',
        response: z.object({ record, ...detail?.shape }),
      }),
      async (c) => {
        const db = c.env.DB;
        const row = await findRecord(db, kind, c.req.param('id'));
        if (!row) fail(404, 'NOT_FOUND');
        const org = await loadOrg(db);
        authorizeRead(c.var.account, org, row);
        const record = rowToRecord(kind, row, org, c.var.account);
        const extras = detail ? await detail.extras(db, row, record.masked) : {};
        return c.json({ record, ...extras });
      },
    );
}

type RecordSchema = ReturnType<typeof recordRoutes> extends Hono<AppEnv, infer S> ? S : never;
/** The typed routes of the ledgers `K`, each at its definition's path. */
type RecordSchemas<K extends LedgerKind> = {
  [P in K]: MergeSchemaPath<RecordSchema, LedgerPaths[P]>;
}[K];

/**
 * Mounts the shared list and detail routes of every ledger but `own` (those with a route file of
 * their own, like cases with their events and changes) at the path its definition gives.
 */
export function mountRecordRoutes<
  S extends Schema,
  B extends string,
  C extends string,
  const Own extends LedgerKind,
>(
  app: HonoBase<AppEnv, S, B, C>,
  own: readonly Own[],
): HonoBase<AppEnv, S | RecordSchemas<Exclude<LedgerKind, Own>>, B, C> {
  for (const kind of LEDGER_KINDS) {
    if (!(own as readonly LedgerKind[]).includes(kind)) {
      app.route(LEDGERS[kind].path, recordRoutes(kind));
    }
  }
  return app as unknown as HonoBase<AppEnv, S | RecordSchemas<Exclude<LedgerKind, Own>>, B, C>;
}
