/**
 * Submissions up the levels: a unit submits a ledger (re-validated here with the shared schemas —
 * the add-in is never trusted), its parent accepts or returns it, a sub-district forwards its period
 * to the district. A repeated Idempotency-Key returns the first receipt and writes nothing.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { Calendar } from '../../../shared/calendar.ts';
import { levelOfUnitKind, ratingDateOf } from '../../../shared/escalation.ts';
import { evaluationRightsIssues } from '../../../shared/evaluation-rights.ts';
import type { Locale } from '../../../shared/i18n.ts';
import {
  type CaseRecord,
  type EvaluationRecord,
  LEDGER_KINDS,
  type LedgerKind,
  naturalKeys,
  validateRows,
} from '../../../shared/ledgers/index.ts';
import type { OrgTree } from '../../../shared/org.ts';
import { periodSchema } from '../../../shared/periods.ts';
import { dueDateCache } from '../../../shared/scores.ts';
import type { DistrictSettings } from '../../../shared/settings.ts';
import { requireAuth } from '../auth.ts';
import { cadreAreas } from '../cadre-areas.ts';
import { sha256Hex } from '../crypto.ts';
import { auditStatement, loadOrg, nowIso, todayInChina } from '../db.ts';
import {
  districtOf,
  fillDueDatesAfterWrite,
  loadCalendar,
  loadSettings,
} from '../district-rules.ts';
import type { AppEnv } from '../env.ts';
import { fail, localeOf } from '../errors.ts';
import { LEDGER_TABLES } from '../ledger-tables.ts';
import { afterCursor, decodeCursor, page, pageQuery } from '../paging.ts';
import { maskValues } from '../records.ts';
import { authorize } from '../scope.ts';
import {
  countingVersion,
  FreshLedgerChanged,
  findIdempotent,
  LedgerChanged,
  ledgerGuard,
  ledgerVersions,
  type Receipt,
  type RowItem,
  reinstateStatements,
  runGuarded,
  SUBMISSION_STATUSES,
  versionRows,
  type WriteCost,
  writeSubmission,
} from '../submissions.ts';
import { input } from '../validate.ts';

export const MAX_ROWS = 50_000;

export const submissionSchema = z.object({
  kind: z.enum(LEDGER_KINDS),
  unit: z.string().trim().min(1).max(40),
  period: periodSchema,
  sourceName: z.string().max(255).nullish(),
  rows: z
    .array(
      z.object({
        row: z.number().int().min(0),
        values: z.record(z.string(), z.unknown()),
      }),
    )
    .min(1)
    .max(MAX_ROWS),
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

interface SubmissionRow {
  id: string;
  unit: string;
  kind: string;
  period: string;
  version: number;
  status: string;
  source_name: string | null;
  row_count: number;
  inserted: number;
  updated: number;
  unchanged: number;
  submitted_by: string;
  submitted_at: string;
  reviewed_by: string | null;
  reviewed_at: string | null;
  return_reason: string | null;
  forwarded_by: string | null;
  forwarded_at: string | null;
  current: number;
}

/** Whether a version is its ledger's counting one: its latest not returned (docs/decisions/0007). */
const CURRENT = `(status <> 'returned' AND NOT EXISTS (SELECT 1 FROM submissions s2
  WHERE s2.unit = submissions.unit AND s2.kind = submissions.kind AND s2.period = submissions.period
    AND s2.status <> 'returned' AND s2.version > submissions.version))`;

function rowToSubmission(row: SubmissionRow, org: OrgTree) {
  return {
    id: row.id,
    unit: row.unit,
    unitName: org.get(row.unit)?.name ?? row.unit,
    kind: row.kind,
    period: row.period,
    version: row.version,
    current: row.current === 1,
    status: row.status,
    sourceName: row.source_name,
    rows: row.row_count,
    inserted: row.inserted,
    updated: row.updated,
    unchanged: row.unchanged,
    submittedBy: row.submitted_by,
    submittedAt: row.submitted_at,
    reviewedBy: row.reviewed_by,
    reviewedAt: row.reviewed_at,
    returnReason: row.return_reason,
    forwardedBy: row.forwarded_by,
    forwardedAt: row.forwarded_at,
  };
}

