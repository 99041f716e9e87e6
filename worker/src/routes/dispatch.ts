/**
 * The district's dispatch (派单) of a case to a functional department and what follows it
 * (docs/decisions/0010): `POST /api/cases/:id/dispatch` and `/reassign` (改派, a new dispatch date)
 * by the district; `/extension` (延期, asked by the department) and `/extension/grant` (once, by the
 * district); `/return` (退单, the department sends it back with a reason). Each is an event dated
 * today (China time) in the case's history, written with its audit row under one guard, and the
 * dispatch is what gives the department access to the case.
 */
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { dispatchDueDates } from '../../../shared/scores.ts';
import { requireAuth } from '../auth.ts';
import { chinaNowIso, loadOrg, nowIso, todayInChina } from '../db.ts';
import { districtOf, loadCalendar, loadSettings } from '../district-rules.ts';
import type { Account, AppEnv } from '../env.ts';
import { fail } from '../errors.ts';
import { assignedToAccount, findRecord, handlingUnit, type RecordRow } from '../records.ts';
import { type Action, authorize } from '../scope.ts';
import { input } from '../validate.ts';

export const dispatchSchema = z
  .object({
    /** The functional department (code or name) that handles the case. */
    department: z.string().trim().min(1).max(60),
    /** 定人: the named person who handles it. */
    handler: z.string().trim().min(1).max(50),
    /** 定方案: how it will be solved. */
    plan: z.string().trim().min(2).max(2000),
  })
  .strict();

export const extensionSchema = z
  .object({
    /** Days added to the department's resolution period (counted as the district counts days). */
    days: z.number().int().min(1).max(90),
    reason: z.string().trim().min(2).max(500),
  })
  .strict();

export const sendBackSchema = z.object({ reason: z.string().trim().min(2).max(500) }).strict();

/** The case a dispatch step acts on, checked: found, current, and the account allowed. */
async function caseFor(c: Context<AppEnv>, action: Action) {
  const db = c.env.DB;
  const account = c.var.account;
  const row = await findRecord(db, 'case', c.req.param('id') ?? '');
  if (!row) fail(404, 'NOT_FOUND');
  const org = await loadOrg(db);
  authorize(account, org, action, handlingUnit(org, row), {
    assigned: assignedToAccount(row, account),
  });
  // A case that does not count changes through its ledger (docs/decisions/0007).
  if (row.current !== 1) fail(409, 'RECORD_NOT_CURRENT');
  return { db, account, row, org };
}

interface Step {
  kind: 'dispatched' | 'reassigned' | 'extension_asked' | 'extension_granted' | 'sent_back';
  /** What the event records (department, handler, plan, days, reason). */
  detail: Record<string, unknown>;
  /** The case's record after the step (its data), when the step changes it. */
  data?: Record<string, unknown>;
  /** `column = ?n` assignments, placeholders from ?5 on, and their values. */
  set: string;
  values: unknown[];
}

/**
 * Writes a step in one batch: the event, the new version's history, the audit row and the update,
 * each guarded by the version the step was checked against — a step that lost a race to another
 * change writes nothing, not even its audit row (409 RECORD_CHANGED).
 */
async function writeStep(db: D1Database, row: RecordRow, account: Account, step: Step) {
  // Dated in China time to the moment, as edits are: two steps on one day stay two events.
  const at = chinaNowIso();
  const now = nowIso();
  const guard = 'FROM cases WHERE id = ?1 AND version = ?2 AND current = 1';
  const detail = JSON.stringify(step.detail);
  const data = step.data ? JSON.stringify(step.data) : row.data;
  const statements = [
    db
      .prepare(
        `INSERT INTO case_events (case_id, at, kind, reason, actor, after, created_at)
         SELECT id, ?3, ?4, ?5, ?6, ?7, ?8 ${guard}`,
      )
      .bind(
        row.id,
        row.version,
        at,
        step.kind,
        step.kind.toUpperCase(),
        account.username,
        detail,
        now,
      ),
    db
      .prepare(
        `INSERT INTO record_history (kind, record_id, version, before, after, submission_id, at, by)
         SELECT 'case', id, version + 1, data, ?3, NULL, ?4, ?5 ${guard}`,
      )
      .bind(row.id, row.version, data, now, account.username),
    db
      .prepare(
        `INSERT INTO audit_log (at, actor, action, unit, target, detail)
         SELECT ?3, ?4, ?5, unit, CAST(id AS TEXT), ?6 ${guard}`,
      )
      .bind(row.id, row.version, now, account.username, `case.${step.kind}`, detail),
    db
      .prepare(
        `UPDATE cases SET ${step.set}, data = ?3, version = version + 1, updated_at = ?4,
                stepped = 1
          WHERE id = ?1 AND version = ?2 AND current = 1`,
      )
      .bind(row.id, row.version, data, now, ...step.values),
  ];
  const done = await db.batch(statements);
  if ((done.at(-1)?.meta.changes ?? 0) === 0) fail(409, 'RECORD_CHANGED');
  return at.slice(0, 10);
}

