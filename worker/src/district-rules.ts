/**
 * The district's rule data in D1: its settings (one row per district), its working-day calendar
 * (`calendar_days`) and the due-date columns of its cases, which follow from both. Scores count
 * over those columns in SQL, so the writes that leave them empty fill them (a submission, an edit,
 * a return; after a change of the settings or the calendar, all of them) — a read never writes
 * (docs/decisions/0012).
 */
import { type Calendar, makeCalendar } from '../../shared/calendar.ts';
import { dueDates } from '../../shared/escalation.ts';
import type { OrgTree } from '../../shared/org.ts';
import { dispatchDueDates, dueDateCache } from '../../shared/scores.ts';
import { DEFAULT_SETTINGS, type DistrictSettings, resolveSettings } from '../../shared/settings.ts';
import {
  defaultYearSettings,
  resolveYearSettings,
  type YearSettings,
} from '../../shared/year-settings.ts';
import { fail } from './errors.ts';
import { calendarGapsSql, UNLOADED_DUE_SQL, unloadedSpans } from './scores-sql.ts';

/** The district a unit belongs to (decision 0002: one per database). */
export function districtOf(org: OrgTree, unit: string): string {
  return org.districtOf(unit)?.code ?? fail(404, 'UNIT_NOT_FOUND', { unit });
}

const SETTINGS_SQL = 'SELECT data FROM settings WHERE district = ?1';

/** The district's settings from its stored row: the stored patch over the defaults. */
function settingsOf(row: { data: string } | null | undefined): DistrictSettings {
  if (!row) return DEFAULT_SETTINGS;
  try {
    return resolveSettings(JSON.parse(row.data));
  } catch {
    // A row written by an older version that no longer validates: the defaults, not a 500.
    return DEFAULT_SETTINGS;
  }
}

/** The district's settings: the stored patch over the defaults. */
export async function loadSettings(db: D1Database, district: string): Promise<DistrictSettings> {
  return settingsOf(await db.prepare(SETTINGS_SQL).bind(district).first<{ data: string }>());
}

/** A year's settings: the stored ones, else the defaults over the district's current weights. */
export async function loadYearSettings(
  db: D1Database,
  district: string,
  year: number,
  current?: DistrictSettings,
): Promise<YearSettings> {
  const base = defaultYearSettings(current ?? (await loadSettings(db, district)));
  const row = await db
    .prepare('SELECT data FROM assessment_settings WHERE district = ?1 AND year = ?2')
    .bind(district, year)
    .first<{ data: string }>();
  if (!row) return base;
  try {
    return resolveYearSettings(JSON.parse(row.data), base);
  } catch {
    return base;
  }
}

export interface CalendarDay {
  date: string;
  kind: 'holiday' | 'workday';
  name: string | null;
}

const CALENDAR_DAYS_SQL = 'SELECT date, kind, name FROM calendar_days ORDER BY date';
const CALENDAR_YEARS_SQL = 'SELECT year FROM calendar_years ORDER BY year';

export async function loadCalendarDays(db: D1Database): Promise<CalendarDay[]> {
  return (await db.prepare(CALENDAR_DAYS_SQL).all<CalendarDay>()).results;
}

const yearsOf = (rows: readonly { year: number }[]) => new Set(rows.map((r) => r.year));

/** The years whose holiday schedule is loaded (docs/decisions/0011). */
export async function loadCalendarYears(db: D1Database): Promise<Set<number>> {
  return yearsOf((await db.prepare(CALENDAR_YEARS_SQL).all<{ year: number }>()).results);
}

/** The calendar's two reads, as statements of one batch (`calendarFrom` makes the calendar). */
function calendarStatements(db: D1Database) {
  return [db.prepare(CALENDAR_DAYS_SQL), db.prepare(CALENDAR_YEARS_SQL)] as const;
}

/** The calendar the results of `calendarStatements` make. */
function calendarFrom(daysRead: D1Result, yearsRead: D1Result): Calendar {
  const days = daysRead.results as CalendarDay[];
  return makeCalendar(
    days.filter((d) => d.kind === 'holiday').map((d) => d.date),
    days.filter((d) => d.kind === 'workday').map((d) => d.date),
    yearsOf(yearsRead.results as { year: number }[]),
  );
}

export async function loadCalendar(db: D1Database): Promise<Calendar> {
  const [days, years] = await db.batch([...calendarStatements(db)]);
  return calendarFrom(days!, years!);
}

