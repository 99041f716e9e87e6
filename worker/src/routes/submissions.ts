/**
 * Submissions up the levels: a unit submits a ledger (re-validated with the shared schemas — the
 * add-in is never trusted — and written whole by submit.ts), its parent accepts or returns it, a
 * sub-district forwards its period to the district. A repeated Idempotency-Key returns the first
 * receipt and writes nothing.
 */
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { LEDGER_KINDS } from '../../../shared/ledgers/index.ts';
import { periodSchema } from '../../../shared/periods.ts';
import { requireAuth } from '../auth.ts';
import { auditStatement, loadOrg } from '../db.ts';
import { endpoint } from '../endpoint.ts';
import type { AppEnv } from '../env.ts';
import { fail, localeOf } from '../errors.ts';
import { decodeCursor, page, pageQuery } from '../paging.ts';
import { maskValues } from '../record-privacy.ts';
import { json, pageOf, receipt, submission } from '../schemas.ts';
import { authorize } from '../scope.ts';
import { SUBMISSION_STATUSES, versionRows } from '../submissions.ts';
import {
  findSubmission,
  forwardStatement,
  listSubmissions,
  pendingReviewCount,
  rowToSubmission,
} from '../submissions-sql.ts';
import { reviewSubmission, submitLedger } from '../submit.ts';
import { input } from '../validate.ts';

export const MAX_ROWS = 50_000;

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A ledger's row as sent: its sheet row, and its values by field. */
interface SentRow {
  row: number;
  values: Record<string, unknown>;
}

/** At most this many of the rows' shape problems are named; the first few are shown anyway. */
const MAX_ROW_ISSUES = 20;

/**
 * The rows: each `{ row, values }`, `row` a whole number from 0 and `values` any plain object. Each
 * value is checked field by field by the shared validator afterwards, with the row and field named,
 * so only the shape is checked here — the array and every row by hand, in one pass that copies no
 * row: in a Worker, where zod cannot compile its checks, a zod object per row cost more over 10,000
 * rows than the rest of the request's parsing, and even a zod array of unchecked items a call per
 * row. A row of the wrong shape is named by its index and field; the JSON schema (`meta`) says the
 * same for the API's description.
 */
const sentRows = z
  .custom<SentRow[]>()
  .superRefine((rows, ctx) => {
    if (!Array.isArray(rows) || rows.length < 1 || rows.length > MAX_ROWS) {
      const message = `expected an array of 1 to ${MAX_ROWS} rows { row, values }`;
      ctx.addIssue({ code: 'custom', message, input: rows });
      return;
    }
    let issues = 0;
    const problem = (path: (string | number)[], message: string) => {
      ctx.addIssue({ code: 'custom', path, message, input: rows[path[0] as number] });
      issues++;
    };
    for (let i = 0; i < rows.length && issues < MAX_ROW_ISSUES; i++) {
      const sent: unknown = rows[i];
      if (!isPlainObject(sent)) {
        problem([i], 'expected an object { row, values }');
        continue;
      }
      const { row, values } = sent;
      if (!Number.isInteger(row) || (row as number) < 0) {
        problem([i, 'row'], 'expected a whole number ≥ 0');
      }
      if (!isPlainObject(values)) problem([i, 'values'], 'expected an object of field values');
    }
  })
  .meta({
    type: 'array',
    minItems: 1,
    maxItems: MAX_ROWS,
    items: {
      type: 'object',
      required: ['row', 'values'],
      properties: {
        row: { type: 'integer', minimum: 0 },
        values: { type: 'object', description: '字段名 → 值（由共享校验逐字段检查）' },
      },
    },
  });

export const submissionSchema = z.object({
  kind: z.enum(LEDGER_KINDS),
  unit: z.string().trim().min(1).max(40),
  period: periodSchema,
  sourceName: z.string().max(255).nullish(),
  rows: sentRows,
});

export const submissionsQuerySchema = z.object({
  unit: z.string().optional(),
  status: z.enum(SUBMISSION_STATUSES).optional(),
  period: z.string().optional(),
  kind: z.enum(LEDGER_KINDS).optional(),
  ...pageQuery,
});

export const returnSchema = z.object({ reason: z.string().trim().min(1).max(500) });
export const forwardSchema = z.object({ unit: z.string().trim().min(1), period: periodSchema });

const inboxAnswer = pageOf(submission);
const detailAnswer = z.object({
  submission,
  masked: z.boolean(),
  rows: z.array(z.object({ row: z.number(), key: z.string(), values: json })),
});
const reviewAnswer = z.object({ submission });
const forwardAnswer = z.object({ unit: z.string(), period: z.string(), forwarded: z.number() });

/** The parent's decision on the submission of the path, answered with the submission after it. */
async function decide(c: Context<AppEnv>, status: 'accepted' | 'returned', reason: string | null) {
  const id = c.req.param('id') ?? '';
  const submission = await reviewSubmission(c.env.DB, c.var.account, id, status, reason);
  return c.json({ submission } satisfies z.infer<typeof reviewAnswer>);
}

