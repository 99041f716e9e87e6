/**
 * The figures of the year-end assessment (docs/rules.md, Scores) for a set of cases as of a date. Every figure
 * is computed from a handful of counts (`CaseCounts`), so the Worker can count in SQL and still
 * get exactly the same figures from `figuresFromCounts` as the CLI gets from the records.
 */
import { type Calendar, deadline } from './calendar.ts';
import { type CaseEvent, caseSteps, dueDates, isRating, ratingDateOf } from './escalation.ts';
import type { OrgTree } from './org.ts';
import { contains, overlaps, parsePeriod } from './periods.ts';
import type { DistrictSettings } from './settings.ts';

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

/** What the evaluation score reads of a 满意度测评 row. */
export interface ScoredEvaluation {
  period: string;
  subjectKind?: string | null;
  subject: string;
  evaluatorGroup: string;
  attendance?: number | null;
  spirit?: number | null;
  serviceAwareness?: number | null;
  problemSolving?: number | null;
  overall?: string | null;
  veto?: boolean | null;
}

export const GRADES = ['优秀', '良好', '合格', '不合格'] as const;
export type Grade = (typeof GRADES)[number];

export interface Figures {
  /** 受理量: cases in scope. */
  intake: number;
  /** 答复率: replied by the reply due date, of the cases due by the as-of date or replied. */
  responseRate: number | null;
  /** 按期办结率: resolved by the resolution due date, of the cases due by then or resolved. */
  onTimeResolutionRate: number | null;
  /** 办结率: resolved by the as-of date, of the intake. */
  closureRate: number | null;
  /** 满意率: (满意 + w·基本满意) over rated cases (replied by the as-of date). */
  satisfactionRate: number | null;
  /** 综合得分 0–100; 0 under a veto. */
  composite: number | null;
  grade: Grade | null;
  /** 测评得分 0–100, present when evaluations were given. */
  evaluationScore?: number | null;
  /** 一票否决 in the period, present when evaluations were given. */
  veto?: boolean;
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
    countSteps(counts, record, asOf, replyDue, resolutionDue, reopenDue, handedOver);
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
  replyDue: string,
  resolutionDue: string,
  reopenDue: ReopenDue,
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

const ratio = (part: number, whole: number) => (whole === 0 ? null : part / whole);
const round = (value: number | null, digits: number) =>
  value === null ? null : Math.round(value * 10 ** digits) / 10 ** digits;

/** 优秀 ≥ 90, 良好 ≥ 80, 合格 ≥ 60, else 不合格; no grade without a composite. */
export function grade(composite: number | null): Grade | null {
  if (composite === null) return null;
  return composite >= 90 ? '优秀' : composite >= 80 ? '良好' : composite >= 60 ? '合格' : '不合格';
}

/**
 * The figures from counts: rates as fractions rounded to 4 places, the composite as 100 × the
 * weighted mean of the rates that have data (weights rescaled over them), rounded to 2 places.
 * A veto sets the composite to 0 and the grade to 不合格.
 */
export function figuresFromCounts(
  counts: CaseCounts,
  settings: DistrictSettings,
  evaluation?: { score: number | null; veto: boolean },
): Figures {
  const rated = counts.satisfied + counts.basicSatisfied + counts.dissatisfied;
  const rates = {
    response: ratio(counts.repliedOnTime, counts.replyDue),
    onTime: ratio(counts.resolvedOnTime, counts.resolutionDue),
    satisfaction: ratio(
      counts.satisfied + settings.basicSatisfiedWeight * counts.basicSatisfied,
      rated,
    ),
  };
  let weighted = 0;
  let weights = 0;
  for (const key of ['response', 'onTime', 'satisfaction'] as const) {
    const rate = rates[key];
    if (rate === null || settings.weights[key] === 0) continue;
    weighted += settings.weights[key] * rate;
    weights += settings.weights[key];
  }
  let composite = weights === 0 ? null : round((100 * weighted) / weights, 2);
  if (evaluation?.veto) composite = 0;
  const figures: Figures = {
    intake: counts.intake,
    responseRate: round(rates.response, 4),
    onTimeResolutionRate: round(rates.onTime, 4),
    closureRate: round(ratio(counts.closed, counts.intake), 4),
    satisfactionRate: round(rates.satisfaction, 4),
    composite,
    grade: evaluation?.veto ? '不合格' : grade(composite),
  };
  if (evaluation) {
    figures.evaluationScore = evaluation.score;
    figures.veto = evaluation.veto;
  }
  return figures;
}

const RATING_POINTS: Record<string, number> = { 满意: 100, 基本满意: 80, 不满意: 0 };

/**
 * One rating's points: the mean of the item scores it gives (逐项量化), else its overall rating
 * (满意 100, 基本满意 80, 不满意 0); `null` when it gives neither.
 */
export function ratingPoints(row: ScoredEvaluation): number | null {
  const items = [row.attendance, row.spirit, row.serviceAwareness, row.problemSolving].filter(
    (item): item is number => typeof item === 'number',
  );
  if (items.length > 0) return items.reduce((a, b) => a + b, 0) / items.length;
  return row.overall && row.overall in RATING_POINTS ? RATING_POINTS[row.overall]! : null;
}

/**
 * 测评得分: the mean rating per evaluator group, combined with the district's group weights
 * (三三制 by default; for a department the 条块互评 weights), rescaled over the groups that rated;
 * and whether any rating carries a veto (一票否决).
 */
export function evaluationScore(
  evaluations: readonly ScoredEvaluation[],
  settings: DistrictSettings,
  subjectIsDepartment = false,
): { score: number | null; veto: boolean } {
  const groupWeights = subjectIsDepartment
    ? settings.departmentEvaluatorWeights
    : settings.evaluatorWeights;
  const groups = new Map<string, { sum: number; n: number }>();
  let veto = false;
  for (const row of evaluations) {
    if (row.veto) veto = true;
    const points = ratingPoints(row);
    if (points === null) continue;
    const group = groups.get(row.evaluatorGroup) ?? { sum: 0, n: 0 };
    group.sum += points;
    group.n++;
    groups.set(row.evaluatorGroup, group);
  }
  let weighted = 0;
  let weights = 0;
  for (const [name, { sum, n }] of groups) {
    const weight = groupWeights[name] ?? 0;
    weighted += (weight * sum) / n;
    weights += weight;
  }
  return { score: weights === 0 ? null : round(weighted / weights, 2), veto };
}

export interface ScoreOptions {
  asOf: string;
  settings: DistrictSettings;
  calendar: Calendar;
  /** `2026`, `2026H1`, `2026Q2` or `2026-05`; every case when absent. */
  period?: string | null;
  /** The 满意度测评 rows of the subject: adds `evaluationScore` and `veto`. */
  evaluations?: readonly ScoredEvaluation[];
  /** Whose time limits count: a department's figures run from the dispatch date. */
  clock?: Clock;
}

/**
 * Due dates per date: a district has a few hundred distinct receipt (and rating) dates, not a
 * million. `reopenDue` is the resolution due again one period after a 不满意 rating.
 */
export function dueDateCache(settings: DistrictSettings, calendar: Calendar) {
  const cache = new Map<string, { replyDue: string; resolutionDue: string }>();
  const reopened = new Map<string, string>();
  const reopenDue: ReopenDue = (ratedOn) => {
    let due = reopened.get(ratedOn);
    if (due === undefined) {
      due = deadline(ratedOn, settings.resolveDays, settings.dayMode, calendar);
      reopened.set(ratedOn, due);
    }
    return due;
  };
  const dueOf = (record: ScoredCase) => {
    if (record.replyDue && record.resolutionDue) {
      return { replyDue: record.replyDue, resolutionDue: record.resolutionDue };
    }
    let due = cache.get(record.receivedOn);
    if (!due) {
      due = dueDates(record.receivedOn, settings, calendar);
      cache.set(record.receivedOn, due);
    }
    return due;
  };
  const dispatched = new Map<string, { replyDue: string; resolutionDue: string }>();
  /** The due dates on a clock: the department's run from the dispatch date, where one is given. */
  const dueOn = (record: ScoredCase, clock: Clock) => {
    if (clock === 'unit' || !record.dispatchedOn) return dueOf(record);
    if (record.dispatchReplyDue && record.dispatchResolutionDue) {
      return { replyDue: record.dispatchReplyDue, resolutionDue: record.dispatchResolutionDue };
    }
    const key = `${record.dispatchedOn}+${record.extensionDays ?? 0}`;
    let due = dispatched.get(key);
    if (!due) {
      due = dispatchDueDates(record.dispatchedOn, record.extensionDays ?? 0, settings, calendar);
      dispatched.set(key, due);
    }
    return due;
  };
  return { dueOf, dueOn, reopenDue };
}

/**
 * The department's due dates for a case dispatched on `dispatchedOn`: the district's limits counted
 * from the dispatch, the resolution moved by a granted extension's days (延期, once).
 */
export function dispatchDueDates(
  dispatchedOn: string,
  extensionDays: number,
  settings: DistrictSettings,
  calendar: Calendar,
): { replyDue: string; resolutionDue: string } {
  return {
    replyDue: deadline(dispatchedOn, settings.replyDays, settings.dayMode, calendar),
    resolutionDue: deadline(
      dispatchedOn,
      settings.resolveDays + extensionDays,
      settings.dayMode,
      calendar,
    ),
  };
}

/** A filter of cases to those received within the period and by the as-of date. */
function inScope(options: ScoreOptions): (record: ScoredCase) => boolean {
  const range = options.period ? parsePeriod(options.period) : null;
  if (options.period && !range) throw new Error(`not a period: ${options.period}`);
  return (record) =>
    record.receivedOn <= options.asOf && (range === null || contains(range, record.receivedOn));
}

/** The ratings of evaluation periods that share a day with `period` (all when no period). */
function evaluationsInPeriod(
  evaluations: readonly ScoredEvaluation[],
  period: string | null | undefined,
): readonly ScoredEvaluation[] {
  const range = period ? parsePeriod(period) : null;
  if (!range) return evaluations;
  return evaluations.filter((row) => {
    const own = parsePeriod(row.period);
    return own !== null && overlaps(own, range);
  });
}

/** Every figure of docs/rules.md, Scores, for the cases (already narrowed to a unit, department or cadre). */
export function computeFigures(cases: readonly ScoredCase[], options: ScoreOptions): Figures {
  const { dueOn, reopenDue } = dueDateCache(options.settings, options.calendar);
  const keep = inScope(options);
  const counts = emptyCounts();
  const clock = options.clock ?? 'unit';
  for (const record of cases) {
    if (!keep(record)) continue;
    const { replyDue, resolutionDue } = dueOn(record, clock);
    countCase(counts, record, options.asOf, replyDue, resolutionDue, reopenDue, clock);
  }
  const evaluations = options.evaluations
    ? evaluationsInPeriod(options.evaluations, options.period)
    : undefined;
  return figuresFromCounts(
    counts,
    options.settings,
    evaluations ? evaluationScore(evaluations, options.settings) : undefined,
  );
}

export const GROUP_BY = ['children', 'area', 'department', 'cadre'] as const;
export type GroupBy = (typeof GROUP_BY)[number];

export interface GroupOptions extends ScoreOptions {
  /** Resolves unit codes and names; needed for `children`. */
  org?: OrgTree;
  /** The unit whose children `children` groups by; its evaluations give the total's score. */
  unit?: string;
}

export interface GroupedFigures {
  total: Figures;
  groups: ({ key: string; name: string } & Figures)[];
}

/** The key a case is grouped under, or `null` when it belongs to no group. */
export function groupKeyOf(
  by: GroupBy,
  org?: OrgTree,
  unit?: string,
): (record: ScoredCase) => string | null {
  switch (by) {
    case 'area':
      return (record) => record.area ?? record.unit ?? null;
    case 'cadre':
      return (record) => record.firstReceiver ?? null;
    case 'department':
      return (record) =>
        record.assignee ? (org?.find(record.assignee)?.code ?? record.assignee) : null;
    case 'children': {
      if (!org || !unit) throw new Error('grouping by children needs the org tree and a unit');
      return (record) => {
        const owner = record.area ?? record.unit;
        if (!owner) return null;
        const path = org.path(owner);
        const at = path.indexOf(unit);
        return at === -1 ? null : (path[at + 1] ?? null);
      };
    }
  }
}

/**
 * The evaluation score and veto of one subject (a unit code, or a cadre's name): its ratings whose
 * subject names it (a unit by code or name) within the period. `undefined` without evaluations.
 */
export function evaluationFor(
  evaluations: readonly ScoredEvaluation[] | undefined,
  subject: string,
  options: Pick<GroupOptions, 'org' | 'period' | 'settings'>,
): { score: number | null; veto: boolean } | undefined {
  if (!evaluations) return undefined;
  const own = evaluationsInPeriod(evaluations, options.period).filter(
    (row) => (options.org?.find(row.subject)?.code ?? row.subject) === subject,
  );
  return evaluationScore(own, options.settings, options.org?.get(subject)?.kind === 'department');
}

/**
 * The clocks of a grouping: a department's figures (the scope is a department, or the groups are
 * departments) run from the dispatch date; every other figure from receipt.
 */
export function clocksOf(
  by: GroupBy,
  options: Pick<GroupOptions, 'org' | 'unit' | 'clock'>,
): { total: Clock; groups: Clock } {
  const total =
    options.clock ??
    (options.unit && options.org?.get(options.unit)?.kind === 'department' ? 'department' : 'unit');
  return { total, groups: by === 'department' ? 'department' : total };
}

/**
 * Figures for the whole set and per group: residential area, department (承办单位), cadre (首问责任人)
 * or child unit of `unit`. Each group's evaluation score is taken from the ratings whose subject is
 * that group (unit code or name, or cadre name); the total's from those of `unit`.
 */
export function groupFigures(
  cases: readonly ScoredCase[],
  by: GroupBy,
  options: GroupOptions,
): GroupedFigures {
  const keyOf = groupKeyOf(by, options.org, options.unit);
  const { dueOn, reopenDue } = dueDateCache(options.settings, options.calendar);
  const keep = inScope(options);
  const total = emptyCounts();
  const groups = new Map<string, CaseCounts>();
  const { total: totalClock, groups: groupClock } = clocksOf(by, options);
  for (const record of cases) {
    if (!keep(record)) continue;
    const totalDue = dueOn(record, totalClock);
    countCase(
      total,
      record,
      options.asOf,
      totalDue.replyDue,
      totalDue.resolutionDue,
      reopenDue,
      totalClock,
    );
    const key = keyOf(record);
    if (key === null) continue;
    let counts = groups.get(key);
    if (!counts) {
      counts = emptyCounts();
      groups.set(key, counts);
    }
    const { replyDue, resolutionDue } = dueOn(record, groupClock);
    countCase(counts, record, options.asOf, replyDue, resolutionDue, reopenDue, groupClock);
  }
  const evaluation = (key: string | undefined) =>
    key === undefined ? undefined : evaluationFor(options.evaluations, key, options);
  return {
    total: figuresFromCounts(total, options.settings, evaluation(options.unit)),
    groups: [...groups]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, counts]) => ({
        key,
        name: options.org?.get(key)?.name ?? key,
        ...figuresFromCounts(counts, options.settings, evaluation(key)),
      })),
  };
}
