/**
 * `minqing calendar import FILE --server URL --user CODE [--password-stdin]`
 * A district admin loads a year's holiday schedule in one step: a CSV of `date,kind` lines (kind
 * `holiday` or `workday`, an optional `date,kind` header) replaces the schedule of every year it
 * names; the server recomputes each case due in those years and re-derives its climbs
 * (docs/decisions/0011). The password comes from standard input or `MINQING_PASSWORD`.
 * Exit code 0, 1 when the server refuses, or 2 for a usage or file error.
 */
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { type CalendarDayKind, calendarImport, parseCalendarCsv } from '../shared/calendar.ts';
import { type Locale, message } from '../shared/i18n.ts';
import { ApiError, SIGN_IN_OPTIONS, signInForCommand } from './api.ts';
import { type CliIO, localeOf, UsageError } from './io.ts';
import USAGE from './usage.json' with { type: 'json' };

/** The days of a `date,kind` CSV file; a malformed line is a usage error. */
export function readCalendarCsv(file: string): { date: string; kind: CalendarDayKind }[] {
  if (!existsSync(file)) throw new UsageError('CLI_CALENDAR_NOT_FOUND', { file });
  const { days, bad } = parseCalendarCsv(readFileSync(file, 'utf8'));
  if (bad) {
    throw new UsageError('CLI_CALENDAR_BAD_LINE', { file, line: bad.line, text: bad.text });
  }
  return days;
}

/**
 * The stderr note for figures that rest on due dates counted on weekends alone: their years'
 * holiday schedules are not loaded, so nobody mistakes them for checked ones.
 */
export function calendarGapNote(years: readonly number[], locale: Locale): string | null {
  if (years.length === 0) return null;
  const list = years.join(message('CLI_LIST_SEPARATOR', {}, locale));
  return message('CLI_CALENDAR_GAP', { years: list }, locale);
}

export async function run(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      ...SIGN_IN_OPTIONS,
    },
  });
  const [action, file, ...rest] = positionals;
  if (action !== 'import' || !file || rest.length > 0 || !values.server || !values.user) {
    throw new UsageError('CLI_USAGE', { usage: USAGE.calendar });
  }
  const days = readCalendarCsv(file);
  if (days.length === 0) throw new UsageError('CLI_CALENDAR_EMPTY', { file });
  const body = calendarImport(days);
  const api = await signInForCommand(values.server, values.user, values['password-stdin'], io);
  try {
    const result = await api.importCalendar(body);
    io.stdout(
      message(
        'CLI_CALENDAR_IMPORTED',
        {
          years: body.years.join(message('CLI_LIST_SEPARATOR', {}, localeOf(io))),
          holidays: body.holidays.length,
          workdays: body.workdays.length,
          recomputed: result.recomputed,
        },
        localeOf(io),
      ),
    );
    return 0;
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    io.stderr(message('CLI_CALENDAR_IMPORT_FAILED', { reason: error.message }, localeOf(io)));
    return 1;
  }
}
