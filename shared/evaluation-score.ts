/**
 * The evaluation score of the year-end assessment (docs/rules.md, Scores): the 满意度测评 ratings of a
 * subject, averaged per evaluator group and weighted by the district's group weights.
 */
import { round } from './figures.ts';
import type { OrgTree } from './org.ts';
import { overlaps, parsePeriod } from './periods.ts';
import type { DistrictSettings } from './settings.ts';

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

/** The ratings of evaluation periods that share a day with `period` (all when no period). */
export function evaluationsInPeriod(
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

/**
 * The evaluation score and veto of one subject (a unit code, or a cadre's name): its ratings whose
 * subject names it (a unit by code or name) within the period. `undefined` without evaluations.
 */
export function evaluationFor(
  evaluations: readonly ScoredEvaluation[] | undefined,
  subject: string,
  options: { org?: OrgTree | undefined; period?: string | null; settings: DistrictSettings },
): { score: number | null; veto: boolean } | undefined {
  if (!evaluations) return undefined;
  const own = evaluationsInPeriod(evaluations, options.period).filter(
    (row) => (options.org?.find(row.subject)?.code ?? row.subject) === subject,
  );
  return evaluationScore(own, options.settings, options.org?.get(subject)?.kind === 'department');
}
