import { describe, expect, test } from 'vitest';
import {
  addDays,
  calendarGapYears,
  calendarImport,
  dayNumber,
  daysBetween,
  deadline,
  isoOfDay,
  isWorkingDay,
  makeCalendar,
  parseCalendarCsv,
  seedCalendar,
  shiftDays,
  todayInChina,
} from './calendar.ts';

const calendar = seedCalendar();

describe('working days', () => {
  test('weekdays work, weekends rest, holidays rest, 调休 Saturdays work', () => {
    expect(isWorkingDay('2026-05-06', calendar)).toBe(true); // Wednesday
    expect(isWorkingDay('2026-05-16', calendar)).toBe(false); // Saturday
    expect(isWorkingDay('2026-05-04', calendar)).toBe(false); // Monday, 劳动节
    expect(isWorkingDay('2026-05-09', calendar)).toBe(true); // Saturday, 调休
    expect(isWorkingDay('2026-10-01', calendar)).toBe(false); // 国庆节
  });

  test('the seed holds the official 2026 schedule: 33 holidays and 6 make-up days', () => {
    const in2026 = (dates: Set<string>) => [...dates].filter((d) => d.startsWith('2026')).length;
    expect(in2026(calendar.holidays)).toBe(33);
    expect(in2026(calendar.workdays)).toBe(6);
    expect(calendar.holidays.has('2025-01-28')).toBe(true); // 2025 春节
    expect(calendar.workdays.has('2025-01-26')).toBe(true); // 2025 调休 Sunday
  });
});

