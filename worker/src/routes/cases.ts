/**
 * Cases: the shared list and detail (with the case's events), `PATCH /api/cases/:id` for the
 * handling level's changes — each changed field one event with who, when, before and after — and
 * `GET /api/cases/:id/history` (every earlier version and every event), and
 * `POST /api/cases/:id/rederive` (a district admin re-derives the case's climbs). The first receiver
 * never changes (首问负责制).
 */
import { z } from 'zod';
import { validateRows } from '../../../shared/ledgers/index.ts';
import { auditStatement, chinaNowIso, loadOrg, nowIso, todayInChina } from '../db.ts';
import { districtOf, fillDueDatesAfterWrite, loadSettings } from '../district-rules.ts';
import { fail, localeOf } from '../errors.ts';
import { LEDGER_TABLES } from '../ledger-tables.ts';
import {
  assignedToAccount,
  findRecord,
  handlingUnit,
  maskValues,
  type RecordRow,
  rowToRecord,
  seesResidents,
} from '../records.ts';
import { authorize } from '../scope.ts';
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

interface EventRow {
  id: number;
  at: string;
  kind: string;
  from_level: number | null;
  to_level: number | null;
  reason: string;
  actor: string;
  before: string | null;
  after: string | null;
}

const parseJson = (text: string | null) =>
  text === null ? null : (JSON.parse(text) as Record<string, unknown>);

async function eventsOf(db: D1Database, caseId: number, masked: boolean, name: string | null) {
  const { results } = await db
    .prepare('SELECT * FROM case_events WHERE case_id = ?1 ORDER BY at, id')
    .bind(caseId)
    .all<EventRow>();
  const view = (values: Record<string, unknown> | null) =>
    values && masked ? maskValues('case', values, name) : values;
  return results.map((e) => ({
    id: e.id,
    at: e.at,
    kind: e.kind,
    fromLevel: e.from_level,
    toLevel: e.to_level,
    reason: e.reason,
    actor: e.actor,
    before: view(parseJson(e.before)),
    after: view(parseJson(e.after)),
  }));
}

const COLUMN_OF = Object.fromEntries(
  Object.entries(LEDGER_TABLES.case.columns).map(([column, field]) => [field, column]),
);

const sqlValue = (value: unknown) => (typeof value === 'boolean' ? (value ? 1 : 0) : value);

/** The case's reporter, to mask in the free text of its events. */
const reporterOf = (row: RecordRow) =>
  (JSON.parse(row.data) as { reporterName?: string | null }).reporterName ?? null;

export const caseRoutes = recordRoutes('case', async (db, row, masked) => ({
  events: await eventsOf(db, row.id, masked, reporterOf(row)),
}))
  .patch('/:id', input('json', casePatchSchema), async (c) => {
    const db = c.env.DB;
    const account = c.var.account;
    const row = await findRecord(db, 'case', c.req.param('id'));
    if (!row) fail(404, 'NOT_FOUND');
    const org = await loadOrg(db);
    authorize(account, org, 'case.update', handlingUnit(org, row), {
      assigned: assignedToAccount(row, account),
    });
    const patch = c.req.valid('json') as Record<string, unknown> & { version?: number };
    const current = JSON.parse(row.data) as Record<string, unknown>;
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
      return c.json({ record: rowToRecord('case', row, org, account), events: [] });
    }

    const at = chinaNowIso();
    const data = JSON.stringify(next);
    const assignee = typeof next.assignee === 'string' ? org.find(next.assignee) : null;
    const guard = 'FROM cases WHERE id = ?1 AND version = ?2';
    const statements = [
      // 首问负责制 holds because firstReceiver is not among the columns written here.
      ...changed.map((key) =>
        db
          .prepare(
            `INSERT INTO case_events (case_id, at, kind, reason, actor, before, after, created_at)
             SELECT ?1, ?3, 'update', ?4, ?5, ?6, ?7, ?8 ${guard}`,
          )
          .bind(
            row.id,
            row.version,
            at,
            key,
            account.username,
            JSON.stringify({ [key]: current[key] }),
            JSON.stringify({ [key]: next[key] }),
            nowIso(),
          ),
      ),
      db
        .prepare(
          `INSERT INTO record_history (kind, record_id, version, before, after, submission_id, at, by)
           SELECT 'case', id, version + 1, data, ?3, NULL, ?4, ?5 ${guard}`,
        )
        .bind(row.id, row.version, data, at, account.username),
      db
        .prepare(
          `UPDATE cases SET ${changed.map((key, i) => `${COLUMN_OF[key]} = ?${i + 6}`).join(', ')},
             assignee_unit = ?3, data = ?4, version = version + 1, updated_at = ?5,
             reopen_due = NULL, stepped = 1
           WHERE id = ?1 AND version = ?2`,
        )
        .bind(
          row.id,
          row.version,
          assignee?.code ?? null,
          data,
          nowIso(),
          ...changed.map((key) => sqlValue(next[key])),
        ),
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
    return c.json({
      record: rowToRecord('case', updated, org, account),
      events: changed.map((key) => ({ field: key, before: current[key], after: next[key], at })),
    });
  })
  // The district admin's repair of one case: its climbs derived again from its records as of today.
  .post('/:id/rederive', async (c) => {
    const db = c.env.DB;
    const row = await findRecord(db, 'case', c.req.param('id'));
    if (!row) fail(404, 'NOT_FOUND');
    const org = await loadOrg(db);
    authorize(c.var.account, org, 'sweep.run', org.districtOf(row.owner_unit)?.code ?? row.unit);
    const result = await rederiveCase(db, row.id, todayInChina(), c.var.account.username);
    if (!result) fail(404, 'NOT_FOUND');
    return c.json({ id: row.id, ...result });
  })
  .get('/:id/history', async (c) => {
    const db = c.env.DB;
    const row: RecordRow | null = await findRecord(db, 'case', c.req.param('id'));
    if (!row) fail(404, 'NOT_FOUND');
    const org = await loadOrg(db);
    authorizeRead(c.var.account, org, row);
    const masked = !seesResidents('case', row, org, c.var.account);
    const view = (text: string) => {
      const values = JSON.parse(text) as Record<string, unknown>;
      return masked ? maskValues('case', values) : values;
    };
    const { results } = await db
      .prepare(
        "SELECT version, before, after, submission_id, at, by FROM record_history WHERE kind = 'case' AND record_id = ?1 ORDER BY version, id",
      )
      .bind(row.id)
      .all<{
        version: number;
        before: string;
        after: string;
        submission_id: string | null;
        at: string;
        by: string;
      }>();
    return c.json({
      id: row.id,
      versions: results.map((h) => ({
        version: h.version,
        before: view(h.before),
        after: view(h.after),
        submissionId: h.submission_id,
        at: h.at,
        by: h.by,
      })),
      events: await eventsOf(db, row.id, masked, reporterOf(row)),
    });
  });
