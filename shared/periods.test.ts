import { describe, expect, test } from 'vitest';
import {
  contains,
  isMonth,
  isPeriod,
  monthSchema,
  overlaps,
  parsePeriod,
  periodSchema,
  periodsOverlapping,
} from './periods.ts';

describe('periods', () => {
  test('a year, a half, a quarter and a month each cover their days', () => {
    expect(parsePeriod('2026')).toEqual({ from: '2026-01-01', to: '2026-12-31' });
    expect(parsePeriod('2026H1')).toEqual({ from: '2026-01-01', to: '2026-06-30' });
    expect(parsePeriod('2026H2')).toEqual({ from: '2026-07-01', to: '2026-12-31' });
    expect(parsePeriod('2026Q2')).toEqual({ from: '2026-04-01', to: '2026-06-30' });
    expect(parsePeriod('2026Q4')).toEqual({ from: '2026-10-01', to: '2026-12-31' });
    expect(parsePeriod('2026-05')).toEqual({ from: '2026-05-01', to: '2026-05-31' });
    expect(parsePeriod('2024-02')).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(parsePeriod('2026-02')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
  });

  test('rejects what is not a period', () => {
    for (const text of ['26', '2026Q5', '2026H3', '2026-13', '2026-5', '上半年', '']) {
      expect(parsePeriod(text)).toBeNull();
    }
  });

  test('contains both ends and nothing outside', () => {
    const q2 = parsePeriod('2026Q2')!;
    expect(contains(q2, '2026-04-01')).toBe(true);
    expect(contains(q2, '2026-06-30')).toBe(true);
    expect(contains(q2, '2026-03-31')).toBe(false);
    expect(contains(q2, '2026-07-01')).toBe(false);
  });

  test('a year overlaps its quarters, a quarter not the next one', () => {
    expect(overlaps(parsePeriod('2026')!, parsePeriod('2026Q2')!)).toBe(true);
    expect(overlaps(parsePeriod('2026Q1')!, parsePeriod('2026Q2')!)).toBe(false);
  });

  test('the periods sharing a day with a quarter: its year, its half, itself and its three months', () => {
    expect(periodsOverlapping(parsePeriod('2026Q2')!)).toEqual([
      '2026',
      '2026H1',
      '2026Q2',
      '2026-04',
      '2026-05',
      '2026-06',
    ]);
  });

  test('a month lies in one year, one half, one quarter; a year holds 19 periods', () => {
    expect(periodsOverlapping(parsePeriod('2026-11')!)).toEqual([
      '2026',
      '2026H2',
      '2026Q4',
      '2026-11',
    ]);
    expect(periodsOverlapping(parsePeriod('2026')!)).toHaveLength(1 + 2 + 4 + 12);
  });

  test('the one grammar: a year, both halves, all four quarters, all twelve months', () => {
    const accepted = [
      '2026',
      '2026H1',
      '2026H2',
      '2026Q1',
      '2026Q2',
      '2026Q3',
      '2026Q4',
      '2026-01',
      '2026-02',
      '2026-03',
      '2026-04',
      '2026-05',
      '2026-06',
      '2026-07',
      '2026-08',
      '2026-09',
      '2026-10',
      '2026-11',
      '2026-12',
      '0000',
      '9999-12',
    ];
    for (const text of accepted) {
      expect(isPeriod(text)).toBe(true);
      expect(periodSchema.safeParse(text)).toEqual({ success: true, data: text });
      expect(parsePeriod(text)).not.toBeNull();
    }
    const rejected = [
      '26',
      '202',
      '20260',
      '2026H0',
      '2026H3',
      '2026h1',
      '2026Q0',
      '2026Q5',
      '2026q2',
      '2026-00',
      '2026-13',
      '2026-5',
      '2026-1',
      '2026-05-01',
      '2026 H1',
      'H1',
      'Q2',
      '上半年',
      '',
    ];
    for (const text of rejected) {
      expect(isPeriod(text)).toBe(false);
      expect(periodSchema.safeParse(text).success).toBe(false);
      expect(parsePeriod(text)).toBeNull();
    }
  });

  test('a request period is trimmed first; the bare check takes the text as written', () => {
    expect(periodSchema.safeParse(' 2026Q2 ')).toEqual({ success: true, data: '2026Q2' });
    expect(parsePeriod(' 2026Q2 ')).toEqual({ from: '2026-04-01', to: '2026-06-30' });
    expect(isPeriod(' 2026Q2 ')).toBe(false);
  });

  test('a month is only the month form', () => {
    for (const text of ['2026-01', '2026-09', '2026-10', '2026-12']) {
      expect(isMonth(text)).toBe(true);
      expect(monthSchema.safeParse(text).success).toBe(true);
    }
    for (const text of ['2026', '2026H1', '2026Q2', '2026-00', '2026-13', '2026-5']) {
      expect(isMonth(text)).toBe(false);
      expect(monthSchema.safeParse(text).success).toBe(false);
    }
  });
});
