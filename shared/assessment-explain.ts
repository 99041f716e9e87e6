/**
 * Every figure of the year-end roll explained (docs/decisions/0014): the records behind one row's
 * figure — each case counted with its due dates and what it adds, the ratings with their points,
 * the periods each duty owed with whether a visit covered them — so that the figure recomputes from
 * the lines listed. Pure: the Worker and `minqing assess --explain` give it the same records. Each
 * case is classified by the scoring's own `countCase` (counted alone), never by a second reading
 * of the rules.
 */
import {
  assessmentRoll,
  type RollData,
  type RollEvaluation,
  type RollOf,
  type RollOptions,
  type RollRow,
} from './assessment.ts';
import { type ExplainedCase, explainCases } from './assessment-explain-cases.ts';
import { cadrePeriods, type ExplainedPeriod } from './assessment-explain-periods.ts';
import { type Subject, subjectsOf } from './assessment-subjects.ts';
import { COVERAGE_DUTY_KEYS } from './coverage.ts';
import type { OrgTree } from './org.ts';
import { overlaps, parsePeriod } from './periods.ts';
import { ratingPoints } from './scores.ts';
import { scoringSettings } from './year-settings.ts';

export type { ExplainedCase, ExplainedPeriod };

export const EXPLAINED_FIGURES = [
  'responseRate',
  'onTimeResolutionRate',
  'closureRate',
  'satisfactionRate',
  'evaluationScore',
  'coverage',
  'contactDayAttendance',
] as const;
export type ExplainedFigure = (typeof EXPLAINED_FIGURES)[number];

/** The figures' names as a clerk reads them. */
export const FIGURE_LABELS: Record<ExplainedFigure, string> = {
  responseRate: '答复率',
  onTimeResolutionRate: '按期办结率',
  closureRate: '办结率',
  satisfactionRate: '满意率',
  evaluationScore: '测评得分',
  coverage: '六个一遍',
  contactDayAttendance: '联系日出勤',
};

/** A rating counted in 测评得分, with its points (the items' mean, else the overall rating). */
export interface ExplainedEvaluation extends RollEvaluation {
  points: number | null;
}

/** An evaluator group's part of 测评得分: its weight and the mean of its ratings' points. */
export interface ExplainedGroup {
  group: string;
  weight: number;
  ratings: number;
  mean: number;
}

export interface Explanation {
  year: number;
  of: RollOf;
  unit: string;
  key: string;
  name: string;
  figure: ExplainedFigure;
  /** The figure as the roll gives it. */
  value: number | null;
  cases: ExplainedCase[];
  evaluations: ExplainedEvaluation[];
  groups: ExplainedGroup[];
  periods: ExplainedPeriod[];
}

/** Which roll a key belongs to: a unit's code (units or departments) or a cadre's 编号. */
export function rollOfKey(
  key: string,
  org: OrgTree,
  cadres: RollData['cadres'] = [],
): RollOf | null {
  const unit = org.get(key);
  if (unit?.kind === 'department') return 'departments';
  if (unit?.kind === 'subdistrict' || unit?.kind === 'residential') return 'units';
  return (cadres ?? []).some((c) => c.cadreNo === key) ? 'cadres' : null;
}

/**
 * The records behind one figure of one row of the roll (`options` as for `assessmentRoll`), or
 * `null` when the roll has no row `key`. Rates list every case they count; 测评得分 the ratings and
 * each group's weight and mean; coverage and contact-day attendance every period due.
 */
export function explainFigure(
  data: RollData,
  options: RollOptions,
  key: string,
  figure: ExplainedFigure,
): Explanation | null {
  const subject = subjectsOf(data, options).find((s) => s.key === key);
  if (!subject) return null;
  const row = assessmentRoll(data, options).roll.rows.find((r) => r.key === key)!;
  const head: Explanation = {
    year: options.year,
    of: options.of,
    unit: options.unit,
    key,
    name: subject.name,
    figure,
    value: row[figure as keyof RollRow] as number | null,
    cases: [],
    evaluations: [],
    groups: [],
    periods: [],
  };
  if (figure === 'evaluationScore') {
    return { ...head, ...explainEvaluations(data, options, subject) };
  }
  if (figure === 'coverage' || figure === 'contactDayAttendance') {
    if (!subject.cadre) return head;
    const periods = cadrePeriods(data, options, subject.cadre.name, subject.cadre.contactArea);
    return {
      ...head,
      periods: periods.filter(
        (p) => (p.duty === 'CONTACT_DAY') === (figure === 'contactDayAttendance'),
      ),
    };
  }
  return { ...head, cases: explainCases(data, options, key, subject, figure) };
}

