/**
 * The SQL of the score counts, as plain text: the Worker runs it on D1 and the bench on raw SQLite.
 * Placeholders: ?1 the scope (JSON array of unit codes, or a department code), ?2 the as-of date,
 * ?3/?4 the period's first and last day. Only current records count (docs/decisions/0007).
 */
import type { Clock, GroupBy } from '../../shared/scores.ts';

// The counts of `CaseCounts` in SQL, over rows `t` that carry the group key `k`, the due dates,
// the resolution `res`, the first reply `reply` and the rating `rated` as of ?2 (a resolution counts
// as a reply; a rating counts once dated by ?2; a counted 不满意 reopens the case: not closed, and in
// the on-time set only once `reopen_due` has passed, as late; on the unit's clock a case `handed`
// to a department in time is out of the on-time set). Keep in step with `countCase` in
// shared/scores.ts — the equality test in scores.test.ts fails when they part.
const COUNTS = `
  count(*) AS intake,
  coalesce(sum(reply_due <= ?2 OR reply IS NOT NULL), 0) AS replyDue,
  coalesce(sum(reply IS NOT NULL AND reply <= reply_due), 0) AS repliedOnTime,
  coalesce(sum(CASE WHEN handed THEN 0 WHEN reopened THEN reopen_due <= ?2
                    ELSE resolution_due <= ?2 OR res IS NOT NULL END), 0) AS resolutionDue,
  coalesce(sum(NOT handed AND NOT reopened AND res IS NOT NULL AND res <= resolution_due), 0)
    AS resolvedOnTime,
  coalesce(sum(NOT reopened AND res IS NOT NULL), 0) AS closed,
  coalesce(sum(rated = '满意'), 0) AS satisfied,
  coalesce(sum(rated = '基本满意'), 0) AS basicSatisfied,
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
const FIRST_DISPATCH = 'coalesce(c.first_dispatched_on, c.dispatched_on)';
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
  return `
    WITH s AS (
      SELECT ${key} AS k, ${DUE[clock]}, c.reopen_due,
             CASE WHEN c.resolved_on <= ?2 THEN c.resolved_on END AS res,
             CASE WHEN c.replied_on <= ?2 THEN c.replied_on END AS rep,
             CASE WHEN c.satisfaction IN ('满意', '基本满意', '不满意')
                   AND coalesce(c.revisit_on, c.resolved_on, c.replied_on, c.received_on) <= ?2
                  THEN c.satisfaction END AS rated
        FROM cases c
       WHERE ${inScope(scope)} AND c.stepped = 0
    ), t AS (
      SELECT *, CASE WHEN rep IS NOT NULL AND (res IS NULL OR rep < res) THEN rep ELSE res END AS reply,
             coalesce(rated = '不满意', 0) AS reopened
        FROM s
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
