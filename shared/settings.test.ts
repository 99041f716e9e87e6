import { describe, expect, test } from 'vitest';
import { DEFAULT_SETTINGS, resolveSettings, zeroWeights } from './settings.ts';

describe('district settings', () => {
  test('the defaults are calendar days, 7 and 30, 0.1/0.45/0.45, 基本满意 1.0, 三三制', () => {
    expect(DEFAULT_SETTINGS).toMatchObject({
      dayMode: 'calendar',
      replyDays: 7,
      resolveDays: 30,
      weights: { response: 0.1, onTime: 0.45, satisfaction: 0.45 },
      basicSatisfiedWeight: 1,
      widespreadAreas: 5,
      widespreadDays: 30,
      repeatCount: 3,
      repeatDays: 90,
    });
    expect(Object.keys(DEFAULT_SETTINGS.evaluatorWeights).sort()).toEqual(['党委', '政府', '群众']);
  });

  test('a partial patch keeps the rest, weights merged one by one', () => {
    const settings = resolveSettings({ dayMode: 'working', weights: { response: 0.3 } });
    expect(settings.dayMode).toBe('working');
    expect(settings.weights).toEqual({ response: 0.3, onTime: 0.45, satisfaction: 0.45 });
    expect(settings.resolveDays).toBe(30);
  });

  test('refuses unknown keys and values out of range', () => {
    expect(() => resolveSettings({ replyDays: 0 })).toThrow();
    expect(() => resolveSettings({ dayMode: 'lunar' })).toThrow();
    expect(() => resolveSettings({ basicSatisfiedWeight: 1.5 })).toThrow();
    expect(() => resolveSettings({ replyDay: 7 })).toThrow();
  });

  test('weights that are all zero are named; one weight above zero is enough', () => {
    expect(zeroWeights(DEFAULT_SETTINGS)).toBeNull();
    const zero = { response: 0, onTime: 0, satisfaction: 0 };
    expect(zeroWeights(resolveSettings({ weights: zero }))).toBe('weights');
    expect(zeroWeights(resolveSettings({ weights: { ...zero, onTime: 1 } }))).toBeNull();
    expect(zeroWeights(resolveSettings({ evaluatorWeights: { 群众: 0 } }))).toBe(
      'evaluatorWeights',
    );
  });
});
