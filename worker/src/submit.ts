/**
 * A ledger's way up, without HTTP: the idempotent submit — re-validated with the shared schemas (the
 * add-in is never trusted), the rights to rate checked, written whole in one batch (submissions.ts),
 * the first receipt answered again for a repeated Idempotency-Key — and the parent's review. The
 * routes (routes/submissions.ts), the tests and the bench call these.
 */
import { levelOfUnitKind, ratingDateOf } from '../../shared/escalation.ts';
import { evaluationRightsIssues } from '../../shared/evaluation-rights.ts';
import type { Locale } from '../../shared/i18n.ts';
import {
  type CaseRecord,
  type EvaluationRecord,
  type LedgerKind,
  naturalKeys,
  validateRows,
} from '../../shared/ledgers/index.ts';
import type { OrgTree, Unit } from '../../shared/org.ts';
import { dueDateCache } from '../../shared/scores.ts';
import { cadreAreas } from './cadre-areas.ts';
import { newSubmissionId, sha256Hex } from './crypto.ts';
import { auditStatement, loadOrg, orgFrom, todayInChina, unitsStatement } from './db.ts';
import {
  type DueRules,
  dueDateLookups,
  dueRulesFrom,
  dueRulesStatements,
  fillDueDatesAfterWrite,
  fillFound,
} from './district-rules.ts';
import type { Account } from './env.ts';
import { fail } from './errors.ts';
import { authorize } from './scope.ts';
import {
  FreshLedgerChanged,
  findIdempotent,
  type Idempotent,
  idempotentFrom,
  idempotentStatement,
  type Receipt,
  type RowItem,
  reinstateStatements,
  type SubmissionWrite,
  type WriteCost,
  type Written,
  writeSubmission,
} from './submissions.ts';
import {
  countingVersion,
  findSubmission,
  hasRecordsStatement,
  LedgerChanged,
  ledgerGuard,
  ledgerVersions,
  reviewStatement,
  rowToSubmission,
  runGuarded,
} from './submissions-sql.ts';

/** A ledger as submitted (the body of `POST /api/submissions`). */
export interface SubmissionBody {
  kind: LedgerKind;
  unit: string;
  period: string;
  sourceName?: string | null;
  rows: { row: number; values: Record<string, unknown> }[];
}

export interface Submitted {
  receipt: Receipt;
  /** 201 written now; 200 the receipt of an earlier request with the same key (nothing written). */
  status: 200 | 201;
  /** What the write cost (only when written now). */
  cost?: SubmitCost;
}

/**
 * A new version's time in the Worker, in phases (a Worker's clock moves only across I/O, so each
 * phase runs from one D1 answer to the next): before the batch (the reads of the org, the rules
 * and the ledger, with validation between them), the batch, and after it (the due dates filled).
 */
export interface SubmitCost extends WriteCost {
  beforeMs: number;
  afterMs: number;
}

/**
 * The stored extras of each case (level, resolved assignee, due dates). A ledger has a few hundred
 * distinct receipt dates, not thousands: each date's due dates are counted once.
 */