/** A dispatch or reassignment: the department of the case's district, today's date, its clock. */
async function dispatchStep(
  c: Context<AppEnv>,
  kind: 'dispatched' | 'reassigned',
  body: z.infer<typeof dispatchSchema>,
) {
  const { db, account, row, org } = await caseFor(c, 'case.dispatch');
  const district = districtOf(org, row.owner_unit);
  const department = org.find(body.department);
  if (department?.kind !== 'department' || department.parent !== district) {
    fail(422, 'NOT_A_DEPARTMENT', { value: body.department });
  }
  if (kind === 'dispatched' && row.dispatched_unit) fail(409, 'ALREADY_DISPATCHED');
  if (kind === 'reassigned') {
    if (!row.dispatched_unit) fail(409, 'NOT_DISPATCHED');
    if (row.dispatched_unit === department.code) fail(422, 'SAME_DEPARTMENT');
  }
  const today = todayInChina();
  const settings = await loadSettings(db, district);
  const due = dispatchDueDates(today, 0, settings, await loadCalendar(db));
  const values = {
    assignee: department.code,
    dispatchedOn: today,
    handler: body.handler,
    plan: body.plan,
  };
  const data = { ...(JSON.parse(row.data) as Record<string, unknown>), ...values };
  await writeStep(db, row, account, {
    kind,
    detail: { department: department.code, handler: body.handler, plan: body.plan },
    data,
    set: `dispatched_unit = ?5, assignee = ?5, assignee_unit = ?5, dispatched_on = ?6,
          first_dispatched_on = coalesce(first_dispatched_on, ?6), handler = ?7, plan = ?8,
          dispatch_reply_due = ?9, dispatch_resolution_due = ?10,
          extension_asked = NULL, extension_reason = NULL, extension_days = NULL`,
    values: [department.code, today, body.handler, body.plan, due.replyDue, due.resolutionDue],
  });
  return c.json({ id: row.id, kind, department: department.code, dispatchedOn: today, ...due });
}

export const dispatchRoutes = new Hono<AppEnv>()
  .use(requireAuth())
  .post('/:id/dispatch', input('json', dispatchSchema), (c) =>
    dispatchStep(c, 'dispatched', c.req.valid('json')),
  )
  .post('/:id/reassign', input('json', dispatchSchema), (c) =>
    dispatchStep(c, 'reassigned', c.req.valid('json')),
  )
  .post('/:id/extension', input('json', extensionSchema), async (c) => {
    const { db, account, row } = await caseFor(c, 'case.handle-dispatch');
    const { days, reason } = c.req.valid('json');
    // Once per dispatch: asked and granted, or still waiting for the district.
    if (!row.dispatched_unit) fail(409, 'NOT_DISPATCHED');
    if (row.extension_days != null || row.extension_asked != null) fail(409, 'EXTENSION_USED');
    const on = await writeStep(db, row, account, {
      kind: 'extension_asked',
      detail: { days, reason },
      set: 'extension_asked = ?5, extension_reason = ?6',
      values: [days, reason],
    });
    return c.json({ id: row.id, days, reason, askedOn: on, status: 'pending' as const });
  })
  .post('/:id/extension/grant', async (c) => {
    const { db, account, row, org } = await caseFor(c, 'case.dispatch');
    const asked = row.extension_asked as number | null;
    if (asked == null || row.extension_days != null) fail(409, 'NO_EXTENSION_ASKED');
    const settings = await loadSettings(db, districtOf(org, row.owner_unit));
    const due = dispatchDueDates(
      String(row.dispatched_on),
      asked,
      settings,
      await loadCalendar(db),
    );
    const on = await writeStep(db, row, account, {
      kind: 'extension_granted',
      detail: { days: asked },
      set: 'extension_days = extension_asked, extension_asked = NULL, dispatch_resolution_due = ?5',
      values: [due.resolutionDue],
    });
    return c.json({ id: row.id, days: asked, grantedOn: on, resolutionDue: due.resolutionDue });
  })
  .post('/:id/return', input('json', sendBackSchema), async (c) => {
    const { db, account, row } = await caseFor(c, 'case.handle-dispatch');
    const { reason } = c.req.valid('json');
    if (!row.dispatched_unit) fail(409, 'NOT_DISPATCHED');
    // Back with the district, which dispatches it again: the department is no longer judged by it
    // and no longer sees it; the first dispatch date stays (the receiving unit handed it over).
    const data = {
      ...(JSON.parse(row.data) as Record<string, unknown>),
      assignee: null,
      dispatchedOn: null,
      handler: null,
      plan: null,
    };
    const on = await writeStep(db, row, account, {
      kind: 'sent_back',
      detail: { department: row.dispatched_unit, reason },
      data,
      set: `first_dispatched_on = coalesce(first_dispatched_on, dispatched_on),
            dispatched_unit = NULL, assignee = NULL, assignee_unit = NULL, dispatched_on = NULL,
            handler = NULL, plan = NULL, dispatch_reply_due = NULL, dispatch_resolution_due = NULL,
            extension_asked = NULL, extension_reason = NULL, extension_days = NULL`,
      values: [],
    });
    return c.json({ id: row.id, department: row.dispatched_unit, reason, returnedOn: on });
  });
