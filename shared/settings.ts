/**
 * A district's rule settings: how deadlines are counted, the time limits, the weights of the
 * composite score and of the evaluator groups, and the thresholds of the repeat and widespread
 * rules. One zod schema gives the type, the defaults and the validation of `PUT /api/settings`.
 */
import { z } from 'zod';
import { DAY_MODES } from './calendar.ts';

const weight = z.number().min(0).max(100);
const days = z.number().int().min(1).max(365);

export const districtSettingsSchema = z
  .object({
    /** Deadlines in calendar days (default) or working days. */
    dayMode: z.enum(DAY_MODES),
    /** Reply due this many days after receipt (Yangpu: answer within one week). */
    replyDays: days,
    /** Resolution due this many days after receipt (Yangpu: solve within one month). */
    resolveDays: days,
    /** Weights of the composite score; renormalised over the rates that have data. */
    weights: z.strictObject({ response: weight, onTime: weight, satisfaction: weight }),
    /** How much a 基本满意 rating counts toward the satisfaction rate (some hotlines use 0.9). */
    basicSatisfiedWeight: z.number().min(0).max(1),
    /** Weights of the evaluator groups of 满意度测评; groups left out count nothing (三三制 default). */
    evaluatorWeights: z.record(z.string(), weight),
    /** The same for ratings of functional departments (条块互评: 街道/镇 and 群众 by default). */
    departmentEvaluatorWeights: z.record(z.string(), weight),
    /** Area code given to a bare 8-digit landline. */
    areaCode: z.string().regex(/^0\d{2,3}$/),
    /** A category reported from this many residential areas … */
    widespreadAreas: z.number().int().min(2).max(1000),
    /** … within this many days is widespread (普遍性). */
    widespreadDays: days,
    /** The n-th case of one reporter and category … */
    repeatCount: z.number().int().min(2).max(100),
    /** … within this many days starts at 街道 at least. */
    repeatDays: days,
    /** 临期: the open cases whose reply or resolution falls due within this many working days. */
    dueSoonDays: z.number().int().min(1).max(30),
  })
  .strict();

export type DistrictSettings = z.infer<typeof districtSettingsSchema>;

/**
 * Evaluator-group weights as the sources practise them: 三三制 (Pujiang: 群众, 政府, 党委 a third
 * each; the default), Yangpu's two groups (社区干部 and 群众, "逐项量化"), and for departments the
 * sub-districts' and residents' ratings (条块互评).
 */
export const EVALUATOR_PRESETS = {
  三三制: { 群众: 1 / 3, 政府: 1 / 3, 党委: 1 / 3 },
  杨浦: { 社区干部: 0.5, 群众: 0.5 },
  条块互评: { '街道/镇': 0.5, 群众: 0.5 },
} as const satisfies Record<string, Record<string, number>>;

export const DEFAULT_SETTINGS: DistrictSettings = Object.freeze({
  dayMode: 'calendar',
  replyDays: 7,
  resolveDays: 30,
  weights: { response: 0.1, onTime: 0.45, satisfaction: 0.45 },
  basicSatisfiedWeight: 1.0,
  evaluatorWeights: { ...EVALUATOR_PRESETS.三三制 },
  departmentEvaluatorWeights: { ...EVALUATOR_PRESETS.条块互评 },
  areaCode: '021',
  widespreadAreas: 5,
  widespreadDays: 30,
  repeatCount: 3,
  repeatDays: 90,
  dueSoonDays: 3,
});

/** Partial settings as a district admin or a `--settings` file writes them. */
export const settingsPatchSchema = districtSettingsSchema
  .extend({ weights: districtSettingsSchema.shape.weights.partial() })
  .partial();

/**
 * Settings from a partial patch laid over `base` (the defaults unless given). Throws the zod error
 * when the patch is not valid; callers turn its issues into their own error shape.
 */
export function resolveSettings(
  patch: unknown,
  base: DistrictSettings = DEFAULT_SETTINGS,
): DistrictSettings {
  const parsed = settingsPatchSchema.parse(patch ?? {});
  return districtSettingsSchema.parse({
    ...base,
    ...parsed,
    weights: { ...base.weights, ...parsed.weights },
    evaluatorWeights: parsed.evaluatorWeights ?? base.evaluatorWeights,
    departmentEvaluatorWeights:
      parsed.departmentEvaluatorWeights ?? base.departmentEvaluatorWeights,
  });
}

/**
 * The weights that are all zero (`weights` or `evaluatorWeights`), or `null`: with every weight at
 * 0 no composite score or evaluation rate can be computed, so such settings are refused.
 */
export function zeroWeights(settings: DistrictSettings): 'weights' | 'evaluatorWeights' | null {
  const sum = (weights: Record<string, number>) =>
    Object.values(weights).reduce((a, b) => a + b, 0);
  if (sum(settings.weights) <= 0) return 'weights';
  if (sum(settings.evaluatorWeights) <= 0) return 'evaluatorWeights';
  return null;
}
