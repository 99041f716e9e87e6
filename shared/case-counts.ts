/**
 * Counting cases for the year-end assessment (docs/rules.md, Scores): each case adds to a handful of
 * counts as of a date, walked from its columns or, when it has stored steps, from its history.
 * The Worker's SQL returns the same counts, so both reach the figures through `figuresFromCounts`.
 */
import { type CaseEvent, caseSteps, isRating, ratingDateOf } from './escalation.ts';

/** What scoring reads of a case record; due dates are computed when not given. */
export interface ScoredCase {
  receivedOn: string;
  repliedOn: string | null;
  resolvedOn: string | null;
  satisfaction: string | null;
  /** 回访日期: dates the rating when given. */
  revisitOn?: string | null;
  area?: string | null;
  /** The submitting unit: where the case belongs when its sheet names no area. */
  unit?: string | null;
  assignee?: string | null;
  firstReceiver?: string | null;
  replyDue?: string;
  resolutionDue?: string;
  /** 派单日期: the department's clock starts here (docs/decisions/0010). */
  dispatchedOn?: string | null;
  /** The first dispatch, when a reassignment (改派) moved `dispatchedOn` later. */
  firstDispatchedOn?: string | null;
  /** Days of the extension (延期) the district granted: they move the department's resolution. */
  extensionDays?: number | null;
  /** The department's due dates; computed from `dispatchedOn` when not given. */
  dispatchReplyDue?: string | null;
  dispatchResolutionDue?: string | null;
  /**
   * The case's stored steps (edits, ratings, referrals): when given, the case is counted by walking
   * its whole history (every resolution against the due date it answered), not from its columns.
   */
  events?: readonly CaseEvent[];
}

/** The counts every figure is made of; the Worker's SQL returns exactly these. */
export interface CaseCounts {
  intake: number;
  replyDue: number;
  repliedOnTime: number;
  resolutionDue: number;
  resolvedOnTime: number;
  closed: number;
  satisfied: number;
  basicSatisfied: number;
  dissatisfied: number;
}

export const emptyCounts = (): CaseCounts => ({
  intake: 0,
  replyDue: 0,
  repliedOnTime: 0,
  resolutionDue: 0,
  resolvedOnTime: 0,
  closed: 0,
  satisfied: 0,
  basicSatisfied: 0,
  dissatisfied: 0,
});

/** The resolution due again after a 不满意 rating on `ratedOn` (one resolution period later). */
export type ReopenDue = (ratedOn: string) => string;

/**
 * Whose time limits a case is judged by: the receiving unit's (from receipt) or the department's
 * (from the dispatch date, where one is given).
 */
export type Clock = 'unit' | 'department';

/**
 * Whether the case was dispatched by `asOf` and no later than the receiving unit's resolution due
 * date: it is then no longer the unit's to solve, and leaves the unit's on-time resolution set.
 */
export function dispatchedInTime(record: ScoredCase, asOf: string, resolutionDue: string): boolean {
  const first = record.firstDispatchedOn ?? record.dispatchedOn ?? null;
  return first !== null && first <= asOf && first <= resolutionDue;
}

/**
 * Adds one case to the counts as of `asOf` (docs/rules.md, "Scores"). Dates after `asOf` have not
 * happened yet. A rating counts once dated by `asOf`, the latest one being the case's rating; a
 * case whose rating is 不满意 is reopened: not closed, and in the on-time set only once its new due
 * date has passed, as late. A case with stored steps is counted by `countSteps`; this column-only
 * path is what the Worker's SQL computes, and the two agree on a case without steps.
 */
export function countCase(
  counts: CaseCounts,
  record: ScoredCase,
  asOf: string,
  replyDue: string,
  resolutionDue: string,
  reopenDue: ReopenDue,
  clock: Clock = 'unit',
): void {
  // On the unit's clock a case dispatched in time is out of the on-time set (the department's).
  const handedOver = clock === 'unit' && dispatchedInTime(record, asOf, resolutionDue);
  if (record.events && record.events.length > 0) {
    countSteps(counts, record, asOf, { replyDue, resolutionDue, reopenDue }, handedOver);
    return;
  }
  const resolved =
    record.resolvedOn !== null && record.resolvedOn <= asOf ? record.resolvedOn : null;
  const repliedOn = record.repliedOn !== null && record.repliedOn <= asOf ? record.repliedOn : null;
  // A resolution counts as a reply.
  const reply =
    repliedOn !== null && (resolved === null || repliedOn < resolved) ? repliedOn : resolved;
  const ratedOn = isRating(record.satisfaction) ? ratingDateOf(record) : null;
  const rating = ratedOn !== null && ratedOn <= asOf ? record.satisfaction : null;
  // On a record the rating never precedes its resolution: 不满意 leaves the case open.
  const reopened = rating === '不满意';
  counts.intake++;
  countReply(counts, asOf, replyDue, reply);
  if (handedOver) {
    // Counted in intake, closure and satisfaction only.
  } else if (reopened) {
    if (reopenDue(ratedOn!) <= asOf) counts.resolutionDue++;
  } else if (resolutionDue <= asOf || resolved !== null) {
    counts.resolutionDue++;
    if (resolved !== null && resolved <= resolutionDue) counts.resolvedOnTime++;
  }
  if (resolved !== null && !reopened) counts.closed++;
  countRating(counts, rating);
}

function countReply(counts: CaseCounts, asOf: string, replyDue: string, reply: string | null) {
  if (replyDue <= asOf || reply !== null) {
    counts.replyDue++;
    if (reply !== null && reply <= replyDue) counts.repliedOnTime++;
  }
}

function countRating(counts: CaseCounts, rating: string | null | undefined) {
  if (rating === '满意') counts.satisfied++;
  else if (rating === '基本满意') counts.basicSatisfied++;
  else if (rating === '不满意') counts.dissatisfied++;
}

/**
 * Counts a case by walking its history: each resolution answers the due date of its round (from
 * receipt, then one resolution period after each 不满意), and the case is on time only if every
 * round met its due date; a round a 不满意 rating ends unresolved after its due date was late.
 */
function countSteps(
  counts: CaseCounts,
  record: ScoredCase,
  asOf: string,
  {
    replyDue,
    resolutionDue,
    reopenDue,
  }: { replyDue: string; resolutionDue: string; reopenDue: ReopenDue },
  handedOver: boolean,
): void {
  let reply: string | null = null;
  let resolved: string | null = null;
  let rating: string | null = null;
  let due = resolutionDue;
  let everyRoundOnTime = true;
  for (const step of caseSteps(record, record.events!)) {
    if (step.on > asOf) break;
    if (step.type === 'replied') reply ??= step.on;
    else if (step.type === 'resolved') {
      reply ??= step.on;
      if (resolved === null) {
        resolved = step.on;
        if (step.on > due) everyRoundOnTime = false;
      }
    } else if (step.type === 'rated' && isRating(step.satisfaction)) {
      rating = step.satisfaction ?? null;
      if (rating === '不满意') {
        if (resolved === null && step.on > due) everyRoundOnTime = false;
        resolved = null;
        due = reopenDue(step.on);
      }
    }
  }
  counts.intake++;
  countReply(counts, asOf, replyDue, reply);
  if (resolved !== null) {
    if (!handedOver) {
      counts.resolutionDue++;
      if (everyRoundOnTime) counts.resolvedOnTime++;
    }
    counts.closed++;
  } else if (due <= asOf && !handedOver) {
    // Open past its due date (the first, or the one a 不满意 set): late.
    counts.resolutionDue++;
  }
  countRating(counts, rating);
}
