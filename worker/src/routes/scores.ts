/**
 * `GET /api/scores?unit=&period=&asOf=&by=children|area|department|cadre`: the assessment figures
 * of a unit's subtree (or of the cases assigned to a department), in total and per group. D1 counts
 * (one GROUP BY over the cases, due dates stored as columns); the shared `figuresFromCounts` turns
 * the counts into figures, so they equal what `minqing scores` computes from the same records.
 * `calendarGaps` lists the years of counted due dates whose holiday schedule is not loaded
 * (docs/decisions/0011).
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { CaseEvent } from '../../../shared/escalation.ts';
import { type OrgTree, shortUnitName } from '../../../shared/org.ts';
import { parsePeriod, periodSchema, periodsOverlapping } from '../../../shared/periods.ts';
import {
  type CaseCounts,
  type Clock,
  clocksOf,
  countCase,
  dueDateCache,
  emptyCounts,
  evaluationFor,
  figuresFromCounts,
  GROUP_BY,
  type GroupBy,
  type GroupedFigures,
  type ScoredCase,
  type ScoredEvaluation,
} from '../../../shared/scores.ts';
import type { DistrictSettings } from '../../../shared/settings.ts';
import { requireAuth } from '../auth.ts';
import { loadOrg, todayInChina } from '../db.ts';
import { calendarGapsOf, districtOf, loadCalendar, loadSettings } from '../district-rules.ts';
import type { AppEnv } from '../env.ts';
import { fail } from '../errors.ts';
import { authorize } from '../scope.ts';
import { countsSql, GROUP_KEY, inScope, steppedCasesSql } from '../scores-sql.ts';
import { type EventRow, groupEvents, stepsOf } from '../sweep.ts';
import { input } from '../validate.ts';

export const scoresQuerySchema = z.object({
  unit: z.string().trim().min(1).max(40).optional(),
  period: periodSchema.optional(),
  asOf: z.iso.date().optional(),
  by: z.enum(GROUP_BY).default('children'),
});

export interface ScoreScope {
  /** The unit whose subtree is scored, or the department whose assigned cases are. */
  unit: string;
  asOf: string;
  period?: string | null;
  by: GroupBy;
}

/** Counts in total and per group, straight from D1, over the due dates the writes filled. */
export async function countScores(
  db: D1Database,
  org: OrgTree,
  settings: DistrictSettings,
  scope: ScoreScope,
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
  const key = GROUP_KEY[scope.by];
  // A department's figures run on its clock (from dispatch): by department the groups do, while
  // the total stays the scope's own.
  const clocks = clocksOf(scope.by, { org, unit: scope.unit });
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
  const keyOf = scope.by === 'children' ? childKey(org, scope.unit) : (k: string) => k;
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
        WHERE case_id IN (SELECT value FROM json_each(?1)) AND kind <> 'climb' ORDER BY id`,
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
): Promise<GroupedFigures & { calendarGaps: number[] }> {
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
  };
}

export const scoreRoutes = new Hono<AppEnv>()
  .use(requireAuth())
  .get('/', input('query', scoresQuerySchema), async (c) => {
    const db = c.env.DB;
    const query = c.req.valid('query');
    const org = await loadOrg(db);
    const unit = query.unit ?? c.var.account.unit;
    if (!org.get(unit)) fail(404, 'UNIT_NOT_FOUND', { unit });
    authorize(c.var.account, org, 'scores.read', unit);
    // A read: the due dates were filled by the writes (docs/decisions/0012).
    const settings = await loadSettings(db, districtOf(org, unit));
    const scope = { unit, asOf: query.asOf ?? todayInChina(), period: query.period, by: query.by };
    return c.json(await scoresOf(db, org, settings, scope));
  });
