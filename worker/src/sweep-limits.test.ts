/**
 * The sweep at D1's limit of 2 MB a string, which local D1 does not enforce: a stand-in for D1
 * refuses a batch whose read gives a longer value (writing nothing, as D1 does), and the sweep of
 * 5,000 open cases with 200-character addresses — a chunk's rows about 4 MB — must read them in
 * smaller chunks and store what a sweep without the limit stores (docs/decisions/0018).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { api, login, seedDemoOrg, testEnv } from '../test/helpers.ts';
import { runSweep } from './sweep.ts';

const DATE = '2026-11-15';
const D1_STRING_BYTES = 2_000_000;
const AREA = 'YP-CB-001';
const CASES = 5000;
const bytes = (text: string) => new TextEncoder().encode(text).length;

/** The test database as D1 answers at its limit, counting what it refused and what it gave. */
function atD1Limits(db: D1Database) {
  const seen = { refused: 0, largest: 0 };
  const longest = (results: D1Result[]) =>
    Math.max(
      0,
      ...results.flatMap((r) =>
        (r.results ?? []).flatMap((row) =>
          Object.values(row as Record<string, unknown>).map((v) =>
            typeof v === 'string' ? bytes(v) : 0,
          ),
        ),
      ),
    );
  const batch = async (statements: D1PreparedStatement[]) => {
    // The first statement alone, as D1 would run it before the rest: past the limit, nothing is written.
    if (longest(await db.batch(statements.slice(0, 1))) > D1_STRING_BYTES) {
      seen.refused++;
      throw new Error('D1_ERROR: string or blob too big: SQLITE_TOOBIG');
    }
    const results = await db.batch(statements);
    seen.largest = Math.max(seen.largest, longest(results));
    return results;
  };
  const proxy = new Proxy(db, {
    get(target, property) {
      if (property === 'batch') return batch;
      const value = Reflect.get(target, property);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { db: proxy, seen };
}

/** Each case's level, current due date and climbs, as stored. */
async function stored() {
  const { results } = await testEnv.DB.prepare(
    `SELECT c.id, c.level, c.current_due, l.climbs FROM case_rows c
       LEFT JOIN case_ladder l ON l.case_id = c.id ORDER BY c.id`,
  ).all();
  return results;
}

beforeAll(async () => {
  await seedDemoOrg();
  // Open cases with addresses at the longest the ledger allows; three of each address and category.
  const rows = Array.from({ length: CASES }, (_, i) => ({
    row: i + 3,
    values: {
      caseNo: `LONG-${i}`,
      receivedOn: new Date(Date.UTC(2026, 0, 1 + (i % 300))).toISOString().slice(0, 10),
      channel: '来电',
      reporterName: '王建华',
      reporterPhone: `139${String(i).padStart(8, '0')}`,
      address: `杨浦区长白新村街道${Math.floor(i / 3)}号`.padEnd(200, '弄'),
      area: AREA,
      category: '环境卫生',
      summary: '垃圾箱房异味严重',
      firstReceiver: '李敏',
      status: '办理中',
    },
  }));
  const res = await api('/api/submissions', {
    method: 'POST',
    token: await login(AREA),
    headers: { 'Idempotency-Key': 'long-addresses' },
    json: { kind: 'case', unit: AREA, period: '2026', sourceName: '一事一表.xlsx', rows },
  });
  expect(res.status).toBe(201);
});

describe('the sweep at D1’s limits', () => {
  it('reads a chunk too large for D1 in smaller ones, and stores what it would without the limit', async () => {
    const { db, seen } = atD1Limits(testEnv.DB);
    const swept = await runSweep(db, DATE);
    expect(swept).toMatchObject({ full: true, cases: CASES, recomputed: CASES });
    expect(swept.climbs).toBeGreaterThan(CASES);
    // The first chunk was refused, and every value read since fits.
    expect(seen.refused).toBeGreaterThan(0);
    expect(seen.largest).toBeGreaterThan(D1_STRING_BYTES / 2);
    expect(seen.largest).toBeLessThan(D1_STRING_BYTES);

    // A full sweep of the same day in small chunks, without the limit, finds nothing to change.
    const after = await stored();
    await testEnv.DB.prepare('DELETE FROM sweep_state').run();
    const again = await runSweep(testEnv.DB, DATE, 'sweep', 300);
    expect(again).toMatchObject({ full: true, recomputed: CASES, climbs: 0, updated: 0 });
    expect(await stored()).toEqual(after);
  });
});
