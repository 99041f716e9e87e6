/**
 * Assessment periods: a year `2026`, a half `2026H1`, a quarter `2026Q2` or a month `2026-05`.
 * The grammar is written here once; requests, ledger fields and the CLI check it through these.
 */
import { z } from 'zod';

export interface DateRange {
  /** First day, ISO. */
  from: string;
  /** Last day, ISO (inclusive). */
  to: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
const lastDayOf = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();
const months = (year: number, first: number, last: number): DateRange => ({
  from: `${year}-${pad(first)}-01`,
  to: `${year}-${pad(last)}-${pad(lastDayOf(year, last))}`,
});

const PERIOD = /^(\d{4})(?:H([12])|Q([1-4])|-(0[1-9]|1[0-2]))?$/;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** What a period may be, for messages. */
export const PERIOD_FORMS = '2026, 2026H1, 2026Q2 or 2026-05';

/** The days a period covers, or `null` when the text is not a period. */
export function parsePeriod(period: string): DateRange | null {
  const m = PERIOD.exec(period.trim());
  if (!m) return null;
  const year = Number(m[1]);
  if (m[2]) return m[2] === '1' ? months(year, 1, 6) : months(year, 7, 12);
  if (m[3]) {
    const first = (Number(m[3]) - 1) * 3 + 1;
    return months(year, first, first + 2);
  }
  if (m[4]) return months(year, Number(m[4]), Number(m[4]));
  return months(year, 1, 12);
}

/** True when the text (as written, untrimmed) is a period. */
export function isPeriod(text: string): boolean {
  return PERIOD.test(text);
}

/** True when the text is a month period, `2026-05`. */
export function isMonth(text: string): boolean {
  return MONTH.test(text);
}

/** A period in a request or a field: trimmed, then one of the four forms. */
export const periodSchema = z.string().trim().refine(isPeriod, `a period: ${PERIOD_FORMS}`);

/** A month in a request, `2026-05`. */
export const monthSchema = z.string().trim().refine(isMonth, 'a month: 2026-05');

/** True when the ISO date lies within the range, both ends included. */
export function contains(range: DateRange, date: string): boolean {
  return date >= range.from && date <= range.to;
}

/** True when two ranges share at least one day (an evaluation of `2026` counts for `2026Q2`). */
export function overlaps(a: DateRange, b: DateRange): boolean {
  return a.from <= b.to && b.from <= a.to;
}

/**
 * Every period — year, halves, quarters, months — that shares a day with the range: the periods
 * whose evaluations count for it (an evaluation of `2026` counts for `2026Q2`, and one of
 * `2026-05` for `2026`).
 */
export function periodsOverlapping(range: DateRange): string[] {
  const periods: string[] = [];
  for (let year = Number(range.from.slice(0, 4)); year <= Number(range.to.slice(0, 4)); year++) {
    const candidates = [
      `${year}`,
      `${year}H1`,
      `${year}H2`,
      ...[1, 2, 3, 4].map((q) => `${year}Q${q}`),
      ...Array.from({ length: 12 }, (_, m) => `${year}-${pad(m + 1)}`),
    ];
    for (const period of candidates)
      if (overlaps(parsePeriod(period)!, range)) periods.push(period);
  }
  return periods;
}