/** A case's due dates as stored: from receipt, of a 不满意 round, and the sweep's current one. */
export const DUE_COLUMNS = ['reply_due', 'resolution_due', 'reopen_due', 'current_due'] as const;

/** SQL: true when a case row has a due date in a year without a loaded holiday schedule. */
export const CALENDAR_GAP_SQL = DUE_COLUMNS.map(
  (column) =>
    `(${column} IS NOT NULL AND CAST(substr(${column}, 1, 4) AS INTEGER) NOT IN (SELECT year FROM calendar_years))`,
).join(' OR ');

/**
 * The years without a loaded holiday schedule among the due dates that the figures of the cases
 * `where` selects count (a condition on `cases c`, its parameters bound in order): the
 * `calendarGaps` of a response.
 */
export async function calendarGapsOf(
  db: D1Database,
  where: string,
  ...params: unknown[]
): Promise<number[]> {
  // Most districts have every year of their due dates loaded: the look-ups over all cases say so,
  // and only otherwise are the scope's cases read for the years.
  const unloaded = unloadedSpans(await loadCalendarYears(db));
  const any = await db.prepare(UNLOADED_DUE_SQL).bind(JSON.stringify(unloaded)).first();
  if (!any) return [];
  const { results } = await db
    .prepare(calendarGapsSql(where))
    .bind(...params)
    .all<{ year: number }>();
  return results.map((r) => r.year);
}

/** Receipt dates per statement when filling due dates (each a small JSON parameter). */
const DATES_PER_STATEMENT = 400;

/**
 * The look-ups of `fillDueDates`: the cases without due dates, one statement per kind (most often
 * each finds nothing). A write's own batch may end with them, so that they read what it wrote
 * without a round trip of their own; `fillFound` then fills what they found.
 */
export function dueDateLookups(db: D1Database): D1PreparedStatement[] {
  return DUE_FILLS.map((fill) => db.prepare(fill.find));
}

/** Fills the due dates the look-ups found (`found`: their results, in order), in one batch. */
export async function fillFound(
  db: D1Database,
  rules: DueRules,
  found: readonly D1Result[],
): Promise<number> {
  const updates = DUE_FILLS.flatMap((fill, i) =>
    updatesByDate(db, found[i]!.results as never[], fill.row(rules), fill.update),
  );
  if (updates.length === 0) return 0;
  const done = await db.batch(updates);
  return done.reduce((sum, r) => sum + (r.meta.changes ?? 0), 0);
}

/**
 * Fills `reply_due`, `resolution_due` and (for 不满意 cases) `reopen_due` of the cases that have
 * none (new cases, or all of them after `resetDueDates`), and the department's due dates of the
 * dispatched ones: the three look-ups in one batch, then every update they call for in another,
 * one statement per few hundred dates.
 */
export async function fillDueDates(
  db: D1Database,
  settings: DistrictSettings,
  calendar: Calendar,
): Promise<number> {
  return fillFound(db, { settings, calendar }, await db.batch(dueDateLookups(db)));
}

/** What a due date is counted by: the district's settings and the calendar. */
export type DueRules = { settings: DistrictSettings; calendar: Calendar };

/**
 * The reads of the due-date rules of every district, for a batch that may read the organisation
 * too: all the settings rows (one per district) and the calendar. `dueRulesFrom` their results
 * gives the rules of a unit's district.
 */
export const dueRulesStatements = (db: D1Database) =>
  [db.prepare('SELECT district, data FROM settings'), ...calendarStatements(db)] as const;

export function dueRulesFrom([settings, days, years]: readonly D1Result[]): (
  org: OrgTree,
  unit: string,
) => DueRules {
  const rows = settings!.results as { district: string; data: string }[];
  const calendar = calendarFrom(days!, years!);
  return (org, unit) => {
    const district = districtOf(org, unit);
    return { settings: settingsOf(rows.find((row) => row.district === district)), calendar };
  };
}

/** The due-date rules of `unit`'s district: the settings and the calendar, one batch of reads. */
export async function loadDueRules(db: D1Database, org: OrgTree, unit: string): Promise<DueRules> {
  return dueRulesFrom(await db.batch([...dueRulesStatements(db)]))(org, unit);
}

/** After a write to the cases of `unit`'s district: fills the due dates it left empty. */
export async function fillDueDatesAfterWrite(
  db: D1Database,
  org: OrgTree,
  unit: string,
): Promise<void> {
  const { settings, calendar } = await loadDueRules(db, org, unit);
  await fillDueDates(db, settings, calendar);
}

