/** The working-day calendar's writes: a district admin's import of whole years (docs/decisions/0011). */
import { DUE_COLUMNS } from './district-rules.ts';

/** One day of an import: a statutory holiday or a weekend make-up working day (调休). */
export interface CalendarImportDay {
  date: string;
  kind: 'holiday' | 'workday';
  name?: string | null;
}

/**
 * The current cases whose due dates an import of these years may move: those with one in the years
 * (a holiday only moves a date within its own year, or counts forward into it).
 */
export async function casesDueIn(db: D1Database, years: readonly number[]): Promise<number[]> {
  const { results } = await db
    .prepare(
      `SELECT id FROM case_rows WHERE current = 1 AND (${DUE_COLUMNS.map(
        (column) => `substr(${column}, 1, 4) IN (SELECT value FROM json_each(?1))`,
      ).join(' OR ')})`,
    )
    .bind(JSON.stringify(years.map(String)))
    .all<{ id: number }>();
  return results.map((r) => r.id);
}

/**
 * The statements that replace the schedule of these years by `days` and mark the years loaded:
 * every day of them not listed becomes an ordinary day. For the caller's batch.
 */
export function importCalendarStatements(
  db: D1Database,
  years: readonly number[],
  days: readonly CalendarImportDay[],
  by: { at: string; username: string },
): D1PreparedStatement[] {
  return [
    db
      .prepare(
        'DELETE FROM calendar_days WHERE substr(date, 1, 4) IN (SELECT value FROM json_each(?1))',
      )
      .bind(JSON.stringify(years.map(String))),
    db
      .prepare(
        `INSERT INTO calendar_days (date, kind, name, updated_at, updated_by)
         SELECT value ->> 'date', value ->> 'kind', value ->> 'name', ?2, ?3 FROM json_each(?1)`,
      )
      .bind(JSON.stringify(days), by.at, by.username),
    db
      .prepare(
        `INSERT OR REPLACE INTO calendar_years (year, loaded_at, loaded_by)
         SELECT value, ?2, ?3 FROM json_each(?1)`,
      )
      .bind(JSON.stringify(years), by.at, by.username),
  ];
}
