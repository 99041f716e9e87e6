/**
 * The settings of one assessment year (docs/decisions/0009): the weights the year's figures were
 * computed with, how composite and 测评得分 make the total, and the grade labels and thresholds. Kept
 * per year so that 同比 compares each year under its own settings, whatever the district changes
 * later. Time limits and the calendar are not per year: due dates are stored with the cases.
 */
import { z } from 'zod';
import { type DistrictSettings, districtSettingsSchema } from './settings.ts';

const weight = z.number().min(0).max(100);

/** Grade labels as the sources use them: the default, and the civil-service (公务员) labels. */
export const GRADE_PRESETS = {
  默认: ['优秀', '良好', '合格', '不合格'],
  公务员: ['优秀', '称职', '基本称职', '不称职'],
} as const satisfies Record<string, readonly string[]>;

/** 90 / 80 / 60 / below (docs/rules.md, "Grade"). */
const DEFAULT_THRESHOLDS = [90, 80, 60, 0];

const gradeSchema = z.strictObject({
  label: z.string().trim().min(1).max(10),
  /** The lowest total that earns the label. */
  min: z.number().min(0).max(100),
});

export const yearSettingsSchema = z
  .strictObject({
    weights: districtSettingsSchema.shape.weights,
    basicSatisfiedWeight: districtSettingsSchema.shape.basicSatisfiedWeight,
    evaluatorWeights: districtSettingsSchema.shape.evaluatorWeights,
    departmentEvaluatorWeights: districtSettingsSchema.shape.departmentEvaluatorWeights,
    /** The total: these weights over composite and 测评得分 (rescaled when one is missing). */
    totalWeights: z.strictObject({ composite: weight, evaluation: weight }),
    /** Best first; thresholds strictly falling, the last one 0 (every total has a grade). */
    grades: z.array(gradeSchema).min(2).max(6),
  })
  .refine(
    (s) =>
      s.grades.every((g, i) => i === 0 || g.min < s.grades[i - 1]!.min) &&
      s.grades.at(-1)!.min === 0,
    { message: '等次分数线应从高到低排列，最后一档为 0', path: ['grades'] },
  )
  .refine((s) => s.totalWeights.composite + s.totalWeights.evaluation > 0, {
    message: '总分权重不能全为 0',
    path: ['totalWeights'],
  });

export type YearSettings = z.infer<typeof yearSettingsSchema>;

/** A year's patch as an admin writes it (`PUT /api/settings?year=`), or a `--settings` file. */
export const yearSettingsPatchSchema = z
  .strictObject({
    weights: districtSettingsSchema.shape.weights.partial(),
    basicSatisfiedWeight: districtSettingsSchema.shape.basicSatisfiedWeight,
    evaluatorWeights: districtSettingsSchema.shape.evaluatorWeights,
    departmentEvaluatorWeights: districtSettingsSchema.shape.departmentEvaluatorWeights,
    totalWeights: z.strictObject({ composite: weight, evaluation: weight }).partial(),
    grades: z.array(gradeSchema),
    /** A preset's labels on the default thresholds, unless `grades` is given. */
    gradePreset: z.enum(Object.keys(GRADE_PRESETS) as [keyof typeof GRADE_PRESETS]),
  })
  .partial();

/** The grades of a preset on the default thresholds. */
export function presetGrades(preset: keyof typeof GRADE_PRESETS): YearSettings['grades'] {
  return GRADE_PRESETS[preset].map((label, i) => ({ label, min: DEFAULT_THRESHOLDS[i]! }));
}

/** A year nobody set: the district's current weights, half and half, the default grades. */
export function defaultYearSettings(district: DistrictSettings): YearSettings {
  return {
    weights: { ...district.weights },
    basicSatisfiedWeight: district.basicSatisfiedWeight,
    evaluatorWeights: { ...district.evaluatorWeights },
    departmentEvaluatorWeights: { ...district.departmentEvaluatorWeights },
    totalWeights: { composite: 0.5, evaluation: 0.5 },
    grades: presetGrades('默认'),
  };
}

/**
 * A year's settings from a partial patch over `base`. Throws the zod error when the patch or the
 * result is not valid; callers turn its issues into their own error shape.
 */
export function resolveYearSettings(patch: unknown, base: YearSettings): YearSettings {
  const parsed = yearSettingsPatchSchema.parse(patch ?? {});
  return yearSettingsSchema.parse({
    ...base,
    ...(parsed.basicSatisfiedWeight !== undefined
      ? { basicSatisfiedWeight: parsed.basicSatisfiedWeight }
      : {}),
    weights: { ...base.weights, ...parsed.weights },
    evaluatorWeights: parsed.evaluatorWeights ?? base.evaluatorWeights,
    departmentEvaluatorWeights:
      parsed.departmentEvaluatorWeights ?? base.departmentEvaluatorWeights,
    totalWeights: { ...base.totalWeights, ...parsed.totalWeights },
    grades: parsed.grades ?? (parsed.gradePreset ? presetGrades(parsed.gradePreset) : base.grades),
  });
}

/** The district's settings with the year's weights: what the year's figures are computed with. */
export function scoringSettings(district: DistrictSettings, year: YearSettings): DistrictSettings {
  return {
    ...district,
    weights: year.weights,
    basicSatisfiedWeight: year.basicSatisfiedWeight,
    evaluatorWeights: year.evaluatorWeights,
    departmentEvaluatorWeights: year.departmentEvaluatorWeights,
  };
}

/** The grade a total earns: the first whose threshold it reaches; under a veto the last. */
export function gradeOf(
  total: number | null,
  grades: YearSettings['grades'],
  veto = false,
): string | null {
  if (veto) return grades.at(-1)!.label;
  if (total === null) return null;
  return (grades.find((g) => total >= g.min) ?? grades.at(-1)!).label;
}
