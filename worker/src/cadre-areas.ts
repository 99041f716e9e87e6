/**
 * The residential areas cadres work in, for who may rate them (docs/rules.md, 满意度测评). Until the
 * cadre register gives each cadre's contact area (联系点), it is read from the visit diaries: the
 * areas a cadre's current visits name.
 */

/** Each named cadre's areas (cadres without visits are absent). */
export async function cadreAreas(
  db: D1Database,
  cadres: readonly string[],
): Promise<Map<string, string[]>> {
  const areas = new Map<string, string[]>();
  if (cadres.length === 0) return areas;
  const { results } = await db
    .prepare(
      `SELECT DISTINCT cadre, area FROM visits
        WHERE cadre IN (SELECT value FROM json_each(?1)) AND current = 1 AND area IS NOT NULL`,
    )
    .bind(JSON.stringify(cadres))
    .all<{ cadre: string; area: string }>();
  for (const { cadre, area } of results) {
    const list = areas.get(cadre) ?? [];
    list.push(area);
    areas.set(cadre, list);
  }
  return areas;
}
