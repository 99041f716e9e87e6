/**
 * `GET /api/scores?unit=&period=&asOf=&by=children|area|department|cadre`: the assessment figures
 * of a unit's subtree (or of the cases assigned to a department), in total and per group. D1 counts
 * (one GROUP BY over the cases, due dates stored as columns); the shared `figuresFromCounts` turns
 * the counts into figures, so they equal what `minqing scores` computes from the same records.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { OrgTree } from '../../../shared/org.ts';
import { parsePeriod } from '../../../shared/periods.ts';
import {
  type CaseCounts,
  emptyCounts,
  evaluationFor,
  figuresFromCounts,
  GROUP_BY,
  type GroupBy,
  type GroupedFigures,
  type ScoredEvaluation,
} from '../../../shared/scores.ts';
import type { DistrictSettings } from '../../../shared/settings.ts';
import { requireAuth } from '../auth.ts';
import { loadOrg, todayInChina } from '../db.ts';
import { districtOf, fillDueDates, loadCalendar, loadSettings } from '../district-rules.ts';
import type { AppEnv } from '../env.ts';
import { fail } from '../errors.ts';
import { authorize } from '../scope.ts';
import { input } from '../validate.ts';

export const scoresQuerySchema = z.object({
  unit: z.string().trim().min(1).max(40).optional(),
  period: z
    .string()
    .regex(/^\d{4}(H[12]|Q[1-4]|-(0[1-9]|1[0-2]))?$/)
    .optional(),
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

// The counts of `CaseCounts` in SQL, over rows `t` that carry the group key `k`, the due dates,
// the resolution `res` and the first reply `reply` as of ?2 (a resolution counts as a reply; a
// rating counts once the case has a reply). Keep in step with `countCase` in shared/scores.ts —
// the equality test in scores.test.ts fails when they part.
const COUNTS = `
  count(*) AS intake,
  coalesce(sum(reply_due <= ?2 OR reply IS NOT NULL), 0) AS replyDue,
  coalesce(sum(reply IS NOT NULL AND reply <= reply_due), 0) AS repliedOnTime,
  coalesce(sum(resolution_due <= ?2 OR res IS NOT NULL), 0) AS resolutionDue,
  coalesce(sum(res IS NOT NULL AND res <= resolution_due), 0) AS resolvedOnTime,
  coalesce(sum(res IS NOT NULL), 0) AS closed,
  coalesce(sum(reply IS NOT NULL AND satisfaction = '满意'), 0) AS satisfied,
  coalesce(sum(reply IS NOT NULL AND satisfaction = '基本满意'), 0) AS basicSatisfied,
  coalesce(sum(reply IS NOT NULL AND satisfaction = '不满意'), 0) AS dissatisfied`;

const GROUP_KEY: Record<GroupBy, string> = {
  // ?5 maps every unit below the unit to the child of the unit it lies under (joined as `m`).
  children: 'm.child',
  area: 'c.area',
  department: 'coalesce(c.assignee_unit, c.assignee)',
  cadre: 'c.first_receiver',
};

function countsSql(scope: string, key: string | null): string {
  return `
    WITH s AS (
      SELECT ${key ?? "''"} AS k, c.reply_due, c.resolution_due, c.satisfaction,
             CASE WHEN c.resolved_on <= ?2 THEN c.resolved_on END AS res,
             CASE WHEN c.replied_on <= ?2 THEN c.replied_on END AS rep
        FROM cases c
        ${key === GROUP_KEY.children ? 'LEFT JOIN (SELECT key AS code, value AS child FROM json_each(?5)) m ON m.code = c.area' : ''}
       WHERE ${scope} AND c.received_on <= ?2 AND c.received_on BETWEEN ?3 AND ?4
    ), t AS (
      SELECT *, CASE WHEN rep IS NOT NULL AND (res IS NULL OR rep < res) THEN rep ELSE res END AS reply
        FROM s
    )
    SELECT k, ${COUNTS} FROM t ${key ? 'WHERE k IS NOT NULL GROUP BY k' : ''}`;
}

/** Counts in total and per group, straight from D1. Due dates must be filled (`fillDueDates`). */
export async function countScores(
  db: D1Database,
  org: OrgTree,
  scope: ScoreScope,
): Promise<{ total: CaseCounts; groups: Map<string, CaseCounts> }> {
  const isDepartment = org.get(scope.unit)?.kind === 'department';
  const where = isDepartment
    ? 'c.assignee_unit = ?1'
    : 'c.owner_unit IN (SELECT value FROM json_each(?1))';
  const range = scope.period ? parsePeriod(scope.period) : null;
  const childOf: Record<string, string> = {};
  if (scope.by === 'children') {
    for (const child of org.children(scope.unit)) {
      for (const unit of org.subtree(child.code)) childOf[unit.code] = child.code;
    }
  }
  const params = [
    isDepartment ? scope.unit : JSON.stringify(org.subtree(scope.unit).map((u) => u.code)),
    scope.asOf,
    range?.from ?? '0000-01-01',
    range?.to ?? '9999-12-31',
    JSON.stringify(childOf),
  ];
  // D1 wants exactly as many values as the statement has placeholders: ?5 only when grouping by children.
  const bind = (sql: string) =>
    db.prepare(sql).bind(...params.slice(0, sql.includes('?5') ? 5 : 4));
  const [total, grouped] = await db.batch<CaseCounts & { k: string }>([
    bind(countsSql(where, null)),
    bind(countsSql(where, GROUP_KEY[scope.by])),
  ]);
  const strip = ({ k: _k, ...counts }: CaseCounts & { k: string }): CaseCounts => counts;
  const groups = new Map<string, CaseCounts>();
  for (const row of grouped!.results) groups.set(row.k, strip(row));
  const first = total!.results[0];
  return { total: first && first.intake > 0 ? strip(first) : emptyCounts(), groups };
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

export async function loadEvaluations(db: D1Database): Promise<ScoredEvaluation[]> {
  const { results } = await db
    .prepare(
      `SELECT eval_period AS period, subject_kind AS subjectKind, subject,
              evaluator_group AS evaluatorGroup, attendance, spirit,
              service_awareness AS serviceAwareness, problem_solving AS problemSolving, overall, veto
         FROM evaluations`,
    )
    .all<EvaluationRow>();
  return results.map((row) => ({ ...row, veto: row.veto === 1 }));
}

/** The figures of `GET /api/scores`: SQL counts, shared figures, evaluations by subject. */
export async function scoresOf(
  db: D1Database,
  org: OrgTree,
  settings: DistrictSettings,
  scope: ScoreScope,
): Promise<GroupedFigures> {
  const [{ total, groups }, evaluations] = await Promise.all([
    countScores(db, org, scope),
    loadEvaluations(db),
  ]);
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
    const settings = await loadSettings(db, districtOf(org, unit));
    await fillDueDates(db, settings, await loadCalendar(db));
    const scope = { unit, asOf: query.asOf ?? todayInChina(), period: query.period, by: query.by };
    return c.json(await scoresOf(db, org, settings, scope));
  });
