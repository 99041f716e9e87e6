/**
 * The figures of the year-end assessment (docs/rules.md, Scores) for a set of cases as of a date. Every figure
 * is computed from a handful of counts (`CaseCounts`), so the Worker can count in SQL and still
 * get exactly the same figures from `figuresFromCounts` as the CLI gets from the records.
 */
import type { Calendar } from './calendar.ts';
import {
  type CaseCounts,
  type Clock,
  countCase,
  emptyCounts,
  type ScoredCase,
} from './case-counts.ts';
import { dueDateCache } from './due-date-cache.ts';
import {
  evaluationFor,
  evaluationScore,
  evaluationsInPeriod,
  type ScoredEvaluation,
} from './evaluation-score.ts';
import { type Figures, figuresFromCounts } from './figures.ts';
import type { OrgTree } from './org.ts';
import { contains, parsePeriod } from './periods.ts';
import type { DistrictSettings } from './settings.ts';

// The parts of scoring, re-exported: the Worker, the CLI and the pane import them from here.
export {
  type CaseCounts,
  type Clock,
  countCase,
  dispatchedInTime,
  emptyCounts,
  type ReopenDue,
  type ScoredCase,
} from './case-counts.ts';
export { dispatchDueDates, dueDateCache } from './due-date-cache.ts';
export {
  evaluationFor,
  evaluationScore,
  ratingPoints,
  type ScoredEvaluation,
} from './evaluation-score.ts';
export { type Figures, figuresFromCounts, GRADES, type Grade, grade } from './figures.ts';

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

/** A filter of cases to those received within the period and by the as-of date. */
function inScope(options: ScoreOptions): (record: ScoredCase) => boolean {
  const range = options.period ? parsePeriod(options.period) : null;
  if (options.period && !range) throw new Error(`not a period: ${options.period}`);
  return (record) =>
    record.receivedOn <= options.asOf && (range === null || contains(range, record.receivedOn));
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
