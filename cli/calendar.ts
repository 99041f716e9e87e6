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
import { ApiError, SIGN_IN_OPTIONS, signInForCommand } from './api.ts';
import { type CliIO, UsageError } from './io.ts';
import USAGE from './usage.json' with { type: 'json' };

/** The days of a `date,kind` CSV file; a malformed line is a usage error. */
export function readCalendarCsv(file: string): { date: string; kind: CalendarDayKind }[] {
  if (!existsSync(file)) throw new UsageError(`找不到日历文件：${file}`);
  const { days, bad } = parseCalendarCsv(readFileSync(file, 'utf8'));
  if (bad) {
    throw new UsageError(
      `${file} 第 ${bad.line} 行应为「YYYY-MM-DD,holiday|workday」：${bad.text}`,
    );
  }
  return days;
}

/**
 * The stderr note for figures that rest on due dates counted on weekends alone: their years'
 * holiday schedules are not loaded, so nobody mistakes them for checked ones.
 */
export function calendarGapNote(years: readonly number[]): string | null {
  if (years.length === 0) return null;
  const list = years.join('、');
  return `注意：${list} 年的节假日安排未载入，这些年份的到期日只按周末推算（可用 --calendar 提供，或由区管理员用 minqing calendar import 导入）`;
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
    throw new UsageError(`用法：${USAGE.calendar}`);
  }
  const days = readCalendarCsv(file);
  if (days.length === 0) throw new UsageError(`${file} 中没有日期`);
  const body = calendarImport(days);
  const api = await signInForCommand(
    values.server,
    values.user,
    values['password-stdin'],
    io.stdin,
  );
  try {
    const result = await api.importCalendar(body);
    io.stdout(
      `已导入 ${body.years.join('、')} 年：节假日 ${body.holidays.length} 天，调休上班 ${body.workdays.length} 天；重算案件 ${result.recomputed} 件`,
    );
    return 0;
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    io.stderr(`导入失败：${error.message}`);
    return 1;
  }
}
