/**
 * What `GET /api/scores` reads from D1: the case counts in total and per group (one GROUP BY over
 * the cases, due dates stored as columns; the shared walk for cases with stored steps), the
 * evaluations of the subjects and period asked, and the monthly trend from one more GROUP BY by
 * month of receipt. The shared `figuresFromCounts` turns counts into figures, so they equal what
 * `minqing scores` computes from the same records.
 */
import type { CaseEvent } from '../../shared/escalation.ts';
import { type OrgTree, shortUnitName } from '../../shared/org.ts';
import { parsePeriod, periodsOverlapping } from '../../shared/periods.ts';
import {
  type CaseCounts,
  type Clock,
  clocksOf,
  countCase,
  dueDateCache,
  emptyCounts,
  evaluationFor,
  type Figures,
  figuresFromCounts,
  type GroupBy,
  type GroupedFigures,
  type ScoredCase,
  type ScoredEvaluation,
} from '../../shared/scores.ts';
import type { DistrictSettings } from '../../shared/settings.ts';
import { calendarGapsOf, loadCalendar } from './district-rules.ts';
import { countsSql, GROUP_KEY, inScope, steppedCasesSql } from './scores-sql.ts';
import { type EventRow, groupEvents, stepsOf } from './sweep-cases.ts';

export interface ScoreScope {
  /** The unit whose subtree is scored, or the department whose assigned cases are. */
  unit: string;
  asOf: string;
  period?: string | null;
  by: GroupBy;
  /** `month`: also the total's figures month by month over the period's year. */
  trend?: 'month';
}

/** How counts are grouped: the SQL key, the clocks of the total and the groups, a key's group. */
interface Grouping {
  key: string;
  clocks: { total: Clock; groups: Clock };
  keyOf: (key: string) => string | null;
}

/** Counts in total and per group, straight from D1, over the due dates the writes filled. */
export function countScores(
  db: D1Database,
  org: OrgTree,
  settings: DistrictSettings,
  scope: ScoreScope,
): Promise<{ total: CaseCounts; groups: Map<string, CaseCounts>; calendarGaps: number[] }> {
  // A department's figures run on its clock (from dispatch): by department the groups do, while
  // the total stays the scope's own.
  return countGrouped(db, org, settings, scope, {
    key: GROUP_KEY[scope.by],
    clocks: clocksOf(scope.by, { org, unit: scope.unit }),
    keyOf: scope.by === 'children' ? childKey(org, scope.unit) : (k) => k,
  });
}

async function countGrouped(
  db: D1Database,
  org: OrgTree,
  settings: DistrictSettings,
  scope: ScoreScope,
  grouping: Grouping,
): Promise<{ total: CaseCounts; groups: Map<string, CaseCounts>; calendarGaps: number[] }> {
  const isDepartment = org.get(scope.unit)?.kind === 'department';
  const where = isDepartment
    ? 'c.assignee_unit = ?1'
    : 'c.owner_unit IN (SELECT value FROM json_each(?1))';
  const range = scope.period ? parsePeriod(scope.period) : null;
  const params = [
    isDepartment ? scope.unit : JSON.stringify(org.subtree(scope.unit).map((u) => u.code)),
    scope.asOf,
    range?.from ?? '0000-01-01',
    range?.to ?? '9999-12-31',
  ];
  const { key, clocks, keyOf } = grouping;
  const split = clocks.total !== clocks.groups;
  const [counted, stepped, totals] = await db.batch([
    db.prepare(countsSql(where, key, clocks.groups)).bind(...params),
    db.prepare(steppedCasesSql(where, key)).bind(...params),
    ...(split ? [db.prepare(countsSql(where, 'NULL', clocks.total)).bind(...params)] : []),
  ]);
  // Figures over due dates counted on weekends alone say so (docs/decisions/0011).
  const calendarGaps = await calendarGapsOf(db, inScope(where), ...params);
  const total = emptyCounts();
  const groups = new Map<string, CaseCounts>();
  const add = (k: string | null, counts: CaseCounts, toTotal = !split) => {
    if (toTotal) addCounts(total, counts);
    const group = k === null ? null : keyOf(k);
    if (group === null) return;
    if (!groups.has(group)) groups.set(group, emptyCounts());
    addCounts(groups.get(group)!, counts);
  };
  for (const { k, ...counts } of counted!.results as (CaseCounts & { k: string | null })[]) {
    add(k, counts);
  }
  for (const { k: _k, ...counts } of (totals?.results ?? []) as (CaseCounts & { k: null })[]) {
    addCounts(total, counts);
  }
  // Cases with stored steps: the shared walk over their whole history.
  const steppedRows = stepped!.results as (ScoredCase & { k: string | null; id: number })[];
  if (steppedRows.length > 0) {
    const calendar = await loadCalendar(db);
    const { dueOn, reopenDue } = dueDateCache(settings, calendar);
    const eventsOf = await loadSteps(db, steppedRows);
    const countOn = (record: ScoredCase, clock: Clock) => {
      const counts = emptyCounts();
      const { replyDue, resolutionDue } = dueOn(record, clock);
      countCase(counts, record, scope.asOf, replyDue, resolutionDue, reopenDue, clock);
      return counts;
    };
    for (const row of steppedRows) {
      const record = { ...row, events: eventsOf.get(row.id) ?? [] };
      add(row.k, countOn(record, clocks.groups));
      if (split) addCounts(total, countOn(record, clocks.total));
    }
  }
  return { total, groups, calendarGaps };
}

