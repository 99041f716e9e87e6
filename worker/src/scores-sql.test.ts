/**
 * The score counts read only the score index (migration 0030): a count over a million cases scans
 * index entries, never the rows (which carry the whole record as JSON), and finds the few cases
 * with stored steps, the due dates in unloaded years and those still to fill without a scan.
 */
import { describe, expect, it } from 'vitest';
import type { Clock } from '../../shared/scores.ts';
import { api, body, login, seedDemoOrg, testEnv } from '../test/helpers.ts';
import { DUE_FILLS } from './district-rules.ts';
import {
  countsSql,
  GROUP_KEY,
  steppedCasesSql,
  UNLOADED_DUE_SQL,
  unloadedSpans,
} from './scores-sql.ts';

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

describe('whether any due date lies in a year without a loaded holiday schedule', () => {
  const spans = JSON.stringify(unloadedSpans(new Set([2025, 2026])));
  const anyUnloaded = async () =>
    (await testEnv.DB.prepare(UNLOADED_DUE_SQL).bind(spans).first()) !== null;

  it('is a few index look-ups, the replies by their due year', async () => {
    const looked = (await plan(UNLOADED_DUE_SQL, [spans])).filter((d) => d.includes('cases'));
    expect(looked).toEqual([
      expect.stringContaining('USING COVERING INDEX cases_reply_year'),
      expect.stringContaining('USING COVERING INDEX cases_resolution_year'),
      expect.stringContaining('USING COVERING INDEX cases_reopen_due'),
    ]);
  });

  it('finds a reply due in an unloaded year, whatever year its resolution is due', async () => {
    await seedDemoOrg();
    await testEnv.DB.prepare(
      `INSERT INTO cases (unit, area, owner_unit, natural_key, period, case_no, received_on,
         reporter_name, category, summary, first_receiver, status, data, submission_id,
         created_at, updated_at, reply_due, resolution_due)
       VALUES ('YP-CB-001', 'YP-CB-001', 'YP-CB-001', 'UY-1', '2025', 'UY-1', '2025-03-03', '王',
         '城市管理', '占道经营', '李', '办理中', '{}', 'test', '2025-03-03', '2025-03-03',
         '2025-03-10', '2025-04-14')`,
    ).run();
    expect(await anyUnloaded()).toBe(false);
    const due = (reply: string, resolution: string) =>
      testEnv.DB.prepare(
        "UPDATE cases SET reply_due = ?1, resolution_due = ?2 WHERE case_no = 'UY-1'",
      )
        .bind(reply, resolution)
        .run();
    await due('2024-12-31', '2025-02-07');
    expect(await anyUnloaded()).toBe(true);
    await due('2026-12-31', '2027-02-05');
    expect(await anyUnloaded()).toBe(true);
    await due('2026-12-24', '2026-12-31');
    expect(await anyUnloaded()).toBe(false);
  });
});

describe('the due dates a write left empty', () => {
  it('are found and filled by index searches, or scans of partial indexes holding only them', async () => {
    const fill = '[{"d":"2026-03-02","e":0,"r":"2026-03-09","s":"2026-04-13"}]';
    for (const { find, update } of DUE_FILLS) {
      const steps = [...(await plan(find, [])), ...(await plan(update, [fill]))];
      for (const step of steps.filter((d) => /\bcases\b/.test(d))) {
        expect(step).toMatch(
          /^SEARCH cases USING |^SCAN cases USING (COVERING )?INDEX cases_\w+_unfilled\b/,
        );
      }
    }
    expect(await plan(DUE_FILLS[0]!.find, [])).toEqual([
      expect.stringContaining('USING INDEX cases_resolution_year'),
      'USE TEMP B-TREE FOR DISTINCT',
    ]);
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