function caseExtrasOf(level: number, org: OrgTree, rules: DueRules) {
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

/** The rows validated (422 naming every problem) and made ready for D1: key, row, values, extras. */
async function itemsOf(
  db: D1Database,
  org: OrgTree,
  unit: Unit,
  body: SubmissionBody,
  context: { locale: Locale; rules: DueRules },
): Promise<RowItem[]> {
  const { locale, rules } = context;
  const { records, issues } = validateRows(body.kind, body.rows, {
    org,
    unit: unit.code,
    asOf: todayInChina(),
    locale,
    areaCode: rules.settings.areaCode,
  });
  if (issues.length > 0) fail(422, 'INVALID_ROWS', { count: issues.length }, issues);
  if (body.kind === 'evaluation') {
    await checkEvaluationRights(db, org, unit.code, records, locale);
  }
  const keys = naturalKeys(
    body.kind,
    records.map((r) => r.values),
  );
  const caseExtras = caseExtrasOf(levelOfUnitKind(unit.kind), org, rules);
  return records.map((record, i) => ({
    k: keys[i]!,
    r: record.row,
    d: record.values as Record<string, unknown>,
    ...(body.kind === 'case' ? { x: caseExtras(record.values as CaseRecord) } : {}),
  }));
}

const isConstraint = (error: unknown, table: string) =>
  error instanceof Error && error.message.includes(`UNIQUE constraint failed: ${table}`);

/**
 * Writes a submission, retrying what a race made fail whole: records of the ledger appeared
 * meanwhile (written again with history), or another version of the ledger took the number (written
 * as the next). When the same key raced in, the winner's receipt is the answer.
 */
async function writeRacing(
  db: D1Database,
  write: Omit<SubmissionWrite, 'id' | 'fresh'>,
  options: {
    fresh: boolean;
    reads: readonly D1PreparedStatement[];
    replay: () => Promise<Receipt | null>;
  },
): Promise<Written | { winner: Receipt }> {
  let { fresh } = options;
  for (let attempt = 0; attempt < 4; attempt++) {
    try {
      return await writeSubmission(db, { ...write, fresh, id: newSubmissionId() }, options.reads);
    } catch (error) {
      if (error instanceof FreshLedgerChanged) {
        fresh = false;
        continue;
      }
      if (isConstraint(error, 'idempotency_keys')) {
        const winner = await options.replay();
        if (winner) return { winner };
      }
      if (!isConstraint(error, 'submissions')) throw error;
    }
  }
  fail(409, 'SUBMISSION_CONFLICT');
}

/**
 * Submits a ledger for `account` under the idempotency key `key`: the receipt of the first request
 * with the key (409 if that request differed), or the new version written whole. Races are retried:
 * the same key → the winner's receipt; the same ledger → the next version.
 */
export async function submitLedger(
  db: D1Database,
  request: {
    account: Account;
    body: SubmissionBody;
    /**
     * The body's bytes as sent, hashed to tell a repeat from a different request (default: `body`
     * as JSON, whose UTF-8 hashes alike).
     */
    sent?: ArrayBuffer;
    key: string;
    locale: Locale;
  },
): Promise<Submitted> {
  const { account, body, key } = request;
  const started = Date.now();
  // The body as sent, not serialised again: a 10,000-row ledger is 4 MB of JSON.
  const requestHash = await sha256Hex(request.sent ?? JSON.stringify(body));
  // The receipt of an earlier request with the key (409 if that request differed), or null.
  const answer = (earlier: Idempotent | null) => {
    if (!earlier) return null;
    if (earlier.requestHash !== requestHash) fail(409, 'IDEMPOTENCY_KEY_REUSED');
    return earlier.receipt;
  };
  const replay = async () => answer(await findIdempotent(db, account.id, key));
  // Every read the write needs, in one batch — one wait for D1, not four calls (the rules of every
  // district are few rows; whether the unit has records is read for a unit not yet known to exist).
  const [idempotent, units, any, ...rulesRead] = await db.batch([
    idempotentStatement(db, account.id, key),
    unitsStatement(db),
    hasRecordsStatement(db, body.kind, body.unit),
    ...dueRulesStatements(db),
  ]);
  const earlier = answer(idempotentFrom(idempotent!));
  if (earlier) return { receipt: earlier, status: 200 };

  const org = orgFrom(units!);
  const unit = org.get(body.unit);
  if (!unit) fail(404, 'UNIT_NOT_FOUND', { unit: body.unit });
  authorize(account, org, 'submission.create', unit.code);
  // The rules serve the validation and the due dates filled after the write.
  const rules = dueRulesFrom(rulesRead)(org, unit.code);
  const items = await itemsOf(db, org, unit, body, { locale: request.locale, rules });
  const beforeMs = Date.now() - started;
  // New or changed cases get their due dates now, so the scores only read (docs/decisions/0012):
  // the batch ends with the look-ups of the cases that have none.
  const lookups = body.kind === 'case' ? dueDateLookups(db) : [];
  const written = await writeRacing(
    db,
    {
      kind: body.kind,
      unit: unit.code,
      period: body.period,
      sourceName: body.sourceName ?? null,
      items,
      account,
      idempotencyKey: key,
      requestHash,
    },
    { fresh: any!.results.length === 0, reads: lookups, replay },
  );
  if ('winner' in written) return { receipt: written.winner, status: 200 };
  const writtenAt = Date.now();
  if (written.read.length > 0) await fillFound(db, rules, written.read);
  const cost = { ...written.cost, beforeMs, afterMs: Date.now() - writtenAt };
  return { receipt: written.receipt, cost, status: 201 };
}

/**
 * The parent's decision on a submission: 已接收 accepted, or 已退回 returned with a reason. Returning
 * the version that counts reinstates the one before it (docs/decisions/0007), in the same batch;
 * returning an older one changes no records.
 */
export async function reviewSubmission(
  db: D1Database,
  account: Account,
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
    const ledger = { unit: row.unit, kind: row.kind, period: row.period };
    const statements = [
      reviewStatement(db, { id, status, by: account.username, reason, from: row.status }),
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