async function findSubmission(db: D1Database, id: string): Promise<SubmissionRow | null> {
  return db
    .prepare(`SELECT *, ${CURRENT} AS current FROM submissions WHERE id = ?1`)
    .bind(id)
    .first<SubmissionRow>();
}

/** What the Worker adds to each case: the handling level it starts at, its due dates, its department. */
/**
 * The stored extras of each case (level, resolved assignee, due dates). A ledger has a few hundred
 * distinct receipt dates, not thousands: each date's due dates are counted once.
 */
function caseExtrasOf(
  level: number,
  org: OrgTree,
  rules: { settings: DistrictSettings; calendar: Calendar },
) {
  const { dueOf, reopenDue } = dueDateCache(rules.settings, rules.calendar);
  return (record: CaseRecord) => {
    const assignee = record.assignee ? org.find(record.assignee) : null;
    const dates = dueOf(record);
    // 不满意 reopens the case: its resolution is due again one period after the rating.
    const reopen = record.satisfaction === '不满意' ? reopenDue(ratingDateOf(record)) : null;
    return { level, assigneeUnit: assignee?.code ?? null, ...dates, reopenDue: reopen };
  };
}

/** Refuses (403, every refused row named) ratings the unit may not submit (docs/rules.md). */
async function checkEvaluationRights(
  db: D1Database,
  org: OrgTree,
  submitter: string,
  records: readonly { row: number; values: unknown }[],
  locale: Locale,
): Promise<void> {
  const ratings = records.map((r) => ({ row: r.row, ...(r.values as EvaluationRecord) }));
  const cadres = ratings.filter((r) => r.subjectKind === '干部').map((r) => r.subject);
  const areas = await cadreAreas(db, [...new Set(cadres)]);
  const refused = evaluationRightsIssues(ratings, {
    org,
    submitter,
    areasOf: (cadre) => areas.get(cadre) ?? [],
    locale,
  });
  if (refused.length > 0) fail(403, 'EVALUATION_NOT_ALLOWED', { count: refused.length }, refused);
}

const isConstraint = (error: unknown, table: string) =>
  error instanceof Error && error.message.includes(`UNIQUE constraint failed: ${table}`);

