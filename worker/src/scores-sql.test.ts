/**
 * The score counts read only the score index (migration 0030): a count over a million cases scans
 * index entries, never the rows (which carry the whole record as JSON), and finds the few cases
 * with stored steps and the due dates in unloaded years without a scan.
 */
import { describe, expect, it } from 'vitest';
import type { Clock } from '../../shared/scores.ts';
import { api, body, login, seedDemoOrg, testEnv } from '../test/helpers.ts';
import { countsSql, GROUP_KEY, steppedCasesSql } from './scores-sql.ts';

const SCOPE = 'c.owner_unit IN (SELECT value FROM json_each(?1))';
const PARAMS = ['["YP-CB-001"]', '2026-11-15', '2026-01-01', '2026-12-31'];

async function plan(sql: string, params: unknown[] = PARAMS): Promise<string[]> {
  const { results } = await testEnv.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`)
    .bind(...params)
    .all<{ detail: string }>();
  return results.map((r) => r.detail);
}

describe('the score counts', () => {
  for (const [by, key] of Object.entries(GROUP_KEY)) {
    for (const clock of ['unit', 'department'] as Clock[]) {
      it(`by ${by} on the ${clock}'s clock read only the score index`, async () => {
        const cases = (await plan(countsSql(SCOPE, key, clock))).filter((d) => / c\b/.test(d));
        expect(cases).toEqual([expect.stringContaining('USING COVERING INDEX cases_scores')]);
      });
    }
  }

  it('find the cases with stored steps by their own index', async () => {
    const cases = (await plan(steppedCasesSql(SCOPE, GROUP_KEY.children))).filter((d) =>
      / c\b/.test(d),
    );
    expect(cases).toEqual([expect.stringContaining('USING INDEX cases_stepped')]);
  });
});

describe('GET /api/scores', () => {
  it('only reads: a case written without due dates is counted and still has none after', async () => {
    await seedDemoOrg();
    // Written straight into D1, past every write path that fills due dates.
    await testEnv.DB.prepare(
      `INSERT INTO cases (unit, area, owner_unit, natural_key, period, case_no, received_on,
         reporter_name, category, summary, first_receiver, status, data, submission_id,
         created_at, updated_at)
       VALUES ('YP-CB-001', 'YP-CB-001', 'YP-CB-001', 'RO-1', '2026', 'RO-1', '2026-03-02', '王',
         '城市管理', '占道经营', '李', '办理中', '{}', 'test', '2026-03-02', '2026-03-02')`,
    ).run();
    const res = await api('/api/scores?unit=YP-CB-001&period=2026&asOf=2026-11-30', {
      token: await login('YP'),
    });
    expect(res.status).toBe(200);
    const { total } = await body<{ total: { intake: number } }>(res);
    expect(total.intake).toBe(1);
    const row = await testEnv.DB.prepare(
      "SELECT reply_due, resolution_due FROM cases WHERE case_no = 'RO-1'",
    ).first();
    expect(row).toEqual({ reply_due: null, resolution_due: null });
  });
});
