/**
 * The year-end roll signed off and appealed, on the real Worker (`wrangler dev` on fresh local D1):
 * a residential area submits its cases, the district finalises the roll (定稿), new submissions
 * leave it as signed, the area sees why its closure rate is what it is and appeals (申诉), and the
 * district upholds the appeal with a new revision that shows the later records — both revisions
 * kept and listed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api } from '../../cli/api.ts';
import { type LocalWorker, startLocalWorker } from '../../scripts/local-worker.ts';
import { bootstrapDemo, DEMO_PASSWORD } from '../../scripts/seed.ts';
import type { Roll } from '../../shared/assessment.ts';
import { type Explanation, figureFromExplanation } from '../../shared/assessment-explain.ts';

let worker: LocalWorker;
let state: string;

beforeAll(async () => {
  state = mkdtempSync(path.join(tmpdir(), 'minqing-roll-'));
  worker = await startLocalWorker({ persistTo: state, vars: { ALLOW_BOOTSTRAP: 'true' } });
  expect(await bootstrapDemo(worker.url)).toBe(true);
}, 180_000);

afterAll(async () => {
  await worker?.stop();
  rmSync(state, { recursive: true, force: true });
});

async function signIn(username: string) {
  const api = new Api(worker.url);
  await api.login(username, DEMO_PASSWORD);
  return api;
}

/** A case of 长白一村 received Monday 2026-03-02: resolved 03-20, or still open. */
const caseRow = (n: number, resolved: boolean) => ({
  row: n + 2,
  values: {
    caseNo: `R-${n}`,
    receivedOn: '2026-03-02',
    channel: '走访',
    reporterName: '王建华',
    area: '长白一村',
    category: '环境卫生',
    summary: '垃圾箱房异味严重',
    firstReceiver: '李敏',
    status: resolved ? '已办结' : '办理中',
    repliedOn: resolved ? '2026-03-05' : null,
    resolvedOn: resolved ? '2026-03-20' : null,
    result: resolved ? '已清运' : null,
  },
});

const submit = (clerk: Api, period: string, rows: unknown[]) =>
  clerk.request(
    'POST',
    '/api/submissions',
    { kind: 'case', unit: 'YP-CB-001', period, sourceName: '一事一表.xlsx', rows },
    { 'Idempotency-Key': `roll-${period}` },
  );

type Signed = Roll & {
  revision?: { revision: number; reason: string | null; signedBy: string; latest: boolean };
  appeals?: { id: number; key: string; figure: string; status: string }[];
};
const AS_OF = '2026-11-15';
const closure = (roll: Signed) => roll.rows.find((r) => r.key === 'YP-CB-001')!.closureRate;

describe('the roll finalised, appealed and revised, end to end', () => {
  it('finalise, appeal, revise', async () => {
    const clerk = await signIn('YP-CB-001');
    const district = await signIn('YP');
    // Two resolved, two open: closure 2 / 4.
    await submit(clerk, '2026-03', [
      caseRow(1, true),
      caseRow(2, true),
      caseRow(3, false),
      caseRow(4, false),
    ]);

    const finalised = await district.request<{ revision: { revision: number } }>(
      'POST',
      '/api/assessment/finalise',
      { year: 2026, of: 'units', asOf: AS_OF },
    );
    expect(finalised.revision.revision).toBe(1);
    const signed = await district.request<Signed>('GET', '/api/assessment?year=2026&of=units');
    expect(signed.revision).toMatchObject({ revision: 1, signedBy: 'YP', latest: true });
    expect(closure(signed)).toBe(0.5);

    // The two open cases were in fact resolved: a later submission says so. The signed roll stays.
    await submit(clerk, '2026-04', [caseRow(3, true), caseRow(4, true)]);
    expect(await district.request<Signed>('GET', '/api/assessment?year=2026&of=units')).toEqual(
      signed,
    );

    // The area sees the records behind its figure — as they are now: all four closed.
    const explained = await clerk.request<Explanation>(
      'GET',
      `/api/assessment/explain?year=2026&key=YP-CB-001&figure=closureRate&asOf=${AS_OF}`,
    );
    expect(explained.cases.map((c) => [c.caseNo, c.outcome])).toEqual([
      ['R-1', '已办结'],
      ['R-2', '已办结'],
      ['R-3', '已办结'],
      ['R-4', '已办结'],
    ]);
    expect(figureFromExplanation(explained)).toBe(1);

    const appeal = await clerk.request<{ id: number; status: string }>(
      'POST',
      '/api/assessment/appeals',
      {
        year: 2026,
        of: 'units',
        key: 'YP-CB-001',
        figure: 'closureRate',
        reason: 'R-3、R-4 已于 3 月 20 日办结，定稿时台账未更新',
        records: [{ ref: 'R-3' }, { ref: 'R-4' }],
      },
    );
    expect(appeal.status).toBe('open');
    const withAppeal = await district.request<Signed>('GET', '/api/assessment?year=2026&of=units');
    expect(withAppeal.appeals!.map((a) => [a.id, a.key, a.figure])).toEqual([
      [appeal.id, 'YP-CB-001', 'closureRate'],
    ]);

    const answer = await district.request<{ appeal: { status: string; answerRevision: number } }>(
      'POST',
      `/api/assessment/appeals/${appeal.id}/answer`,
      { decision: 'upheld', reason: '办结材料已核实' },
    );
    expect(answer.appeal).toMatchObject({ status: 'upheld', answerRevision: 2 });
    const revised = await district.request<Signed>('GET', '/api/assessment?year=2026&of=units');
    expect(revised.revision).toMatchObject({ revision: 2, latest: true });
    expect(revised.revision!.reason).toContain('办结材料已核实');
    expect(revised.appeals).toEqual([]);
    expect(closure(revised)).toBe(1);
    // Both kept: the first revision as it was signed.
    const first = await district.request<Signed>(
      'GET',
      '/api/assessment?year=2026&of=units&revision=1',
    );
    expect(first.rows).toEqual(signed.rows);
    const list = await district.request<{
      revisions: { revision: number; appealId: number | null }[];
    }>('GET', '/api/assessment/revisions?year=2026&of=units');
    expect(list.revisions.map((r) => [r.revision, r.appealId])).toEqual([
      [1, null],
      [2, appeal.id],
    ]);
  }, 180_000);
});
