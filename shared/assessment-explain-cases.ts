/**
 * The cases behind a rate of the year-end roll (docs/decisions/0014): each case the rate counts,
 * with its due dates and what it adds below and above, classified by the scoring's own `countCase`
 * (the case counted alone), never by a second reading of the rules.
 */
import type { RollCase, RollData, RollOptions } from './assessment.ts';
import type { ExplainedFigure } from './assessment-explain.ts';
import { caseKeys, type Subject } from './assessment-subjects.ts';
import { ratingDateOf } from './escalation.ts';
import { contains, parsePeriod } from './periods.ts';
import { countCase, dueDateCache, emptyCounts } from './scores.ts';
import { scoringSettings } from './year-settings.ts';

/** A case counted in a rate: its dates, and what it adds below (`counted`) and above (`met`). */
export interface ExplainedCase {
  caseNo: string | null;
  unit: string | null;
  area: string | null;
  receivedOn: string;
  replyDue: string;
  resolutionDue: string;
  /** For a case rated 不满意 (reopened): its resolution is due again from the rating. */
  dueAgain: string | null;
  repliedOn: string | null;
  resolvedOn: string | null;
  satisfaction: string | null;
  firstReceiver: string | null;
  handler: string | null;
  /** What it adds to the rate's denominator (1) and numerator (0, 1, or 基本满意's weight). */
  counted: number;
  met: number;
  /** In words: 按期答复, 逾期答复, 未答复, 按期办结, 逾期办结, 未办结, 已办结, 满意, … */
  outcome: string;
}

/** Every case a rate counts for the subject `key`, in order of receipt. */
export function explainCases(
  data: RollData,
  options: RollOptions,
  key: string,
  subject: Subject,
  figure: ExplainedFigure,
): ExplainedCase[] {
  const scoring = scoringSettings(options.settings, options.yearSettings(options.year));
  const range = parsePeriod(String(options.year))!;
  const { dueOf, reopenDue } = dueDateCache(scoring, options.calendar);
  const keysOf = caseKeys(data, [subject], options, []);
  const cases: ExplainedCase[] = [];
  for (const record of data.cases) {
    if (record.receivedOn > options.asOf || !contains(range, record.receivedOn)) continue;
    if (!keysOf(record).includes(key)) continue;
    const { replyDue, resolutionDue } = dueOf(record);
    // The case counted alone: what it adds to each count is what it adds to the figure.
    const one = emptyCounts();
    countCase(one, record, options.asOf, replyDue, resolutionDue, reopenDue);
    const line = caseLine(record, replyDue, resolutionDue, reopenDue, options.asOf);
    const part = partOf(figure, one, record, options.asOf, scoring.basicSatisfiedWeight);
    if (part) cases.push({ ...line, ...part });
  }
  // In order of receipt, whatever order the records came in.
  return cases.sort(
    (a, b) =>
      a.receivedOn.localeCompare(b.receivedOn) ||
      (a.caseNo ?? '').localeCompare(b.caseNo ?? '') ||
      (a.unit ?? '').localeCompare(b.unit ?? ''),
  );
}

type Part = Pick<ExplainedCase, 'counted' | 'met' | 'outcome'>;

/** What one case's counts add to a rate, and the outcome in words. */
function partOf(
  figure: ExplainedFigure,
  one: ReturnType<typeof emptyCounts>,
  record: RollCase,
  asOf: string,
  basicWeight: number,
): Part | null {
  const seen = (date: string | null) => date !== null && date <= asOf;
  if (figure === 'responseRate') {
    if (one.replyDue === 0) return null;
    const answered = seen(record.repliedOn) || seen(record.resolvedOn);
    const outcome = one.repliedOnTime ? '按期答复' : answered ? '逾期答复' : '未答复';
    return { counted: one.replyDue, met: one.repliedOnTime, outcome };
  }
  if (figure === 'onTimeResolutionRate') {
    if (one.resolutionDue === 0) return null;
    const outcome = one.resolvedOnTime
      ? '按期办结'
      : one.closed
        ? '逾期办结'
        : one.dissatisfied
          ? '不满意重办，逾期未结'
          : '逾期未办结';
    return { counted: one.resolutionDue, met: one.resolvedOnTime, outcome };
  }
  if (figure === 'closureRate') {
    return { counted: one.intake, met: one.closed, outcome: one.closed ? '已办结' : '未办结' };
  }
  const rated = one.satisfied + one.basicSatisfied + one.dissatisfied;
  if (rated === 0) return null;
  const outcome = one.satisfied ? '满意' : one.basicSatisfied ? '基本满意' : '不满意';
  return { counted: rated, met: one.satisfied + basicWeight * one.basicSatisfied, outcome };
}

function caseLine(
  record: RollCase,
  replyDue: string,
  resolutionDue: string,
  reopenDue: (ratedOn: string) => string,
  asOf: string,
): Omit<ExplainedCase, keyof Part> {
  const ratedOn = record.satisfaction === '不满意' ? ratingDateOf(record) : null;
  return {
    caseNo: record.caseNo ?? null,
    unit: record.unit ?? null,
    area: record.area ?? null,
    receivedOn: record.receivedOn,
    replyDue,
    resolutionDue,
    dueAgain: ratedOn !== null && ratedOn <= asOf ? reopenDue(ratedOn) : null,
    repliedOn: record.repliedOn,
    resolvedOn: record.resolvedOn,
    satisfaction: record.satisfaction ?? null,
    firstReceiver: record.firstReceiver ?? null,
    handler: record.handler ?? null,
  };
}