/** The subject's ratings with their points, and each evaluator group's weight and mean. */
function explainEvaluations(
  data: RollData,
  options: RollOptions,
  subject: Subject,
): Pick<Explanation, 'evaluations' | 'groups'> {
  const scoring = scoringSettings(options.settings, options.yearSettings(options.year));
  const ratings = ratingsOf(data, options, subject.cadre?.name ?? subject.key, !!subject.cadre);
  const weights = subject.department
    ? scoring.departmentEvaluatorWeights
    : scoring.evaluatorWeights;
  const evaluations = ratings.map(
    (r): ExplainedEvaluation => ({
      period: r.period,
      subjectKind: r.subjectKind ?? null,
      subject: r.subject,
      evaluatorGroup: r.evaluatorGroup,
      attendance: r.attendance ?? null,
      spirit: r.spirit ?? null,
      serviceAwareness: r.serviceAwareness ?? null,
      problemSolving: r.problemSolving ?? null,
      overall: r.overall ?? null,
      veto: r.veto === true,
      vetoReason: r.vetoReason ?? null,
      points: ratingPoints(r),
    }),
  );
  const groups = new Map<string, number[]>();
  for (const r of evaluations) {
    if (r.points !== null)
      groups.set(r.evaluatorGroup, [...(groups.get(r.evaluatorGroup) ?? []), r.points]);
  }
  return {
    evaluations,
    groups: [...groups].map(([group, points]) => ({
      group,
      weight: weights[group] ?? 0,
      ratings: points.length,
      mean: points.reduce((a, b) => a + b, 0) / points.length,
    })),
  };
}

/** The ratings of a subject in the year, as the roll reads them (a cadre's by name, not a unit's). */
function ratingsOf(data: RollData, options: RollOptions, ratingKey: string, cadre: boolean) {
  const range = parsePeriod(String(options.year))!;
  return data.evaluations.filter((row) => {
    const own = parsePeriod(row.period);
    if (own === null || !overlaps(own, range)) return false;
    if (cadre) return row.subject === ratingKey && row.subjectKind !== '单位';
    return (options.org.find(row.subject)?.code ?? row.subject) === ratingKey;
  });
}

/**
 * The figure recomputed from the lines of its explanation alone: Σmet / Σcounted for the rates,
 * the weighted mean of the groups' means for 测评得分, the mean over the duties of the periods
 * covered for coverage, the contact days attended over those due. Rounded as the roll rounds.
 */
export function figureFromExplanation(explanation: Explanation): number | null {
  const round = (value: number, places: number) => Math.round(value * 10 ** places) / 10 ** places;
  const share = (lines: readonly { covered: boolean }[]) =>
    lines.filter((l) => l.covered).length / lines.length;
  switch (explanation.figure) {
    case 'evaluationScore': {
      const groups = explanation.groups.filter((g) => g.weight > 0);
      const weights = groups.reduce((sum, g) => sum + g.weight, 0);
      if (weights === 0) return null;
      return round(groups.reduce((sum, g) => sum + g.weight * g.mean, 0) / weights, 2);
    }
    case 'coverage': {
      const duties = COVERAGE_DUTY_KEYS.map((d) =>
        explanation.periods.filter((p) => p.duty === d),
      ).filter((lines) => lines.length > 0);
      if (duties.length === 0) return null;
      return round(duties.reduce((sum, lines) => sum + share(lines), 0) / duties.length, 4);
    }
    case 'contactDayAttendance':
      return explanation.periods.length === 0 ? null : round(share(explanation.periods), 4);
    default: {
      const counted = explanation.cases.reduce((sum, c) => sum + c.counted, 0);
      const met = explanation.cases.reduce((sum, c) => sum + c.met, 0);
      return counted === 0 ? null : round(met / counted, 4);
    }
  }
}