describe('adding days', () => {
  test('calendar mode counts every day, across months and years', () => {
    expect(addDays('2026-01-25', 7, 'calendar', calendar)).toBe('2026-02-01');
    expect(addDays('2025-12-31', 1, 'calendar', calendar)).toBe('2026-01-01');
    expect(addDays('2026-02-20', 30, 'calendar', calendar)).toBe('2026-03-22');
    expect(shiftDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(daysBetween('2026-01-01', '2026-12-31')).toBe(364);
  });

  test('working mode skips a weekend', () => {
    // Friday 2026-03-06 + 1 working day → Monday 2026-03-09.
    expect(addDays('2026-03-06', 1, 'working', calendar)).toBe('2026-03-09');
    // Monday 2026-03-09 + 7 working days → Wednesday 2026-03-18.
    expect(addDays('2026-03-09', 7, 'working', calendar)).toBe('2026-03-18');
  });

  test('working mode skips the 劳动节 holiday and counts the 调休 Saturday', () => {
    // Wed 04-29 +1 → Thu 04-30; +2 → (05-01…05-05 off) Wed 05-06; 05-09 Saturday is worked.
    expect(addDays('2026-04-29', 1, 'working', calendar)).toBe('2026-04-30');
    expect(addDays('2026-04-29', 2, 'working', calendar)).toBe('2026-05-06');
    // 05-06 Wed, 05-07 Thu, 05-08 Fri, 05-09 Sat (调休) → 4th working day after 05-05 is 05-09.
    expect(addDays('2026-05-05', 4, 'working', calendar)).toBe('2026-05-09');
  });

  test('working mode across 春节 2026: nine days off, two 调休 Saturdays', () => {
    // Fri 02-13 + 1 → Sat 02-14 (调休); + 2 → Tue 02-24 (02-15…02-23 off).
    expect(addDays('2026-02-13', 1, 'working', calendar)).toBe('2026-02-14');
    expect(addDays('2026-02-13', 2, 'working', calendar)).toBe('2026-02-24');
  });

  test('zero days is the day itself; negative counts go back', () => {
    expect(addDays('2026-05-02', 0, 'working', calendar)).toBe('2026-05-02');
    expect(addDays('2026-05-06', -1, 'working', calendar)).toBe('2026-04-30');
  });
});

describe('deadlines', () => {
  test('a last day on a weekend or holiday moves to the next working day', () => {
    // Sat 2026-03-14 → Mon 03-16; 劳动节 Fri 05-01 → Wed 05-06.
    expect(deadline('2026-03-07', 7, 'calendar', calendar)).toBe('2026-03-16');
    expect(deadline('2026-04-24', 7, 'calendar', calendar)).toBe('2026-05-06');
  });

  test('a last day on a 调休 Saturday or a weekday stays', () => {
    expect(deadline('2026-05-02', 7, 'calendar', calendar)).toBe('2026-05-09');
    expect(deadline('2026-03-02', 7, 'calendar', calendar)).toBe('2026-03-09');
  });
});

describe('loaded holiday years', () => {
  test('the official schedules load 2025 and 2026; a 2027 due date is a gap', () => {
    const calendar = seedCalendar();
    expect([...calendar.years].sort()).toEqual([2025, 2026]);
    expect(calendarGapYears(['2026-12-31', '2027-01-04', null, '2027-02-01'], calendar)).toEqual([
      2027,
    ]);
    expect(calendarGapYears(['2025-06-03', '2026-12-31'], calendar)).toEqual([]);
  });

  test('an imported year counts as loaded, with its holidays honoured', () => {
    // 2027-01-01 is a Friday: counted on weekends alone it is a working day; once the 2027
    // schedule lists it as 元旦, a 7-day limit from Christmas Day 2026 moves to Monday 01-04.
    const before = seedCalendar();
    expect(deadline('2026-12-25', 7, 'calendar', before)).toBe('2027-01-01');
    const after = makeCalendar([...before.holidays, '2027-01-01'], before.workdays, [
      ...before.years,
      2027,
    ]);
    expect(calendarGapYears(['2027-01-04'], after)).toEqual([]);
    expect(deadline('2026-12-25', 7, 'calendar', after)).toBe('2027-01-04');
  });
});

describe('a year’s schedule from a CSV', () => {
  test('reads date,kind lines into the import of the years they name', () => {
    const { days, bad } = parseCalendarCsv(
      '\uFEFFdate,kind\r\n2027-01-01,holiday\r\n\r\n2027-02-07,workday\r\n',
    );
    expect(bad).toBeUndefined();
    expect(calendarImport(days)).toEqual({
      years: [2027],
      holidays: [{ date: '2027-01-01' }],
      workdays: [{ date: '2027-02-07' }],
    });
  });

  test('names the first line that is not a day of a known kind', () => {
    expect(parseCalendarCsv('2027-01-01,holiday\n2027-02-30,holiday').bad).toEqual({
      line: 2,
      text: '2027-02-30,holiday',
    });
    expect(parseCalendarCsv('2027-01-01,festival').bad?.line).toBe(1);
  });
});

describe('day numbers', () => {
  test('every day from 1900 to 2100 round-trips and agrees with Date', () => {
    const MS = 86_400_000;
    for (let day = Date.UTC(1900, 0, 1) / MS; day <= Date.UTC(2100, 11, 31) / MS; day++) {
      const iso = new Date(day * MS).toISOString().slice(0, 10);
      expect(isoOfDay(day)).toBe(iso);
      expect(dayNumber(iso)).toBe(day);
    }
  });

  test('known days: the epoch, a leap day, year 0000 and a day Date rolls over', () => {
    expect(dayNumber('1970-01-01')).toBe(0);
    expect(isoOfDay(0)).toBe('1970-01-01');
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2); // 2024 is a leap year
    expect(daysBetween('2100-02-28', '2100-03-01')).toBe(1); // 2100 is not
    expect(isoOfDay(dayNumber('0000-01-01'))).toBe('0000-01-01');
    expect(isoOfDay(dayNumber('2026-02-30'))).toBe('2026-03-02'); // as Date reads it
    expect(dayNumber('2026-13-01')).toBeNaN();
  });
});

describe('today in China', () => {
  test('the day turns at 16:00 UTC, midnight in Beijing', () => {
    expect(todayInChina(Date.parse('2026-05-03T15:59:59.999Z'))).toBe('2026-05-03');
    expect(todayInChina(Date.parse('2026-05-03T16:00:00Z'))).toBe('2026-05-04');
    expect(todayInChina(Date.parse('2026-12-31T16:00:00Z'))).toBe('2027-01-01');
    expect(todayInChina(Date.parse('2026-05-04T00:30:00+08:00'))).toBe('2026-05-04');
  });
});
