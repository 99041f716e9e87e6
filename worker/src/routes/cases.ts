/**
 * Cases: the shared list and detail (with the case's events), `PATCH /api/cases/:id` for the
 * handling level's changes — each changed field one event with who, when, before and after — and
 * `GET /api/cases/:id/history` (every earlier version and every event), and
 * `POST /api/cases/:id/rederive` (a district admin re-derives the case's climbs). The first receiver
 * never changes (首问负责制).
 */
import type { Context } from 'hono';
import { z } from 'zod';
import { validateRows } from '../../../shared/ledgers/index.ts';
import { caseEditStatements, caseEvents, caseHistory } from '../cases-sql.ts';
import { auditStatement, chinaNowIso, loadOrg, todayInChina } from '../db.ts';
import { districtOf, fillDueDatesAfterWrite, loadSettings } from '../district-rules.ts';
import { endpoint } from '../endpoint.ts';
import type { AppEnv } from '../env.ts';
import { fail, localeOf } from '../errors.ts';
import { recordOfRow } from '../ledger-tables.ts';
import { assignedToAccount, handlingUnit, maskValues, seesResidents } from '../record-privacy.ts';
import { findRecord, type RecordRow, rowToRecord } from '../records.ts';
import { event, json, recordSchema } from '../schemas.ts';
import { type Action, authorize } from '../scope.ts';
import { rederiveCase } from '../sweep.ts';
import { input } from '../validate.ts';
import { authorizeRead, recordRoutes } from './records.ts';

/** What the handling level may change on a case. */
export const CASE_CHANGES = [
  'status',
  'assignee',
  'repliedOn',
  'resolvedOn',
  'result',
  'signedOff',
  'revisitOn',
  'satisfaction',
  'remarks',
] as const;

const cell = z.union([z.string().max(2000), z.boolean(), z.null()]).optional();

export const casePatchSchema = z
  .object({
    /** The version the change was made on: a later one in D1 is a 409. */
    version: z.number().int().min(1).optional(),
    /** Accepted only unchanged (首问负责制). */
    firstReceiver: z.string().optional(),
    ...Object.fromEntries(CASE_CHANGES.map((key) => [key, cell])),
  })
  .strict();

/**
 * The case of the path a handling step acts on: found (404), and the account allowed (403) — a
 * department also on the cases assigned to it.
 */
export async function caseFor(c: Context<AppEnv>, action: Action) {
  const db = c.env.DB;
  const account = c.var.account;
  const row = await findRecord(db, 'case', c.req.param('id') ?? '');
  if (!row) fail(404, 'NOT_FOUND');
  const org = await loadOrg(db);
  authorize(account, org, action, handlingUnit(org, row), {
    assigned: assignedToAccount(row, account),
  });
  return { db, account, row, org };
}

/** A case's events, residents' details masked for every level but the handling one. */
async function eventsOf(db: D1Database, caseId: number, masked: boolean, name: string | null) {
  const view = (values: Record<string, unknown> | null) =>
    values && masked ? maskValues('case', values, name) : values;
  return (await caseEvents(db, caseId)).map((e) => ({
    ...e,
    before: view(e.before),
    after: view(e.after),
  }));
}

const patchAnswer = z.object({
  record: recordSchema('case'),
  events: z.array(
    z.object({ field: z.string(), before: z.unknown(), after: z.unknown(), at: z.string() }),
  ),
});
const rederiveAnswer = z.object({ id: z.number(), climbs: z.number(), level: z.number() });
const historyAnswer = z.object({
  id: z.number(),
  versions: z.array(
    z.object({
      version: z.number(),
      before: json,
      after: json,
      submissionId: z.string().nullable(),
      at: z.string(),
      by: z.string(),
    }),
  ),
  events: z.array(event),
});

/** The case's reporter, to mask in the free text of its events. */
const reporterOf = (row: RecordRow) =>
  (recordOfRow('case', row).reporterName as string | null) ?? null;

