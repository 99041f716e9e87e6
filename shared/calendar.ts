/**
 * Working days and date arithmetic on ISO dates. A district counts its deadlines in calendar days
 * or in working days; working days skip weekends and statutory holidays but include the weekend
 * days worked in lieu of a holiday (调休), so both lists are data (docs/rules.md, Holiday years).
 */
import { HOLIDAYS, MAKEUP_WORKDAYS } from './calendar-data.ts';

export interface Calendar {
  /** Statutory holidays (ISO dates), weekend days inside a holiday included. */
  holidays: Set<string>;
  /** Weekend days that are working days (调休上班). */
  workdays: Set<string>;
  /**
   * The years whose holiday schedule is loaded. A date in any other year is counted on weekends
   * alone, and a due date there is flagged (docs/decisions/0011).
   */
  years: Set<number>;
}

export const DAY_MODES = ['calendar', 'working'] as const;
export type DayMode = (typeof DAY_MODES)[number];

const MS_PER_DAY = 86_400_000;

// The sweep turns dates into day numbers and back millions of times: plain arithmetic on the
// proleptic Gregorian calendar (the days-from-civil algorithm) instead of a Date each time. Anything
// that is not a plain YYYY-MM-DD in years 0000–9999 goes through Date as before, so every answer,
// the odd ones included (Date rolls 02-30 over to 03-02), stays what Date gives.
const DIGIT_AT = [0, 1, 2, 3, 5, 6, 8, 9];
const digit = (iso: string, i: number) => iso.charCodeAt(i) - 48;
const isPlainDate = (iso: string) =>
  iso.length === 10 &&
  iso.charCodeAt(4) === 45 &&
  iso.charCodeAt(7) === 45 &&
  DIGIT_AT.every((i) => digit(iso, i) >= 0 && digit(iso, i) <= 9);
const TWO_DIGITS = Array.from({ length: 32 }, (_, i) => String(i).padStart(2, '0'));

/** Days since 1970-01-01 of an ISO date (UTC, so no time zone shifts a day). */
export function dayNumber(iso: string): number {
  const month = digit(iso, 5) * 10 + digit(iso, 6);
  const day = digit(iso, 8) * 10 + digit(iso, 9);
  if (isPlainDate(iso) && month >= 1 && month <= 12 && day >= 1 && day <= 31) {
    const year =
      digit(iso, 0) * 1000 +
      digit(iso, 1) * 100 +
      digit(iso, 2) * 10 +
      digit(iso, 3) -
      (month <= 2 ? 1 : 0);
    const era = Math.floor(year / 400);
    const yearOfEra = year - era * 400;
    const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
    const dayOfEra =
      yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
    return era * 146_097 + dayOfEra - 719_468;
  }
  return Math.floor(Date.parse(`${iso}T00:00:00Z`) / MS_PER_DAY);
}

/** Day numbers of 0000-01-01 and 9999-12-31, the years a four-digit ISO date spells. */
const FIRST_DAY = -719_528;
const LAST_DAY = 2_932_896;

/** The ISO date of a day number. */
export function isoOfDay(day: number): string {
  if (!Number.isInteger(day) || day < FIRST_DAY || day > LAST_DAY) {
    return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
  }
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear =
    dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shifted = Math.floor((5 * dayOfYear + 2) / 153);
  const date = dayOfYear - Math.floor((153 * shifted + 2) / 5) + 1;
  const month = shifted < 10 ? shifted + 3 : shifted - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  const yyyy = year >= 1000 ? String(year) : String(year).padStart(4, '0');
  return `${yyyy}-${TWO_DIGITS[month]}-${TWO_DIGITS[date]}`;
}

/** China Standard Time is UTC+8 all year (no daylight saving). */
export const CHINA_OFFSET_MS = 8 * 3_600_000;

