/**
 * The SQL of the score counts, as plain text: the Worker runs it on D1 and the bench on raw SQLite.
 * Placeholders: ?1 the scope (JSON array of unit codes, or a department code), ?2 the as-of date,
 * ?3/?4 the period's first and last day. Only current records count (docs/decisions/0007).
 */
import type { Clock, GroupBy } from '../../shared/scores.ts';

// Per-case values the counts read, as the score index (migration 0030) stores them: the first
// reply (a resolution counts as a reply), the date a rating is dated by (as `ratingDateOf` in
// shared/escalation.ts) and the first dispatch. SQLite reads an indexed expression only when the
// query's is the same, so these must stay exactly the migration's (a test checks the plan).
export const REPLY_ON =
  'min(coalesce(c.replied_on, c.resolved_on), coalesce(c.resolved_on, c.replied_on))';
export const RATED_ON = 'coalesce(c.revisit_on, c.resolved_on, c.replied_on, c.received_on)';
export const FIRST_DISPATCH = 'coalesce(c.first_dispatched_on, c.dispatched_on)';

// The counts of `CaseCounts` in SQL, over rows `t` that carry the group key `k`, the due dates,
// the first reply `reply_on`, the resolution, the rating and its date (a reply, resolution or
// rating counts once dated by ?2; a counted 不满意 reopens the case: not closed, and in the on-time
// set only once `reopen_due` has passed, as late; on the unit's clock a case `handed` to a
// department in time is out of the on-time set). Keep in step with `countCase` in
// shared/scores.ts — the equality test in scores.test.ts fails when they part.
const COUNTS = `
  count(*) AS intake,
  coalesce(sum(reply_due <= ?2 OR reply_on <= ?2), 0) AS replyDue,
  coalesce(sum(reply_on <= ?2 AND reply_on <= reply_due), 0) AS repliedOnTime,
  coalesce(sum(CASE WHEN handed THEN 0 WHEN reopened THEN reopen_due <= ?2
                    ELSE resolution_due <= ?2 OR resolved_on <= ?2 END), 0) AS resolutionDue,
  coalesce(sum(NOT handed AND NOT reopened AND resolved_on <= ?2 AND resolved_on <= resolution_due),
           0) AS resolvedOnTime,
  coalesce(sum(NOT reopened AND resolved_on <= ?2), 0) AS closed,
  coalesce(sum(satisfaction = '满意' AND rated_on <= ?2), 0) AS satisfied,
  coalesce(sum(satisfaction = '基本满意' AND rated_on <= ?2), 0) AS basicSatisfied,
  coalesce(sum(reopened), 0) AS dissatisfied`;

/**
 * The group key of each grouping. Children are counted per residential area and the areas' counts
 * summed per child unit by the caller (counts add up; a join on a JSON map per row would not scale).
 */
export const GROUP_KEY: Record<GroupBy, string> = {
  // The owner is the case's area, or the submitting unit when the sheet names no area.
  children: 'c.owner_unit',
  area: 'c.owner_unit',
  department: 'coalesce(c.assignee_unit, c.assignee)',
  cadre: 'c.first_receiver',
};

// The due dates on each clock (as `dueOn` in shared/scores.ts), and whether a case is `handed` to
// a department in time (`dispatchedInTime`).
const DUE: Record<Clock, string> = {
  unit: `c.reply_due, c.resolution_due,
         coalesce(${FIRST_DISPATCH} <= ?2 AND ${FIRST_DISPATCH} <= c.resolution_due, 0) AS handed`,
  department: `CASE WHEN c.dispatched_on IS NULL THEN c.reply_due ELSE c.dispatch_reply_due END
                 AS reply_due,
               CASE WHEN c.dispatched_on IS NULL THEN c.resolution_due
                    ELSE c.dispatch_resolution_due END AS resolution_due,
               0 AS handed`,
};

/** The cases of a scope and period as of ?2 (see `countsSql` for the placeholders). */
export const inScope = (scope: string) =>
  `${scope} AND c.current = 1 AND c.received_on <= ?2 AND c.received_on BETWEEN ?3 AND ?4`;

/**
 * Counts per group key in one scan of the cases without stored steps (those with steps are counted
 * by `steppedCasesSql` and the shared walk). Every case has one key (NULL when it belongs to no
 * group), so the total is the sum of all rows and the groups are the rows with a key.
 */
