/**
 * What `npm start` promises a newcomer, on the real Worker: the demo district seeded once (a
 * second start writes nothing), `YP` / `minqing-demo` signs in, and the district's scores list
 * every sub-district with figures and a grade; its year-end roll of each kind is the one
 * `minqing assess` computes from the same ledgers.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api } from '../../cli/api.ts';
import { readOrgFile } from '../../cli/org.ts';
import { runCli } from '../../cli/run-in-process.ts';
import { generateDemoDistrict } from '../../scripts/demo-data.ts';
import { type LocalWorker, startLocalWorker } from '../../scripts/local-worker.ts';
import { DEMO_MEETING, DEMO_PASSWORD, DEMO_UNTIL, seedDemo } from '../../scripts/seed.ts';
import type { Roll } from '../../shared/assessment.ts';

let worker: LocalWorker;
let state: string;

beforeAll(async () => {
  state = mkdtempSync(path.join(tmpdir(), 'minqing-demo-'));
  worker = await startLocalWorker({ persistTo: state, vars: { ALLOW_BOOTSTRAP: 'true' } });
}, 180_000);

afterAll(async () => {
  await worker?.stop();
  rmSync(state, { recursive: true, force: true });
});

async function submissionsSeenBy(api: Api): Promise<number> {
  const page = await api.request<{ items: unknown[] }>('GET', '/api/submissions?unit=YP&limit=500');
  return page.items.length;
}

describe('the demo district', () => {
  it('is seeded once: a restart writes nothing', async () => {
    const first = await seedDemo(worker.url);
    const ledgers = generateDemoDistrict(readOrgFile(), { until: DEMO_UNTIL });
    expect(first).toMatchObject({ bootstrapped: true, submissions: ledgers.length });
    await worker.stop();
    worker = await startLocalWorker({ persistTo: state, vars: { ALLOW_BOOTSTRAP: 'true' } });
    const district = new Api(worker.url);
    await district.login('YP', DEMO_PASSWORD);
    const before = await submissionsSeenBy(district);
    expect(await seedDemo(worker.url)).toEqual({
      bootstrapped: false,
      submissions: 0,
      rows: 0,
      accepted: 0,
    });
    expect(await submissionsSeenBy(district)).toBe(before);
  }, 180_000);

  it('gives the district every sub-district with figures and a grade', async () => {
    const district = new Api(worker.url);
    const user = await district.login('YP', DEMO_PASSWORD);
    expect(user.roles).toEqual(expect.arrayContaining(['reviewer', 'admin']));
    const scores = await district.request<{ groups: Record<string, unknown>[] }>(
      'GET',
      '/api/scores?unit=YP&period=2026&asOf=2026-12-31&by=children',
    );
    const subdistricts = readOrgFile()
      .children('YP')
      .filter((u) => u.kind === 'subdistrict');
    expect(scores.groups.map((g) => g.key).sort()).toEqual(subdistricts.map((u) => u.code).sort());
    for (const group of scores.groups) {
      expect(group.intake).toBeGreaterThan(0);
      expect(group.composite).toEqual(expect.any(Number));
      expect(['优秀', '良好', '合格', '不合格']).toContain(group.grade);
    }
    // The demo's one veto (一票否决) shows: that unit's grade is 不合格.
    const vetoed = await district.request<{
      groups: { key: string; veto?: boolean; grade: string }[];
    }>('GET', '/api/scores?unit=YP&period=2026&asOf=2026-12-31&by=department');
    expect(vetoed.groups.filter((g) => g.veto).map((g) => g.grade)).toEqual(['不合格']);
    // Departments are rated by the sub-districts and residents (条块互评): each has its score.
    for (const group of vetoed.groups as Record<string, unknown>[]) {
      expect(group.evaluationScore).toEqual(expect.any(Number));
    }
  });

  it('has 常委会 cases only where the district referred them', async () => {
    const district = new Api(worker.url);
    await district.login('YP', DEMO_PASSWORD);
    const top = await district.request<{ items: { id: number }[] }>(
      'GET',
      '/api/cases?unit=YP&level=3&limit=500',
    );
    expect(top.items.length).toBe(2);
    for (const item of top.items) {
      const detail = await district.request<{
        events: { kind: string; reason: string; at: string }[];
      }>('GET', `/api/cases/${item.id}`);
      expect(detail.events).toContainEqual(
        expect.objectContaining({ kind: 'referred', at: DEMO_MEETING }),
      );
    }
    // Everything else the calendar climbed stops at 区.
    const atDistrict = await district.request<{ items: unknown[] }>(
      'GET',
      '/api/cases?unit=YP&level=2&limit=5',
    );
    expect(atDistrict.items.length).toBeGreaterThan(0);
  });

  it.each(['units', 'departments', 'cadres'] as const)(
    'gives the year-end roll of %s that minqing assess computes from the same ledgers',
    async (of) => {
      const district = new Api(worker.url);
      await district.login('YP', DEMO_PASSWORD);
      const roll = await district.request<Roll>(
        'GET',
        `/api/assessment?unit=YP&year=2026&of=${of}&asOf=2026-12-31`,
      );
      // The same ledgers as canonical records, as `convert --json` gives them.
      const records: Record<string, Record<string, unknown>[]> = {};
      const key = {
        case: 'cases',
        household: 'households',
        visit: 'visits',
        evaluation: 'evaluations',
        cadre: 'cadres',
      };
      for (const s of generateDemoDistrict(readOrgFile(), { until: DEMO_UNTIL })) {
        records[key[s.kind]] ??= [];
        const list = records[key[s.kind]]!;
        for (const row of s.rows)
          list.push(s.kind === 'cadre' ? row.values : { unit: s.unit, ...row.values });
      }
      const file = path.join(state, `ledgers-${of}.json`);
      writeFileSync(file, JSON.stringify(records));
      // The district's own settings (the demo weighs its ratings as Yangpu does), as the API uses.
      const { settings } = await district.request<{ settings: unknown }>('GET', '/api/settings');
      const settingsFile = path.join(state, 'settings.json');
      writeFileSync(settingsFile, JSON.stringify(settings));
      const cli = await runCli([
        'assess',
        file,
        '--settings',
        settingsFile,
        '--year',
        '2026',
        '--of',
        of,
        '--as-of',
        '2026-12-31',
        '--json',
      ]);
      expect(cli.code).toBe(0);
      expect(roll).toEqual(JSON.parse(cli.stdout));
      expect(roll.rows.length).toBeGreaterThan(0);
      expect(roll.rows.some((r) => r.rank === 1)).toBe(true);
      if (of === 'cadres') {
        expect(new Set(roll.rows.map((r) => r.peerGroup))).toEqual(
          new Set(['cadre:局级', 'cadre:处级', 'cadre:科级', 'cadre:其他']),
        );
      }
    },
    120_000,
  );
});