/** The day an instant (ms since the epoch) falls on in China Standard Time, ISO. */
export function chinaDateOf(ms: number): string {
  return new Date(ms + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** Today's date in China Standard Time: the day a clerk would write on the ledger. */
export function todayInChina(now: number = Date.now()): string {
  return chinaDateOf(now);
}

/** `date` moved by `n` calendar days. */
export function shiftDays(iso: string, n: number): string {
  return isoOfDay(dayNumber(iso) + n);
}

/** Calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

/** True on a working day: Monday to Friday unless a holiday, or a make-up weekend day. */
export function isWorkingDay(iso: string, calendar: Calendar): boolean {
  if (calendar.workdays.has(iso)) return true;
  if (calendar.holidays.has(iso)) return false;
  const weekday = (dayNumber(iso) + 4) % 7; // 1970-01-01 was a Thursday; 0 = Sunday
  return weekday !== 0 && weekday !== 6;
}

/**
 * `date` plus `n` days. In `working` mode the count skips days off and lands on a working day:
 * received on a Friday with 1 working day → the next Monday (or a 调休 Saturday when there is one).
 * `n = 0` is the date itself in both modes.
 */
export function addDays(iso: string, n: number, mode: DayMode, calendar: Calendar): string {
  if (mode === 'calendar' || n === 0) return shiftDays(iso, n);
  const step = n > 0 ? 1 : -1;
  let day = dayNumber(iso);
  for (let left = Math.abs(n); left > 0; ) {
    day += step;
    if (isWorkingDay(isoOfDay(day), calendar)) left--;
  }
  return isoOfDay(day);
}

/**
 * The last day of a time limit of `n` days from `from`. A last day that falls on a day off moves to
 * the next working day, as for every statutory period (民法典 第二百零三条); in working-day mode the
 * count already lands on a working day. A 调休 Saturday is a working day and stays.
 */
export function deadline(from: string, n: number, mode: DayMode, calendar: Calendar): string {
  let day = dayNumber(addDays(from, n, mode, calendar));
  while (!isWorkingDay(isoOfDay(day), calendar)) day++;
  return isoOfDay(day);
}

/**
 * A calendar from lists of dates (as stored in D1 or imported by a district admin). The loaded years
 * are those given, else the years the lists name (an imported year always lists its holidays).
 */
export function makeCalendar(
  holidays: Iterable<string>,
  workdays: Iterable<string>,
  years?: Iterable<number>,
): Calendar {
  const calendar = { holidays: new Set(holidays), workdays: new Set(workdays) };
  const named = [...calendar.holidays, ...calendar.workdays].map((d) => Number(d.slice(0, 4)));
  return { ...calendar, years: new Set(years ?? named) };
}

/**
 * The years, in order, of the given dates whose holiday schedule is not loaded: their due dates
 * were counted on weekends alone and must be flagged (docs/decisions/0011). Empty dates are skipped.
 */
export function calendarGapYears(
  dates: Iterable<string | null | undefined>,
  calendar: Pick<Calendar, 'years'>,
): number[] {
  const gaps = new Set<number>();
  for (const date of dates) {
    if (!date) continue;
    const year = Number(date.slice(0, 4));
    if (!calendar.years.has(year)) gaps.add(year);
  }
  return [...gaps].sort((a, b) => a - b);
}

/** The official 2025–2026 schedules (see `calendar-data.ts` for the source). */
export function seedCalendar(): Calendar {
  return makeCalendar(
    HOLIDAYS.map(([date]) => date),
    MAKEUP_WORKDAYS.map(([date]) => date),
  );
}

export type CalendarDayKind = 'holiday' | 'workday';

/**
 * A year's schedule as a district admin loads it: the `date,kind` lines of a CSV (kind `holiday` or
 * `workday`, an optional `date,kind` header, blank lines skipped). `bad` is the first line (1-based)
 * that is neither; the import is refused then.
 */
export function parseCalendarCsv(text: string): {
  days: { date: string; kind: CalendarDayKind }[];
  bad?: { line: number; text: string };
} {
  const days: { date: string; kind: CalendarDayKind }[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (const [index, line] of lines.entries()) {
    const [date = '', kind = ''] = line.split(',').map((cell) => cell.trim());
    if (date === '' || (index === 0 && date === 'date')) continue;
    const valid = /^\d{4}-\d{2}-\d{2}$/.test(date) && isoOfDay(dayNumber(date)) === date;
    if (!valid || (kind !== 'holiday' && kind !== 'workday')) {
      return { days, bad: { line: index + 1, text: line } };
    }
    days.push({ date, kind });
  }
  return { days };
}

/** The body of `PUT /api/calendar` for some days: every year they name is replaced and loaded. */
export function calendarImport(days: readonly { date: string; kind: CalendarDayKind }[]) {
  const pick = (kind: CalendarDayKind) =>
    days.filter((d) => d.kind === kind).map(({ date }) => ({ date }));
  return {
    years: [...new Set(days.map((d) => Number(d.date.slice(0, 4))))].sort((a, b) => a - b),
    holidays: pick('holiday'),
    workdays: pick('workday'),
  };
}
