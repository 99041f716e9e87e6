/**
 * The stored rows of the cases an explanation lists (docs/decisions/0014): found by submitting
 * unit and case number among the current records, for the reporter's name (masked as the viewer
 * may see it, decision 0005), the category and the id that links to the case.
 */
import type { RecordRow } from './records.ts';

/** The current case rows of `refs` (`[unit, caseNo]` pairs), keyed `unit|caseNo`. */
export async function loadExplainedCases(
  db: D1Database,
  refs: readonly [string, string][],
): Promise<Map<string, RecordRow>> {
  const found = new Map<string, RecordRow>();
  // One JSON parameter per chunk (D1 binds at most 100 values and 100 KB per statement).
  const chunks: [string, string][][] = [];
  for (let at = 0; at < refs.length; at += 2000) chunks.push(refs.slice(at, at + 2000));
  if (chunks.length === 0) return found;
  const results = await db.batch<RecordRow>(
    chunks.map((chunk) =>
      db
        .prepare(
          `SELECT * FROM cases WHERE current = 1 AND (unit, case_no) IN
             (SELECT value ->> '$[0]', value ->> '$[1]' FROM json_each(?1))`,
        )
        .bind(JSON.stringify(chunk)),
    ),
  );
  for (const { results: rows } of results) {
    for (const row of rows) found.set(`${row.unit}|${row.case_no}`, row);
  }
  return found;
}
