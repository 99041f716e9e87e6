/**
 * The figures of the year-end assessment (docs/rules.md, Scores) from the counts: the rates, the
 * weighted composite and its grade, with the evaluation score and veto when evaluations were given.
 */
import type { CaseCounts } from './case-counts.ts';
import type { DistrictSettings } from './settings.ts';

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

const ratio = (part: number, whole: number) => (whole === 0 ? null : part / whole);
/** `value` rounded to `digits` decimal places; `null` stays `null`. */
export const round = (value: number | null, digits: number) =>
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
