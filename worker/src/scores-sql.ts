/**
 * The SQL of the score counts, as plain text: the Worker runs it on D1 and the bench on raw SQLite.
 * Placeholders: ?1 the scope (JSON array of unit codes, or a department code), ?2 the as-of date,
 * ?3/?4 the period's first and last day. Only current records count (docs/decisions/0007).
 */
import type { GroupBy } from '../../shared/scores.ts';

// The counts of `CaseCounts` in SQL, over rows `t` that carry the group key `k`, the due dates,
// the resolution `res` and the first reply `reply` as of ?2 (a resolution counts as a reply; a
// rating counts once the case has a reply). Keep in step with `countCase` in shared/scores.ts —
// the equality test in scores.test.ts fails when they part.
const COUNTS = `
  count(*) AS intake,
  coalesce(sum(reply_due <= ?2 OR reply IS NOT NULL), 0) AS replyDue,
  coalesce(sum(reply IS NOT NULL AND reply <= reply_due), 0) AS repliedOnTime,
  coalesce(sum(resolution_due <= ?2 OR res IS NOT NULL), 0) AS resolutionDue,
  coalesce(sum(res IS NOT NULL AND res <= resolution_due), 0) AS resolvedOnTime,
  coalesce(sum(res IS NOT NULL), 0) AS closed,
  coalesce(sum(reply IS NOT NULL AND satisfaction = '满意'), 0) AS satisfied,
  coalesce(sum(reply IS NOT NULL AND satisfaction = '基本满意'), 0) AS basicSatisfied,
  coalesce(sum(reply IS NOT NULL AND satisfaction = '不满意'), 0) AS dissatisfied`;

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

/**
 * Counts per group key in one scan. Every case has one key (NULL when it belongs to no group), so
 * the total is the sum of all rows and the groups are the rows with a key.
 */
export function countsSql(scope: string, key: string): string {
  return `
    WITH s AS (
      SELECT ${key} AS k, c.reply_due, c.resolution_due, c.satisfaction,
             CASE WHEN c.resolved_on <= ?2 THEN c.resolved_on END AS res,
             CASE WHEN c.replied_on <= ?2 THEN c.replied_on END AS rep
        FROM cases c
       WHERE ${scope} AND c.current = 1 AND c.received_on <= ?2 AND c.received_on BETWEEN ?3 AND ?4
    ), t AS (
      SELECT *, CASE WHEN rep IS NOT NULL AND (res IS NULL OR rep < res) THEN rep ELSE res END AS reply
        FROM s
    )
    SELECT k, ${COUNTS} FROM t GROUP BY k`;
}
