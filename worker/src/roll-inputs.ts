/**
 * What a roll computation needs besides its records: the district's settings and calendar (the due
 * dates were filled by the writes, docs/decisions/0012: a read never writes), each year's settings (the year and the one before, for 同比), and the records
 * of the unit's subtree through `loadRollData` — so the explanation, the finalised revisions and
 * `GET /api/assessment` compute over the same inputs (docs/decisions/0014).
 */
import {
  assessmentRoll,
  type RollData,
  type RollOf,
  type RollOptions,
} from '../../shared/assessment.ts';
import type { OrgTree } from '../../shared/org.ts';
import { loadRollData } from './assessment-data.ts';
import { districtOf, loadCalendar, loadSettings, loadYearSettings } from './district-rules.ts';

/** The records and options of the roll of `of` under `unit` for `year` as of `asOf`. */
export async function loadRollInputs(
  db: D1Database,
  org: OrgTree,
  query: { unit: string; year: number; of: RollOf; asOf: string },
): Promise<{ data: RollData; options: RollOptions }> {
  const { unit, year, asOf } = query;
  const district = districtOf(org, unit);
  const settings = await loadSettings(db, district);
  const calendar = await loadCalendar(db);
  const years = new Map([
    [year, await loadYearSettings(db, district, year, settings)],
    [year - 1, await loadYearSettings(db, district, year - 1, settings)],
  ]);
  const data = await loadRollData(
    db,
    org.subtree(unit).map((u) => u.code),
    `${year - 1}-01-01`,
    asOf < `${year}-12-31` ? asOf : `${year}-12-31`,
  );
  return {
    data,
    options: {
      ...query,
      org,
      settings,
      yearSettings: (y) => years.get(y)!,
      calendar,
    },
  };
}

/**
 * The district's roll of a year computed now, as a revision freezes it: the rows, each row's units
 * (a unit's or department's own code; a cadre's unit and contact area) and the settings used.
 */
export async function rollToFreeze(
  db: D1Database,
  org: OrgTree,
  query: { district: string; year: number; of: RollOf; asOf: string },
) {
  const { data, options } = await loadRollInputs(db, org, { ...query, unit: query.district });
  const { roll } = assessmentRoll(data, options);
  const cadres = new Map((data.cadres ?? []).map((c) => [c.cadreNo, c]));
  const owners = Object.fromEntries(
    roll.rows.map((row) => {
      const cadre = query.of === 'cadres' ? cadres.get(row.key) : undefined;
      const units = cadre ? [cadre.unit, cadre.contactArea] : [row.key];
      return [row.key, units.filter((u): u is string => !!u)];
    }),
  );
  const settings = {
    district: options.settings,
    years: {
      [query.year]: options.yearSettings(query.year),
      [query.year - 1]: options.yearSettings(query.year - 1),
    },
  };
  return { asOf: query.asOf, rows: roll.rows, owners, settings };
}
