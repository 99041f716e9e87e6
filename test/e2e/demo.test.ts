/**
 * What `npm start` promises a newcomer, on the real Worker: the demo district seeded once (a
 * second start writes nothing), `YP` / `minqing-demo` signs in, and the district's scores list
 * every sub-district with figures and a grade.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api } from '../../cli/api.ts';
import { loadOrg } from '../../cli/org.ts';
import { type LocalWorker, startLocalWorker } from '../../scripts/local-worker.ts';
import { DEMO_PASSWORD, seedDemo } from '../../scripts/seed.ts';

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
    expect(first).toMatchObject({ bootstrapped: true, submissions: 55 });
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
    const subdistricts = loadOrg()
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
  });
});