/**
 * One kind of due date to fill: `find` reads the distinct dates of the cases without it, `row`
 * gives each date's due dates, and `update` (reading those rows as the JSON parameter `?1`) sets
 * them — one join, not a scan of the dates per case row.
 */
interface DueFill<T> {
  find: string;
  row: (rules: DueRules) => (found: T) => Record<string, unknown>;
  update: string;
}

/** The statements of `update` over the rows of `dates`, a few hundred dates each. */
function updatesByDate<T>(
  db: D1Database,
  dates: readonly T[],
  row: (date: T) => Record<string, unknown>,
  update: string,
): D1PreparedStatement[] {
  const statements: D1PreparedStatement[] = [];
  for (let i = 0; i < dates.length; i += DATES_PER_STATEMENT) {
    const table = dates.slice(i, i + DATES_PER_STATEMENT).map(row);
    statements.push(db.prepare(update).bind(JSON.stringify(table)));
  }
  return statements;
}

/** The department's due dates of the dispatched cases that have none (from the dispatch). */
const DISPATCH_FILL: DueFill<{ d: string; e: number }> = {
  find: `SELECT DISTINCT dispatched_on AS d, coalesce(extension_days, 0) AS e FROM cases
          WHERE dispatched_on IS NOT NULL AND dispatch_resolution_due IS NULL`,
  row:
    ({ settings, calendar }) =>
    ({ d, e }) => {
      const due = dispatchDueDates(d, e, settings, calendar);
      return { d, e, r: due.replyDue, s: due.resolutionDue };
    },
  update: `UPDATE cases SET dispatch_reply_due = u.r, dispatch_resolution_due = u.s
             FROM (SELECT value ->> 'd' AS d, value ->> 'e' AS e, value ->> 'r' AS r,
                          value ->> 's' AS s FROM json_each(?1)) AS u
            WHERE cases.dispatch_resolution_due IS NULL AND cases.dispatched_on = u.d
              AND coalesce(cases.extension_days, 0) = u.e`,
};

// The empty ones found as their index has them: by year (migration 0058).
const RECEIPT_UNFILLED = 'substr(cases.resolution_due, 1, 4) IS NULL';
/** The due dates counted from receipt (both always set together). */
const RECEIPT_FILL: DueFill<{ d: string }> = {
  find: `SELECT DISTINCT received_on AS d FROM cases WHERE ${RECEIPT_UNFILLED}`,
  row:
    ({ settings, calendar }) =>
    ({ d }) => {
      const due = dueDates(d, settings, calendar);
      return { d, r: due.replyDue, s: due.resolutionDue };
    },
  update: `UPDATE cases SET reply_due = u.r, resolution_due = u.s
             FROM (SELECT value ->> 'd' AS d, value ->> 'r' AS r, value ->> 's' AS s
                     FROM json_each(?1)) AS u
            WHERE ${RECEIPT_UNFILLED} AND cases.received_on = u.d`,
};

// The date a case's rating is dated by (as `ratingDateOf` in shared/escalation.ts).
const RATED_ON = 'coalesce(revisit_on, resolved_on, replied_on, received_on)';

/** `reopen_due` of the 不满意 cases that have none: one period after the rating's date. */
const REOPEN_FILL: DueFill<{ d: string }> = {
  find: `SELECT DISTINCT ${RATED_ON} AS d FROM cases WHERE satisfaction = '不满意' AND reopen_due IS NULL`,
  row: ({ settings, calendar }) => {
    const { reopenDue } = dueDateCache(settings, calendar);
    return ({ d }) => ({ d, s: reopenDue(d) });
  },
  update: `UPDATE cases SET reopen_due = u.s
             FROM (SELECT value ->> 'd' AS d, value ->> 's' AS s FROM json_each(?1)) AS u
            WHERE cases.satisfaction = '不满意' AND cases.reopen_due IS NULL
              AND coalesce(cases.revisit_on, cases.resolved_on, cases.replied_on,
                           cases.received_on) = u.d`,
};

/** Clears every due date (after the settings or the calendar changed); refill with `fillDueDates`. */
export function resetDueDatesStatement(db: D1Database): D1PreparedStatement {
  return db.prepare(
    `UPDATE cases SET reply_due = NULL, resolution_due = NULL, reopen_due = NULL,
                      dispatch_reply_due = NULL, dispatch_resolution_due = NULL`,
  );
}

/** The three kinds of due date to fill, in the order of their look-ups (their plans are tested). */
export const DUE_FILLS = [RECEIPT_FILL, REOPEN_FILL, DISPATCH_FILL] as DueFill<never>[];