export const caseRoutes = recordRoutes('case', {
  extras: async (db, row, masked) => ({
    events: await eventsOf(db, row.id, masked, reporterOf(row)),
  }),
  shape: { events: z.array(event) },
})
  .patch(
    '/:id',
    endpoint('case.update', {
      summary: '办理层级修改案件（每项修改记一条事件；首问责任人不变）',
      tag: 'records',
      response: patchAnswer,
    }),
    input('json', casePatchSchema),
    async (c) => {
      const { db, account, row, org } = await caseFor(c, 'case.update');
      const patch = c.req.valid('json') as Record<string, unknown> & { version?: number };
      const current = recordOfRow('case', row);
      if (patch.firstReceiver !== undefined && patch.firstReceiver !== current.firstReceiver) {
        fail(422, 'FIRST_RECEIVER_FIXED');
      }
      if (patch.version !== undefined && patch.version !== row.version) fail(409, 'RECORD_CHANGED');
      // A case that does not count is changed through its ledger, not here (docs/decisions/0007).
      if (row.current !== 1) fail(409, 'RECORD_NOT_CURRENT');

      const merged = { ...current };
      for (const key of CASE_CHANGES) if (patch[key] !== undefined) merged[key] = patch[key];
      const settings = await loadSettings(db, districtOf(org, row.unit));
      const { records, issues } = validateRows('case', [{ row: 1, values: merged }], {
        org,
        unit: row.unit,
        asOf: todayInChina(),
        locale: localeOf(c),
        areaCode: settings.areaCode,
      });
      if (issues.length > 0) fail(422, 'INVALID_CHANGE', {}, issues);
      const next = records[0]!.values as unknown as Record<string, unknown>;
      const changed = CASE_CHANGES.filter(
        (key) => JSON.stringify(next[key]) !== JSON.stringify(current[key]),
      );
      if (changed.length === 0) {
        const unchanged: z.infer<typeof patchAnswer> = {
          record: rowToRecord('case', row, org, account),
          events: [],
        };
        return c.json(unchanged);
      }

      const at = chinaNowIso();
      const assignee = typeof next.assignee === 'string' ? org.find(next.assignee) : null;
      const statements = [
        ...caseEditStatements(db, row, {
          changed,
          current,
          next,
          at,
          by: account.username,
          assigneeUnit: assignee?.code ?? null,
        }),
        auditStatement(db, {
          actor: account.username,
          action: 'case.update',
          unit: row.unit,
          target: String(row.id),
          detail: { changed },
          ifApplied: true,
        }),
      ];
      const results = await db.batch(statements);
      if ((results[changed.length + 1]?.meta.changes ?? 0) === 0) fail(409, 'RECORD_CHANGED');
      await fillDueDatesAfterWrite(db, org, row.unit);
      const updated = (await findRecord(db, 'case', String(row.id)))!;
      const answer: z.infer<typeof patchAnswer> = {
        record: rowToRecord('case', updated, org, account),
        events: changed.map((key) => ({ field: key, before: current[key], after: next[key], at })),
      };
      return c.json(answer);
    },
  )
  // The district admin's repair of one case: its climbs derived again from its records as of today.
  .post(
    '/:id/rederive',
    endpoint('sweep.run', {
      summary: '区管理员按案件记录重新推算其逐级升级（删除并重写该案件的升级事件）',
      tag: 'records',
      response: rederiveAnswer,
    }),
    async (c) => {
      const db = c.env.DB;
      const row = await findRecord(db, 'case', c.req.param('id'));
      if (!row) fail(404, 'NOT_FOUND');
      const org = await loadOrg(db);
      authorize(c.var.account, org, 'sweep.run', org.districtOf(row.owner_unit)?.code ?? row.unit);
      const result = await rederiveCase(db, row.id, todayInChina(), c.var.account.username);
      if (!result) fail(404, 'NOT_FOUND');
      return c.json({ id: row.id, ...result } satisfies z.infer<typeof rederiveAnswer>);
    },
  )
  .get(
    '/:id/history',
    endpoint('records.read', {
      summary: '案件的历次版本与事件',
      tag: 'records',
      response: historyAnswer,
    }),
    async (c) => {
      const db = c.env.DB;
      const row: RecordRow | null = await findRecord(db, 'case', c.req.param('id'));
      if (!row) fail(404, 'NOT_FOUND');
      const org = await loadOrg(db);
      authorizeRead(c.var.account, org, row);
      const masked = !seesResidents('case', row, org, c.var.account);
      const view = (values: Record<string, unknown>) =>
        masked ? maskValues('case', values) : values;
      const versions = await caseHistory(db, row);
      const answer: z.infer<typeof historyAnswer> = {
        id: row.id,
        versions: versions.map((h) => ({ ...h, before: view(h.before), after: view(h.after) })),
        events: await eventsOf(db, row.id, masked, reporterOf(row)),
      };
      return c.json(answer);
    },
  );
