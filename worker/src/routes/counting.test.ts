/**
 * What counts (docs/decisions/0007): a ledger's current records are those of its latest version
 * that is not returned. Figures, lists and the supervision list follow returns and replacing
 * versions; history keeps every earlier value.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { api, body, login, seedDemoOrg } from '../../test/helpers.ts';
import type { Receipt } from '../submissions.ts';

const AREA = 'YP-CB-002';
const AS_OF = '2026-11-15';

/** A case of the area received on 1 March; resolved on `resolvedOn` when given, else open. */
function caseRow(caseNo: string, resolvedOn?: string) {
  return {
    row: 3,
    values: {
      caseNo,
      receivedOn: '2026-03-01',
      reporterName: '王建华',
      reporterPhone: `1391234${String(caseNo.charCodeAt(0)).padStart(4, '0')}`,
      address: `长白二村${caseNo}号`,
      area: AREA,
      category: '环境卫生',
      summary: '垃圾箱房异味严重',
      firstReceiver: '李敏',
      ...(resolvedOn
        ? { status: '已办结', resolvedOn, result: '已清理' }
        : { status: '办理中', resolvedOn: null, result: null }),
    },
  };
}

let clerk: string;
let reviewer: string;
let version = 0;

async function submit(rows: ReturnType<typeof caseRow>[]): Promise<Receipt> {
  version++;
  const res = await api('/api/submissions', {
    method: 'POST',
    token: clerk,
    headers: { 'Idempotency-Key': `counting-${version}` },
    json: {
      kind: 'case',
      unit: AREA,
      period: '2026',
      rows: rows.map((r, i) => ({ ...r, row: i + 3 })),
    },
  });
  const receipt = await body<Receipt>(res);
  expect(receipt).toMatchObject({ version });
  return receipt;
}

async function returnVersion(id: string) {
  const res = await api(`/api/submissions/${id}/return`, {
    method: 'POST',
    token: reviewer,
    json: { reason: '请核对' },
  });
  expect(res.status).toBe(200);
}

/** What the district sees of the area: its 受理量 and 办结率, and the case numbers listed. */
async function seen() {
  const scores = await body<{ total: { intake: number; closureRate: number | null } }>(
    await api(`/api/scores?unit=${AREA}&period=2026&asOf=${AS_OF}`, { token: reviewer }),
  );
  const list = await body<{ items: { values: { caseNo: string; status: string } }[] }>(
    await api(`/api/cases?unit=${AREA}&sort=caseNo`, { token: reviewer }),
  );
  const supervision = await body<{ overdue: { caseNo: string }[] }>(
    await api(`/api/supervision?unit=${AREA}&asOf=${AS_OF}`, { token: reviewer }),
  );
  return {
    intake: scores.total.intake,
    closureRate: scores.total.closureRate,
    listed: list.items.map((r) => `${r.values.caseNo} ${r.values.status}`),
    overdue: supervision.overdue.map((c) => c.caseNo).sort(),
  };
}

async function caseDetail(caseNo: string) {
  const list = await body<{ items: { id: number; values: { caseNo: string } }[] }>(
    await api(`/api/cases?unit=${AREA}&q=${caseNo}`, { token: reviewer }),
  );
  const listed = list.items.find((r) => r.values.caseNo === caseNo);
  return listed ?? null;
}

beforeAll(async () => {
  await seedDemoOrg();
  clerk = await login(AREA);
  reviewer = await login('YP-CB');
});

describe('what counts: the latest version of a ledger that is not returned', () => {
  let v1: Receipt;
  let v2: Receipt;
  let v3: Receipt;
  let idOfB = 0;
  let idOfC = 0;

  it('a second version counts as soon as it is submitted (nothing waits on a review)', async () => {
    // v1: A resolved, B open — 2 cases, 1 closed; B is long overdue by 15 November.
    v1 = await submit([caseRow('A', '2026-03-05'), caseRow('B')]);
    expect(await seen()).toEqual({
      intake: 2,
      closureRate: 0.5,
      listed: ['A 已办结', 'B 办理中'],
      overdue: ['B'],
    });
    idOfB = (await caseDetail('B'))!.id;
    // v2: B resolved, C new and open — 3 cases, 2 closed.
    v2 = await submit([caseRow('A', '2026-03-05'), caseRow('B', '2026-03-10'), caseRow('C')]);
    expect(await seen()).toEqual({
      intake: 3,
      closureRate: 0.6667,
      listed: ['A 已办结', 'B 已办结', 'C 办理中'],
      overdue: ['C'],
    });
    idOfC = (await caseDetail('C'))!.id;
  });

  it('returning the latest version reinstates the one before it: its rows and its values', async () => {
    await returnVersion(v2.id);
    expect(await seen()).toEqual({
      intake: 2,
      closureRate: 0.5,
      listed: ['A 已办结', 'B 办理中'],
      overdue: ['B'],
    });
    // C is out of every figure but still there, with its history, for whoever opens it.
    const c = await body<{ record: { current: boolean } }>(
      await api(`/api/cases/${idOfC}`, { token: reviewer }),
    );
    expect(c.record.current).toBe(false);
    // B's resolution is in its history: v1 → v2 (resolved) → v1 again (open).
    const history = await body<{ versions: { after: { status: string } }[] }>(
      await api(`/api/cases/${idOfB}/history`, { token: reviewer }),
    );
    expect(history.versions.map((v) => v.after.status)).toEqual(['已办结', '办理中']);
    const listed = await body<{ items: { id: string; current: boolean; status: string }[] }>(
      await api(`/api/submissions?unit=${AREA}`, { token: reviewer }),
    );
    expect(listed.items.filter((s) => s.current).map((s) => s.id)).toEqual([v1.id]);
  });

  it('a replacing version without a row takes it out of the lists and scores; its history stays', async () => {
    v3 = await submit([caseRow('A', '2026-03-05'), caseRow('C', '2026-03-20')]);
    expect(await seen()).toEqual({
      intake: 2,
      closureRate: 1,
      listed: ['A 已办结', 'C 已办结'],
      overdue: [],
    });
    const b = await body<{ record: { current: boolean; values: { status: string } } }>(
      await api(`/api/cases/${idOfB}`, { token: reviewer }),
    );
    expect(b.record).toMatchObject({ current: false, values: { status: '办理中' } });
    const history = await body<{ versions: unknown[] }>(
      await api(`/api/cases/${idOfB}/history`, { token: reviewer }),
    );
    expect(history.versions).toHaveLength(2);
    // Its handling unit cannot change it outside its ledger while it does not count.
    const patch = await api(`/api/cases/${idOfB}`, {
      method: 'PATCH',
      token: clerk,
      json: { remarks: '已电话联系' },
    });
    expect(patch.status).toBe(409);
    expect(await body(patch)).toMatchObject({ error: { code: 'RECORD_NOT_CURRENT' } });
  });

  it('returning an older version changes no records', async () => {
    const before = await seen();
    await returnVersion(v1.id);
    expect(await seen()).toEqual(before);
  });

  it('returning the only version left that counts leaves the ledger with no current records', async () => {
    await returnVersion(v3.id);
    expect(await seen()).toEqual({ intake: 0, closureRate: null, listed: [], overdue: [] });
  });
});
