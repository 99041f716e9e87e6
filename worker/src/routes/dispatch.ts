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
import { chinaNowIso, nowIso, todayInChina } from '../db.ts';
import { type Step, stepStatements } from '../dispatch-sql.ts';
import { districtOf, loadCalendar, loadSettings } from '../district-rules.ts';
import { endpoint } from '../endpoint.ts';
import type { Account, AppEnv } from '../env.ts';
import { fail } from '../errors.ts';
import { recordOfRow } from '../ledger-tables.ts';
import type { RecordRow } from '../records.ts';
import type { Action } from '../scope.ts';
import { input } from '../validate.ts';
import { caseFor } from './cases.ts';

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

const dispatchAnswer = z.object({
  id: z.number(),
  kind: z.enum(['dispatched', 'reassigned']),
  department: z.string(),
  dispatchedOn: z.string(),
  replyDue: z.string(),
  resolutionDue: z.string().describe('the department’s resolution due, from the dispatch date'),
});
const extensionAnswer = z.object({
  id: z.number(),
  days: z.number(),
  reason: z.string(),
  askedOn: z.string(),
  status: z.literal('pending'),
});
const grantAnswer = z.object({
  id: z.number(),
  days: z.number(),
  grantedOn: z.string(),
  resolutionDue: z.string(),
});
const sendBackAnswer = z.object({
  id: z.number(),
  department: z.string(),
  reason: z.string(),
  returnedOn: z.string(),
});

/** The case a dispatch step acts on, checked: found, current, and the account allowed. */
async function currentCaseFor(c: Context<AppEnv>, action: Action) {
  const found = await caseFor(c, action);
  // A case that does not count changes through its ledger (docs/decisions/0007).
  if (found.row.current !== 1) fail(409, 'RECORD_NOT_CURRENT');
  return found;
}

/**
 * Writes a step in one batch (dispatch-sql.ts), each statement guarded by the version the step was
 * checked against: a step that lost a race to another change writes nothing, not even its audit row
 * (409 RECORD_CHANGED). Returns the step's date.
 */
async function writeStep(db: D1Database, row: RecordRow, account: Account, step: Step) {
  // Dated in China time to the moment, as edits are: two steps on one day stay two events.
  const at = chinaNowIso();
  const by = { username: account.username, at, now: nowIso() };
  const done = await db.batch(stepStatements(db, row, by, step));
  if ((done.at(-1)?.meta.changes ?? 0) === 0) fail(409, 'RECORD_CHANGED');
  return at.slice(0, 10);
}

/** A dispatch or reassignment: the department of the case's district, today's date, its clock. */
async function dispatchStep(
  c: Context<AppEnv>,
  kind: 'dispatched' | 'reassigned',
  body: z.infer<typeof dispatchSchema>,
) {
  const { db, account, row, org } = await currentCaseFor(c, 'case.dispatch');
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
  const data = { ...recordOfRow('case', row), ...values };
  await writeStep(db, row, account, {
    kind,
    detail: { department: department.code, handler: body.handler, plan: body.plan },
    data,
    values: [department.code, today, body.handler, body.plan, due.replyDue, due.resolutionDue],
  });
  const answer: z.infer<typeof dispatchAnswer> = {
    id: row.id,
    kind,
    department: department.code,
    dispatchedOn: today,
    ...due,
  };
  return c.json(answer);
}

export const dispatchRoutes = new Hono<AppEnv>()
  .use(requireAuth())
  .post(
    '/:id/dispatch',
    endpoint('case.dispatch', {
      summary: '区派单给职能部门（定人定时定方案；派单日期为当天，部门的办理时限自派单日起算）',
      tag: 'records',
      response: dispatchAnswer,
    }),
    input('json', dispatchSchema),
    (c) => dispatchStep(c, 'dispatched', c.req.valid('json')),
  )
  .post(
    '/:id/reassign',
    endpoint('case.dispatch', {
      summary: '区改派给另一职能部门（新的派单日期，时限重新起算）',
      tag: 'records',
      response: dispatchAnswer,
    }),
    input('json', dispatchSchema),
    (c) => dispatchStep(c, 'reassigned', c.req.valid('json')),
  )
  .post(
    '/:id/extension',
    endpoint('case.handle-dispatch', {
      summary: '承办部门申请延期（每次派单一次，写明天数与理由），待区批准',
      tag: 'records',
      response: extensionAnswer,
    }),
    input('json', extensionSchema),
    async (c) => {
      const { db, account, row } = await currentCaseFor(c, 'case.handle-dispatch');
      const { days, reason } = c.req.valid('json');
      // Once per dispatch: asked and granted, or still waiting for the district.
      if (!row.dispatched_unit) fail(409, 'NOT_DISPATCHED');
      if (row.extension_days != null || row.extension_asked != null) fail(409, 'EXTENSION_USED');
      const on = await writeStep(db, row, account, {
        kind: 'extension_asked',
        detail: { days, reason },
        values: [days, reason],
      });
      const answer: z.infer<typeof extensionAnswer> = {
        id: row.id,
        days,
        reason,
        askedOn: on,
        status: 'pending',
      };
      return c.json(answer);
    },
  )
  .post(
    '/:id/extension/grant',
    endpoint('case.dispatch', {
      summary: '区批准延期：部门的办结期限顺延所申请的天数',
      tag: 'records',
      response: grantAnswer,
    }),
    async (c) => {
      const { db, account, row, org } = await currentCaseFor(c, 'case.dispatch');
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
        values: [due.resolutionDue],
      });
      const answer: z.infer<typeof grantAnswer> = {
        id: row.id,
        days: asked,
        grantedOn: on,
        resolutionDue: due.resolutionDue,
      };
      return c.json(answer);
    },
  )
  .post(
    '/:id/return',
    endpoint('case.handle-dispatch', {
      summary: '承办部门退单（写明理由）：案件回到区，部门不再可见',
      tag: 'records',
      response: sendBackAnswer,
    }),
    input('json', sendBackSchema),
    async (c) => {
      const { db, account, row } = await currentCaseFor(c, 'case.handle-dispatch');
      const { reason } = c.req.valid('json');
      if (!row.dispatched_unit) fail(409, 'NOT_DISPATCHED');
      // Back with the district, which dispatches it again: the department is no longer judged by it
      // and no longer sees it; the first dispatch date stays (the receiving unit handed it over).
      const data = {
        ...recordOfRow('case', row),
        assignee: null,
        dispatchedOn: null,
        handler: null,
        plan: null,
      };
      const on = await writeStep(db, row, account, {
        kind: 'sent_back',
        detail: { department: row.dispatched_unit, reason },
        data,
        values: [],
      });
      const answer: z.infer<typeof sendBackAnswer> = {
        id: row.id,
        department: row.dispatched_unit,
        reason,
        returnedOn: on,
      };
      return c.json(answer);
    },
  );