export const submissionRoutes = new Hono<AppEnv>()
  .use(requireAuth())
  .post(
    '/',
    endpoint('submission.create', {
      summary:
        '提交台账（整批写入或不写；同一 Idempotency-Key 返回首次回执；新版本取代前一版本的行；测评表须由测评对象的上级提交）',
      tag: 'submissions',
      headers: ['Idempotency-Key'],
      status: 201,
      response: receipt,
    }),
    input('json', submissionSchema),
    async (c) => {
      const key = c.req.header('Idempotency-Key')?.trim();
      if (!key || key.length > 200) fail(400, 'IDEMPOTENCY_KEY_REQUIRED');
      const {
        receipt: answer,
        status,
        cost,
      } = await submitLedger(c.env.DB, {
        account: c.var.account,
        body: c.req.valid('json'),
        // The bytes: a gzip body's, as inflated and kept by Hono, hashed as they are; a plain
        // body's, its text (read by the validator) as UTF-8.
        sent: await c.req.arrayBuffer(),
        key,
        locale: localeOf(c),
      });
      if (cost) {
        c.header(
          'Server-Timing',
          `before;dur=${cost.beforeMs}, batch;dur=${cost.batchMs};desc="${cost.statements} statements", sql;dur=${cost.sqlMs.toFixed(1)}, after;dur=${cost.afterMs}`,
        );
      }
      return c.json(answer satisfies z.infer<typeof receipt>, status);
    },
  )
  .get(
    '/',
    endpoint('submission.read', {
      summary: '收件箱：本单位及下级的提交',
      tag: 'submissions',
      response: inboxAnswer,
    }),
    input('query', submissionsQuerySchema),
    async (c) => {
      const db = c.env.DB;
      const query = c.req.valid('query');
      const org = await loadOrg(db);
      const unit = query.unit ?? c.var.account.unit;
      if (!org.get(unit)) fail(404, 'UNIT_NOT_FOUND', { unit });
      authorize(c.var.account, org, 'submission.read', unit);
      const results = await listSubmissions(db, {
        units: org.subtree(unit).map((u) => u.code),
        status: query.status,
        period: query.period,
        kind: query.kind,
        cursor: query.cursor ? decodeCursor(query.cursor, 2) : [null, null],
        limit: query.limit + 1,
      });
      const { items, nextCursor } = page(results, query.limit, (last) => [
        last.submitted_at,
        last.id,
      ]);
      const answer: z.infer<typeof inboxAnswer> = {
        items: items.map((row) => rowToSubmission(row, org)),
        nextCursor,
      };
      return c.json(answer);
    },
  )
  .post(
    '/forward',
    endpoint('submission.forward', {
      summary: '街道将本期台账上报区',
      tag: 'submissions',
      response: forwardAnswer,
    }),
    input('json', forwardSchema),
    async (c) => {
      const db = c.env.DB;
      const { unit, period } = c.req.valid('json');
      const org = await loadOrg(db);
      if (!org.get(unit)) fail(404, 'UNIT_NOT_FOUND', { unit });
      authorize(c.var.account, org, 'submission.forward', unit);
      const below = org
        .subtree(unit)
        .map((u) => u.code)
        .filter((code) => code !== unit);
      const pending = await pendingReviewCount(db, below, period);
      if (pending > 0) fail(409, 'PENDING_REVIEW', { count: pending });
      const [result] = await db.batch([
        forwardStatement(db, { unit, below, period, by: c.var.account.username }),
        auditStatement(db, {
          actor: c.var.account.username,
          action: 'submission.forward',
          unit,
          detail: { period },
          ifApplied: true,
        }),
      ]);
      const forwarded = result?.meta.changes ?? 0;
      if (forwarded === 0) fail(409, 'NOTHING_TO_FORWARD', { period });
      return c.json({ unit, period, forwarded } satisfies z.infer<typeof forwardAnswer>);
    },
  )
  .get(
    '/:id',
    endpoint('submission.read', {
      summary: '提交详情与各行',
      tag: 'submissions',
      response: detailAnswer,
    }),
    async (c) => {
      const db = c.env.DB;
      const row = await findSubmission(db, c.req.param('id'));
      if (!row) fail(404, 'NOT_FOUND');
      const org = await loadOrg(db);
      authorize(c.var.account, org, 'submission.read', row.unit);
      const items = await versionRows(db, row.id);
      // Residents are shown in full to the unit that keeps the ledger; the levels above see them masked.
      const masked = row.unit !== c.var.account.unit;
      const rows = items.map((item) => ({
        row: item.r,
        key: item.k,
        values: masked ? maskValues(row.kind, item.d) : item.d,
      }));
      const answer: z.infer<typeof detailAnswer> = {
        submission: rowToSubmission(row, org),
        masked,
        rows,
      };
      return c.json(answer);
    },
  )
  .post(
    '/:id/accept',
    endpoint('submission.review', {
      summary: '上级接收',
      tag: 'submissions',
      response: reviewAnswer,
    }),
    (c) => decide(c, 'accepted', null),
  )
  .post(
    '/:id/return',
    endpoint('submission.review', {
      summary: '上级退回（附原因）；退回最新有效版本即恢复前一版本的记录',
      tag: 'submissions',
      response: reviewAnswer,
    }),
    input('json', returnSchema),
    (c) => decide(c, 'returned', c.req.valid('json').reason),
  );
