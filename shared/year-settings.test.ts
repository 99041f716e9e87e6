import { describe, expect, test } from 'vitest';
import { DEFAULT_SETTINGS, resolveSettings } from './settings.ts';
import {
  defaultYearSettings,
  gradeOf,
  presetGrades,
  resolveYearSettings,
  scoringSettings,
} from './year-settings.ts';

describe('settings per assessment year', () => {
  const base = defaultYearSettings(DEFAULT_SETTINGS);

  test('a year nobody set takes the district weights, half and half, 优秀/良好/合格/不合格', () => {
    expect(base.totalWeights).toEqual({ composite: 0.5, evaluation: 0.5 });
    expect(base.grades).toEqual([
      { label: '优秀', min: 90 },
      { label: '良好', min: 80 },
      { label: '合格', min: 60 },
      { label: '不合格', min: 0 },
    ]);
    const county = resolveSettings({
      weights: { response: 0.3, onTime: 0.35, satisfaction: 0.35 },
    });
    expect(defaultYearSettings(county).weights).toEqual(county.weights);
  });

  test('grades by threshold; the civil-service preset names them 优秀/称职/基本称职/不称职', () => {
    expect([95, 90, 89.99, 80, 60, 59.5, 0].map((t) => gradeOf(t, base.grades))).toEqual([
      '优秀',
      '优秀',
      '良好',
      '良好',
      '合格',
      '不合格',
      '不合格',
    ]);
    const civil = resolveYearSettings({ gradePreset: '公务员' }, base);
    expect(civil.grades.map((g) => g.label)).toEqual(['优秀', '称职', '基本称职', '不称职']);
    expect(gradeOf(85, civil.grades)).toBe('称职');
    // A veto takes the last grade whatever the total; no total, no grade.
    expect(gradeOf(95, civil.grades, true)).toBe('不称职');
    expect(gradeOf(null, civil.grades)).toBeNull();
  });

  test('a patch keeps the rest; thresholds must fall and end at 0', () => {
    const year = resolveYearSettings(
      { weights: { response: 0.3 }, totalWeights: { composite: 0.7 } },
      base,
    );
    expect(year.weights).toEqual({ response: 0.3, onTime: 0.45, satisfaction: 0.45 });
    expect(year.totalWeights).toEqual({ composite: 0.7, evaluation: 0.5 });
    expect(() =>
      resolveYearSettings(
        {
          grades: [
            { label: 'A', min: 60 },
            { label: 'B', min: 70 },
          ],
        },
        base,
      ),
    ).toThrow();
    expect(() =>
      resolveYearSettings(
        {
          grades: [
            { label: 'A', min: 60 },
            { label: 'B', min: 10 },
          ],
        },
        base,
      ),
    ).toThrow();
    expect(() =>
      resolveYearSettings({ totalWeights: { composite: 0, evaluation: 0 } }, base),
    ).toThrow();
    expect(presetGrades('默认').at(-1)).toEqual({ label: '不合格', min: 0 });
  });

  test("the year's weights replace the district's in the figures, time limits stay", () => {
    const year = resolveYearSettings(
      { weights: { response: 1, onTime: 0, satisfaction: 0 } },
      base,
    );
    const scoring = scoringSettings(resolveSettings({ replyDays: 5 }), year);
    expect(scoring.weights).toEqual({ response: 1, onTime: 0, satisfaction: 0 });
    expect(scoring.replyDays).toBe(5);
  });
});
