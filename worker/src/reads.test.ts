/**
 * A GET never writes (docs/decisions/0012): the writes fill the due dates, the reads read them.
 * Every GET endpoint the app declares is asked, as an account allowed to, over the demo district's
 * ledgers written straight into D1 — their due dates still empty, as a read that filled them
 * would change them — and every table must hold exactly the rows it held before.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { api, login, seedDemoOrg, testEnv } from '../test/helpers.ts';
import { insertDemoLedgers } from '../test/rules-data.ts';
import { ENDPOINTS } from './endpoints.ts';

/** Every row of every table, quoted, in one string per table. */
async function snapshot(db: D1Database): Promise<Record<string, string>> {
  const { results: tables } = await db
    .prepare(
      `SELECT name FROM sqlite_master
        WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'
        ORDER BY name`,
    )
    .all<{ name: string }>();
  const out: Record<string, string> = {};
  for (const { name } of tables) {
    const { results: columns } = await db
      .prepare('SELECT name FROM pragma_table_info(?1)')
      .bind(name)
      .all<{ name: string }>();
    const row = columns.map((c) => `quote("${c.name}")`).join(` || '|' || `);
    const rows = await db
      .prepare(`SELECT count(*) AS n, group_concat(${row}, char(10)) AS rows FROM "${name}"`)
      .first<{ n: number; rows: string | null }>();
    out[name] = `${rows?.n}\n${rows?.rows ?? ''}`;
  }
  return out;
}

/** The queries an endpoint cannot answer without. */
const QUERIES: Record<string, string> = {
  '/api/assessment/explain': '?key=YP-CB&year=2026&figure=responseRate&unit=YP',
  '/api/assessment': '?year=2026&asOf=2026-11-15',
  '/api/assessment/appeals': '?year=2026',
  '/api/assessment/revisions': '?year=2026',
  '/api/scores': '?asOf=2026-11-15&trend=month&period=2026',
};

/** The path with its `:id` replaced by a record of its resource (the table the path names). */
async function concrete(db: D1Database, path: string): Promise<string> {
  const match = path.match(/^\/api\/(\w+)\/:id/);
  if (!match) return path;
  const row = await db.prepare(`SELECT id FROM "${match[1]}" LIMIT 1`).first<{ id: unknown }>();
  return path.replace(':id', String(row?.id ?? 1));
}

beforeAll(async () => {
  await seedDemoOrg();
  await insertDemoLedgers();
});

describe('GET never writes', () => {
  it('no GET endpoint changes a row of any table', async () => {
    const db = testEnv.DB;
    const token = await login('YP');
    const gets = ENDPOINTS.filter((e) => e.method === 'GET');
    expect(gets.map((e) => e.path)).toContain('/api/assessment');
    const before = await snapshot(db);
    expect(before.cases).not.toMatch(/^0\n/);
    const statuses: Record<string, number> = {};
    for (const e of gets) {
      const path = (await concrete(db, e.path)) + (QUERIES[e.path] ?? '');
      statuses[e.path] = (await api(path, { token })).status;
    }
    // Each was answered, not refused before reading anything (a record's detail may be absent).
    const expected = Object.entries(statuses).map(([path, status]) => [
      path,
      path.includes(':id') && status === 404 ? 404 : 200,
    ]);
    expect(Object.entries(statuses)).toEqual(expected);
    expect(await snapshot(db)).toEqual(before);
  });
});
