/** The district's rule settings and its assessment years' settings, as an admin saves them. */
import type { DistrictSettings } from '../../shared/settings.ts';
import type { YearSettings } from '../../shared/year-settings.ts';
import { nowIso } from './db.ts';

/** Saves the district's settings whole (read back by `loadSettings`), for the caller's batch. */
export function saveSettingsStatement(
  db: D1Database,
  district: string,
  settings: DistrictSettings,
  by: string,
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO settings (district, data, updated_at, updated_by) VALUES (?1, ?2, ?3, ?4)
       ON CONFLICT (district) DO UPDATE SET data = ?2, updated_at = ?3, updated_by = ?4`,
    )
    .bind(district, JSON.stringify(settings), nowIso(), by);
}

/** Saves one assessment year's settings whole (read back by `loadYearSettings`). */
export function saveYearSettingsStatement(
  db: D1Database,
  district: string,
  year: number,
  settings: YearSettings,
  by: string,
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO assessment_settings (district, year, data, updated_at, updated_by)
       VALUES (?1, ?2, ?3, ?4, ?5)
       ON CONFLICT (district, year) DO UPDATE SET data = ?3, updated_at = ?4, updated_by = ?5`,
    )
    .bind(district, year, JSON.stringify(settings), nowIso(), by);
}