export const submissionRoutes = new Hono<AppEnv>()
  .use(requireAuth())
  .post('/', input('json', submissionSchema), async (c) => {
    const db = c.env.DB;
    const account = c.var.account;
    const body = c.req.valid('json');
    const key = c.req.header('Idempotency-Key')?.trim();
    if (!key || key.length > 200) fail(400, 'IDEMPOTENCY_KEY_REQUIRED');
    const requestHash = await sha256Hex(JSON.stringify(body));
    const replay = async () => {
      const earlier = await findIdempotent(db, account.id, key);
      if (!earlier) return null;
      if (earlier.requestHash !== requestHash) fail(409, 'IDEMPOTENCY_KEY_REUSED');
      return earlier.receipt;
    };
    const earlier = await replay();
    if (earlier) return c.json(earlier, 200);

    const org = await loadOrg(db);
    const unit = org.get(body.unit);
    if (!unit) fail(404, 'UNIT_NOT_FOUND', { unit: body.unit });
    authorize(account, org, 'submission.create', unit.code);
    const district = districtOf(org, unit.code);
    const rules = { settings: await loadSettings(db, district), calendar: await loadCalendar(db) };
    const { records, issues } = validateRows(body.kind, body.rows, {
      org,
      unit: unit.code,
      asOf: todayInChina(),
      locale: localeOf(c),
      areaCode: rules.settings.areaCode,
    });
    if (issues.length > 0) fail(422, 'INVALID_ROWS', { count: issues.length }, issues);
    if (body.kind === 'evaluation') {
      await checkEvaluationRights(db, org, unit.code, records, localeOf(c));
    }

    const keys = naturalKeys(
      body.kind,
      records.map((r) => r.values),
    );
    const caseExtras = caseExtrasOf(levelOfUnitKind(unit.kind), org, rules);
    const items: RowItem[] = records.map((record, i) => ({
      k: keys[i]!,
      r: record.row,
      d: record.values as Record<string, unknown>,
      ...(body.kind === 'case' ? { x: caseExtras(record.values as CaseRecord) } : {}),
    }));
    const { table } = LEDGER_TABLES[body.kind];
    let fresh =
      (await db
        .prepare(`SELECT 1 AS x FROM ${table} WHERE unit = ?1 LIMIT 1`)
        .bind(unit.code)
        .first()) === null;
    let written: { receipt: Receipt; cost: WriteCost } | null = null;
    for (let attempt = 0; attempt < 4 && !written; attempt++) {
      try {
        written = await writeSubmission(db, {
          fresh,
          id: crypto.randomUUID(),
          kind: body.kind,
          unit: unit.code,
          period: body.period,
          sourceName: body.sourceName ?? null,
          items,
          account,
          idempotencyKey: key,
          requestHash,
        });
      } catch (error) {
        // Records of this ledger appeared meanwhile: nothing was written; write with history.
        if (error instanceof FreshLedgerChanged) {
          fresh = false;
          continue;
        }
        // The same key raced in: the winner's receipt is the answer.
        if (isConstraint(error, 'idempotency_keys')) {
          const winner = await replay();
          if (winner) return c.json(winner, 200);
        }
        // The same ledger raced in: the batch failed whole; try again as the next version.
        if (!isConstraint(error, 'submissions')) throw error;
      }
    }
    if (!written) fail(409, 'SUBMISSION_CONFLICT');
    const { receipt, cost } = written;
    c.header(
      'Server-Timing',
      `batch;dur=${cost.batchMs};desc="${cost.statements} statements", sql;dur=${cost.sqlMs.toFixed(1)}`,
    );
    // New or changed cases get their due dates now, so the scores only read (docs/decisions/0012).
    if (body.kind === 'case') await fillDueDatesAfterWrite(db, org, unit.code);
    return c.json(receipt, 201);
  })
  .get('/', input('query', submissionsQuerySchema), async (c) => {
    const db = c.env.DB;
    const query = c.req.valid('query');
    const org = await loadOrg(db);
    const unit = query.unit ?? c.var.account.unit;
    if (!org.get(unit)) fail(404, 'UNIT_NOT_FOUND', { unit });
    authorize(c.var.account, org, 'submission.read', unit);
    const cursor = query.cursor ? decodeCursor(query.cursor, 2) : [null, null];
    const { results } = await db
      .prepare(
        `SELECT *, ${CURRENT} AS current FROM submissions
          WHERE unit IN (SELECT value FROM json_each(?1))
            AND (?2 IS NULL OR status = ?2) AND (?3 IS NULL OR period = ?3) AND (?4 IS NULL OR kind = ?4)
            AND (?5 IS NULL OR ${afterCursor('submitted_at', true, '?5', '?6')})
          ORDER BY submitted_at DESC, id DESC LIMIT ?7`,
      )
      .bind(
        JSON.stringify(org.subtree(unit).map((u) => u.code)),
        query.status ?? null,
        query.period ?? null,
        query.kind ?? null,
        cursor[0],
        cursor[1],
        query.limit + 1,
      )
      .all<SubmissionRow>();
    const { items, nextCursor } = page(results, query.limit, (last) => [
      last.submitted_at,
      last.id,
    ]);
    return c.json({ items: items.map((row) => rowToSubmission(row, org)), nextCursor });
  })
  .post('/forward', input('json', forwardSchema), async (c) => {
    const db = c.env.DB;
    const { unit, period } = c.req.valid('json');
    const org = await loadOrg(db);
    if (!org.get(unit)) fail(404, 'UNIT_NOT_FOUND', { unit });
    authorize(c.var.account, org, 'submission.forward', unit);
    const below = JSON.stringify(
      org
        .subtree(unit)
        .map((u) => u.code)
        .filter((code) => code !== unit),
    );
    const pending = await db
      .prepare(
        `SELECT count(*) AS n FROM submissions WHERE unit IN (SELECT value FROM json_each(?1))
           AND period = ?2 AND status = 'submitted' AND ${CURRENT}`,
      )
      .bind(below, period)
      .first<{ n: number }>();
    if ((pending?.n ?? 0) > 0) fail(409, 'PENDING_REVIEW', { count: pending!.n });
    const [result] = await db.batch([
      db
        .prepare(
          `UPDATE submissions SET status = 'forwarded', forwarded_by = ?4, forwarded_at = ?5
            WHERE period = ?2 AND ${CURRENT}
              AND ((unit IN (SELECT value FROM json_each(?1)) AND status = 'accepted')
                OR (unit = ?3 AND status IN ('submitted', 'accepted')))`,
        )
        .bind(below, period, unit, c.var.account.username, nowIso()),
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
    return c.json({ unit, period, forwarded });
  })
  .get('/:id', async (c) => {
    const db = c.env.DB;
    const row = await findSubmission(db, c.req.param('id'));
    if (!row) fail(404, 'NOT_FOUND');
    const org = await loadOrg(db);
    authorize(c.var.account, org, 'submission.read', row.unit);
    const items = await versionRows(db, row.id);
    // Residents are shown in full to the unit that keeps the ledger; the levels above see them masked.
    const masked = row.unit !== c.var.account.unit;
    const kind = row.kind as LedgerKind;
    const rows = items.map((item) => ({
      row: item.r,
      key: item.k,
      values: masked ? maskValues(kind, item.d) : item.d,
    }));
    return c.json({ submission: rowToSubmission(row, org), masked, rows });
  })
  .post('/:id/accept', async (c) => {
    const submission = await review(c.env.DB, c.var.account, c.req.param('id'), 'accepted', null);
    return c.json({ submission });
  })
  .post('/:id/return', input('json', returnSchema), async (c) => {
    const { reason } = c.req.valid('json');
    const submission = await review(c.env.DB, c.var.account, c.req.param('id'), 'returned', reason);
    return c.json({ submission });
  });

/**
 * The parent's decision on a submission: 已接收 accepted, or 已退回 returned with a reason. Returning
 * the version that counts reinstates the one before it (docs/decisions/0007), in the same batch;
 * returning an older one changes no records.
 */
async function review(
  db: D1Database,
  account: AppEnv['Variables']['account'],
  id: string,
  status: 'accepted' | 'returned',
  reason: string | null,
) {
  const org = await loadOrg(db);
  for (let attempt = 0; attempt < 4; attempt++) {
    const row = await findSubmission(db, id);
    if (!row) fail(404, 'NOT_FOUND');
    authorize(account, org, 'submission.review', row.unit);
    const from = status === 'accepted' ? ['submitted'] : ['submitted', 'accepted'];
    if (!from.includes(row.status)) fail(409, 'INVALID_STATE', { status: row.status });
    const ledger = { unit: row.unit, kind: row.kind as LedgerKind, period: row.period };
    const statements = [
      db
        .prepare(
          `UPDATE submissions SET status = ?2, reviewed_by = ?3, reviewed_at = ?4, return_reason = ?5
            WHERE id = ?1 AND status = ?6`,
        )
        .bind(id, status, account.username, nowIso(), reason, row.status),
      auditStatement(db, {
        actor: account.username,
        action: `submission.${status === 'accepted' ? 'accept' : 'return'}`,
        unit: row.unit,
        target: id,
        detail: reason ? { reason } : undefined,
        ifApplied: true,
      }),
    ];
    if (status === 'returned') {
      // Which version counts decides what the return does: the batch checks nothing changed since.
      const versions = await ledgerVersions(db, ledger);
      statements.unshift(ledgerGuard(db, ledger, versions));
      if (countingVersion(versions)?.id === id) {
        const before = countingVersion(versions.filter((v) => v.version < row.version));
        statements.push(...reinstateStatements(db, ledger, before?.id ?? null, account.username));
      }
    }
    let results: D1Result[];
    try {
      results = await runGuarded(db, statements);
    } catch (error) {
      if (error instanceof LedgerChanged) continue;
      throw error;
    }
    const changed = results[status === 'returned' ? 1 : 0]?.meta.changes ?? 0;
    if (changed === 0) fail(409, 'INVALID_STATE', { status: row.status });
    // A return may have reinstated the cases of the version before.
    if (status === 'returned' && ledger.kind === 'case') {
      await fillDueDatesAfterWrite(db, org, row.unit);
    }
    return rowToSubmission((await findSubmission(db, id))!, org);
  }
  fail(409, 'SUBMISSION_CONFLICT');
}