export function countsSql(scope: string, key: string, clock: Clock = 'unit'): string {
  // One level over the index's columns: every value a count reads is stored or a comparison.
  return `
    WITH t AS (
      SELECT ${key} AS k, ${DUE[clock]}, c.reopen_due, ${REPLY_ON} AS reply_on, c.resolved_on,
             c.satisfaction, ${RATED_ON} AS rated_on,
             c.satisfaction IS '不满意' AND ${RATED_ON} <= ?2 AS reopened
        FROM cases c
       WHERE ${inScope(scope)} AND c.stepped = 0
    )
    SELECT k, ${COUNTS} FROM t GROUP BY k`;
}

/** The cases with stored steps in a scope, as the shared walk reads them, with their group key. */
export function steppedCasesSql(scope: string, key: string): string {
  return `
    SELECT ${key} AS k, c.id, c.received_on AS receivedOn, c.replied_on AS repliedOn,
           c.resolved_on AS resolvedOn, c.revisit_on AS revisitOn, c.satisfaction,
           c.reply_due AS replyDue, c.resolution_due AS resolutionDue,
           c.dispatched_on AS dispatchedOn, c.first_dispatched_on AS firstDispatchedOn,
           c.extension_days AS extensionDays, c.dispatch_reply_due AS dispatchReplyDue,
           c.dispatch_resolution_due AS dispatchResolutionDue
      FROM cases c
     WHERE ${inScope(scope)} AND c.stepped = 1`;
}

/**
 * SQL: 1 when any case has a due date in one of the spans of ?1 (`unloadedSpans` as JSON: whole
 * years) — a few look-ups in the due-date indexes, however many cases there are (the dates
 * counted from receipt are indexed by their year, migration 0058).
 */
export const UNLOADED_DUE_SQL = `
  SELECT 1 AS hit FROM (SELECT value ->> '$[0]' AS lo, value ->> '$[1]' AS hi FROM json_each(?1))
   WHERE EXISTS (SELECT 1 FROM cases
                  WHERE substr(reply_due, 1, 4) BETWEEN substr(lo, 1, 4) AND substr(hi, 1, 4))
      OR EXISTS (SELECT 1 FROM cases
                  WHERE substr(resolution_due, 1, 4) BETWEEN substr(lo, 1, 4) AND substr(hi, 1, 4))
      OR EXISTS (SELECT 1 FROM cases WHERE reopen_due IS NOT NULL AND reopen_due BETWEEN lo AND hi)
   LIMIT 1`;

/**
 * SQL: the years without a loaded holiday schedule among the due dates of the cases `where` selects
 * (a condition on `cases c`). Reply and resolution due dates come from the score index; only the
 * 不满意 cases' rows are read for their round's due date.
 */
export const calendarGapsSql = (where: string) => `
  WITH due AS (
    SELECT DISTINCT substr(reply_due, 1, 4) AS a, substr(resolution_due, 1, 4) AS b
      FROM cases c WHERE ${where}
  ), reopened AS (
    SELECT DISTINCT substr(reopen_due, 1, 4) AS a
      FROM cases c WHERE ${where} AND c.satisfaction = '不满意'
  )
  SELECT DISTINCT CAST(y AS INTEGER) AS year
    FROM (SELECT a AS y FROM due UNION SELECT b FROM due UNION SELECT a FROM reopened)
   WHERE y IS NOT NULL AND CAST(y AS INTEGER) NOT IN (SELECT year FROM calendar_years)
   ORDER BY year`;

/**
 * The spans of days (first and last, ISO) of the years whose holiday schedule is not loaded: each
 * from a first of January to a 31 December.
 */
export function unloadedSpans(loaded: ReadonlySet<number>): [string, string][] {
  const spans: [string, string][] = [];
  let from = '0000-01-01';
  for (const year of [...loaded].sort((a, b) => a - b)) {
    const before = `${String(year - 1).padStart(4, '0')}-12-31`;
    if (from <= before) spans.push([from, before]);
    from = `${String(year + 1).padStart(4, '0')}-01-01`;
  }
  spans.push([from, '9999-12-31']);
  return spans;
}