/** The stored steps (edits, referrals, dispatches) of the given cases, by case id. */
async function loadSteps(
  db: D1Database,
  rows: readonly (ScoredCase & { id: number })[],
): Promise<Map<number, CaseEvent[]>> {
  const { results } = await db
    .prepare(
      `SELECT case_id, at, kind, before, after FROM case_events
        WHERE case_id IN (SELECT value FROM json_each(?1)) ORDER BY id`,
    )
    .bind(JSON.stringify(rows.map((r) => r.id)))
    .all<EventRow>();
  const byCase = groupEvents(results);
  const out = new Map<number, CaseEvent[]>();
  for (const row of rows) out.set(row.id, stepsOf(byCase.get(row.id) ?? [], row));
  return out;
}

/** The child of `unit` an area lies under (as `groupKeyOf('children')` finds it). */
function childKey(org: OrgTree, unit: string): (area: string) => string | null {
  const childOf = new Map<string, string>();
  for (const child of org.children(unit)) {
    for (const below of org.subtree(child.code)) childOf.set(below.code, child.code);
  }
  return (area) => childOf.get(area) ?? null;
}

/** Adds `more` into `sum`. */
function addCounts(sum: CaseCounts, more: CaseCounts): void {
  for (const key of Object.keys(sum) as (keyof CaseCounts)[]) sum[key] += more[key];
}

interface EvaluationRow {
  period: string;
  subjectKind: string;
  subject: string;
  evaluatorGroup: string;
  attendance: number | null;
  spirit: number | null;
  serviceAwareness: number | null;
  problemSolving: number | null;
  overall: string | null;
  veto: number | null;
}

/**
 * The current evaluations of the subjects asked for (each unit by code, name or short name, as
 * `evaluationFor` matches them) whose period shares a day with `period` (any, when null).
 */
export async function loadEvaluations(
  db: D1Database,
  org: OrgTree,
  subjects: readonly string[],
  period: string | null,
): Promise<ScoredEvaluation[]> {
  const written = new Set<string>();
  for (const subject of subjects) {
    written.add(subject);
    const unit = org.get(subject);
    if (unit)
      for (const name of [unit.code, unit.name, shortUnitName(unit.name)]) written.add(name);
  }
  const range = period ? parsePeriod(period) : null;
  const { results } = await db
    .prepare(
      `SELECT eval_period AS period, subject_kind AS subjectKind, subject,
              evaluator_group AS evaluatorGroup, attendance, spirit,
              service_awareness AS serviceAwareness, problem_solving AS problemSolving, overall, veto
         FROM evaluations
        WHERE subject IN (SELECT value FROM json_each(?1)) AND current = 1
          AND (?2 IS NULL OR eval_period IN (SELECT value FROM json_each(?2)))`,
    )
    .bind(JSON.stringify([...written]), range ? JSON.stringify(periodsOverlapping(range)) : null)
    .all<EvaluationRow>();
  return results.map((row) => ({ ...row, veto: row.veto === 1 }));
}

/** The figures of `GET /api/scores`: SQL counts, shared figures, evaluations by subject. */
export async function scoresOf(
  db: D1Database,
  org: OrgTree,
  settings: DistrictSettings,
  scope: ScoreScope,
): Promise<GroupedFigures & { calendarGaps: number[]; trend?: MonthFigures[] }> {
  const { total, groups, calendarGaps } = await countScores(db, org, settings, scope);
  const evaluations = await loadEvaluations(
    db,
    org,
    [scope.unit, ...groups.keys()],
    scope.period ?? null,
  );
  const options = { org, period: scope.period ?? null, settings };
  return {
    total: figuresFromCounts(total, settings, evaluationFor(evaluations, scope.unit, options)),
    groups: [...groups]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, counts]) => ({
        key,
        name: org.get(key)?.name ?? key,
        ...figuresFromCounts(counts, settings, evaluationFor(evaluations, key, options)),
      })),
    calendarGaps,
    ...(scope.trend === 'month' ? { trend: await monthlyTrend(db, org, settings, scope) } : {}),
  };
}

/** One month of the trend: the total's composite and intake. */
export type MonthFigures = { month: string } & Pick<Figures, 'composite' | 'intake'>;

/** The month of receipt: the trend's groups. */
const MONTH_KEY = 'substr(c.received_on, 1, 7)';

/**
 * The total's figures for each month of the period's year up to `asOf`, each as a request for that
 * month alone gives them: one GROUP BY by month of receipt on the total's clock, and each month's
 * evaluations of the scope.
 */
async function monthlyTrend(
  db: D1Database,
  org: OrgTree,
  settings: DistrictSettings,
  scope: ScoreScope,
): Promise<MonthFigures[]> {
  const year = (scope.period ?? scope.asOf).slice(0, 4);
  const months = Array.from(
    { length: 12 },
    (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`,
  ).filter((month) => month <= scope.asOf.slice(0, 7));
  const clock = clocksOf(scope.by, { org, unit: scope.unit }).total;
  const { groups } = await countGrouped(
    db,
    org,
    settings,
    { ...scope, period: year },
    { key: MONTH_KEY, clocks: { total: clock, groups: clock }, keyOf: (k) => k },
  );
  const evaluations = await loadEvaluations(db, org, [scope.unit], year);
  return months.map((month) => {
    const evaluation = evaluationFor(evaluations, scope.unit, { org, period: month, settings });
    const { composite, intake } = figuresFromCounts(
      groups.get(month) ?? emptyCounts(),
      settings,
      evaluation,
    );
    return { month, composite, intake };
  });
}
