import { beforeAll, describe, expect, it } from 'vitest';
import type { Roll } from '../../../shared/assessment.ts';
import { api, body, login, seedDemoOrg } from '../../test/helpers.ts';
import { insertDemoLedgers } from '../../test/rules-data.ts';
import type { Appeal, RevisionMeta } from '../assessment-revisions-sql.ts';

beforeAll(async () => {
  await seedDemoOrg();
  await insertDemoLedgers();
});

const AS_OF = '2026-11-15';
type Finalised = Roll & { revision?: RevisionMeta & { latest: boolean }; appeals?: Appeal[] };

const call = async (path: string, as: string, json?: unknown) =>
  api(path, { token: await login(as), ...(json ? { method: 'POST', json } : {}) });
const roll = async (query: string, as = 'YP') => {
  const res = await call(`/api/assessment?year=2026&of=units&${query}`, as);
  expect(res.status).toBe(200);
  return body<Finalised>(res);
};
const errorCode = async (res: Response) =>
  (await body<{ error: { code: string } }>(res)).error.code;

/** Five cases of 长白一村 received 2026-03-02, none replied nor resolved: its figures fall. */
const lateCases = (from: number) =>
  Array.from({ length: 5 }, (_, i) => ({
    row: i + 3,
    values: {
      caseNo: `LATE-${from + i}`,
      receivedOn: '2026-03-02',
      channel: '走访',
      reporterName: '王建华',
      area: '长白一村',
      category: '环境卫生',
      summary: '垃圾箱房异味严重',
      firstReceiver: '李敏',
      status: '办理中',
    },
  }));
const submitLate = async (from: number) => {
  const res = await api('/api/submissions', {
    method: 'POST',
    token: await login('YP-CB-001'),
    headers: { 'Idempotency-Key': `late-${from}` },
    json: { kind: 'case', unit: 'YP-CB-001', period: '2026-03', rows: lateCases(from) },
  });
  expect([res.status, res.status === 201 ? '' : await res.text()]).toEqual([201, '']);
};

describe('the finalised roll (定稿) and its revisions', () => {
  let signed: Finalised;

  it('finalises: the figures and settings frozen, signed by whom and when', async () => {
    const live = await roll(`asOf=${AS_OF}`);
    expect(live.revision).toBeUndefined();
    const res = await call('/api/assessment/finalise', 'YP', {
      year: 2026,
      of: 'units',
      asOf: AS_OF,
    });
    expect(res.status).toBe(201);
    const created = await body<{
      revision: RevisionMeta;
      settings: { years: Record<string, { grades: unknown }> };
      rows: Roll['rows'];
    }>(res);
    expect(created.revision).toMatchObject({
      revision: 1,
      signedBy: 'YP',
      reason: null,
      asOf: AS_OF,
    });
    expect(created.revision.signedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(created.settings.years['2026']!.grades).toBeDefined();
    expect(created.rows).toEqual(live.rows);
    signed = await roll('');
    expect(signed.rows).toEqual(live.rows);
    expect(signed.revision).toMatchObject({ revision: 1, latest: true });
  });

  it('is unchanged after new submissions, and cannot be finalised twice', async () => {
    await submitLate(1);
    expect(await roll('')).toEqual(signed);
    const again = await call('/api/assessment/finalise', 'YP', { year: 2026, of: 'units' });
    expect(again.status).toBe(409);
    expect(await errorCode(again)).toBe('ROLL_ALREADY_FINALISED');
  });

  it('a correction is a new revision with its reason; the first stays readable', async () => {
    const res = await call('/api/assessment/revisions', 'YP', {
      year: 2026,
      of: 'units',
      asOf: AS_OF,
      reason: '长白一村补报漏登案件',
    });
    expect(res.status).toBe(201);
    const revised = await roll('');
    expect(revised.revision).toMatchObject({
      revision: 2,
      reason: '长白一村补报漏登案件',
      latest: true,
    });
    const area = (r: Finalised) => r.rows.find((row) => row.key === 'YP-CB-001')!;
    expect(area(revised).intake).toBe(area(signed).intake + 5);
    const first = await roll('revision=1');
    expect(first.rows).toEqual(signed.rows);
    expect(first.revision).toMatchObject({ revision: 1, latest: false });
    const list = await body<{ revisions: RevisionMeta[] }>(
      await call('/api/assessment/revisions?year=2026&of=units', 'YP'),
    );
    expect(list.revisions.map((r) => [r.revision, r.reason])).toEqual([
      [1, null],
      [2, '长白一村补报漏登案件'],
    ]);
    expect((await call('/api/assessment?year=2026&of=units&revision=9', 'YP')).status).toBe(404);
  });

  it('a sub-district reads its part of the district’s signed roll, ranks as signed', async () => {
    const part = await roll('unit=YP-CB', 'YP-CB');
    const whole = await roll('');
    expect(part.revision!.revision).toBe(2);
    expect(part.rows.map((r) => r.key).sort()).toEqual(
      whole.rows
        .filter((r) => r.key === 'YP-CB' || r.key.startsWith('YP-CB-'))
        .map((r) => r.key)
        .sort(),
    );
    expect(part.rows).toEqual(whole.rows.filter((r) => part.rows.some((p) => p.key === r.key)));
  });

  it('refuses a correction before finalisation and a sub-district’s signature', async () => {
    const early = await call('/api/assessment/revisions', 'YP', {
      year: 2026,
      of: 'cadres',
      reason: 'x',
    });
    expect(early.status).toBe(409);
    expect(await errorCode(early)).toBe('ROLL_NOT_FINALISED');
    const forbidden = await call('/api/assessment/finalise', 'YP-CB', { year: 2026, of: 'cadres' });
    expect(forbidden.status).toBe(403);
  });
});

describe('appeals (申诉)', () => {
  it('a unit appeals against its figure; the roll shows it open; one at a time per figure', async () => {
    const res = await call('/api/assessment/appeals', 'YP-CB-001', {
      year: 2026,
      of: 'units',
      key: 'YP-CB-001',
      figure: 'closureRate',
      reason: '补报的五件案件已办结，台账未更新',
      records: [{ ref: 'LATE-1', note: '3 月 20 日已办结' }],
    });
    expect(res.status).toBe(201);
    const appeal = await body<Appeal>(res);
    expect(appeal).toMatchObject({
      key: 'YP-CB-001',
      revision: 2,
      unit: 'YP-CB-001',
      status: 'open',
    });
    expect(appeal.filedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    const shown = await roll('');
    expect(shown.appeals!.map((a) => [a.id, a.figure])).toEqual([[appeal.id, 'closureRate']]);
    expect((await roll('unit=YP-WJC', 'YP-WJC')).appeals).toEqual([]);
    const twice = await call('/api/assessment/appeals', 'YP-CB-001', {
      year: 2026,
      of: 'units',
      key: 'YP-CB-001',
      figure: 'closureRate',
      reason: '再次',
    });
    expect(twice.status).toBe(409);
    expect(await errorCode(twice)).toBe('APPEAL_OPEN');
    const neighbour = await call('/api/assessment/appeals', 'YP-CB-002', {
      year: 2026,
      of: 'units',
      key: 'YP-CB-001',
      figure: 'responseRate',
      reason: '代为申诉',
    });
    expect(neighbour.status).toBe(403);
  });

  it('the district rejects with its reason, or upholds with a new revision; every step dated', async () => {
    const [open] = (await roll('')).appeals!;
    const rejected = await call(`/api/assessment/appeals/${open!.id}/answer`, 'YP', {
      decision: 'rejected',
      reason: '办结材料不全',
    });
    expect(rejected.status).toBe(200);
    expect((await body<{ appeal: Appeal }>(rejected)).appeal).toMatchObject({
      status: 'rejected',
      answer: '办结材料不全',
      answeredBy: 'YP',
      answerRevision: null,
    });
    expect((await roll('')).appeals).toEqual([]);
    const again = await call(`/api/assessment/appeals/${open!.id}/answer`, 'YP', {
      decision: 'upheld',
      reason: 'x',
    });
    expect(again.status).toBe(409);
    expect(await errorCode(again)).toBe('APPEAL_ANSWERED');

    const second = await body<Appeal>(
      await call('/api/assessment/appeals', 'YP-CB-001', {
        year: 2026,
        of: 'units',
        key: 'YP-CB-001',
        figure: 'closureRate',
        reason: '补齐办结材料',
        records: [{ ref: 'LATE-1' }],
      }),
    );
    const upheld = await call(`/api/assessment/appeals/${second.id}/answer`, 'YP', {
      decision: 'upheld',
      reason: '材料已核实',
    });
    expect(upheld.status).toBe(200);
    const answer = await body<{ appeal: Appeal; revision: RevisionMeta }>(upheld);
    expect(answer.appeal).toMatchObject({ status: 'upheld', answerRevision: 3 });
    expect(answer.revision).toMatchObject({ revision: 3, appealId: second.id });
    expect(answer.revision.reason).toContain('材料已核实');
    const latest = await roll('');
    expect(latest.revision!.revision).toBe(3);
    const list = await body<{ appeals: Appeal[] }>(
      await call('/api/assessment/appeals?year=2026&unit=YP-CB-001', 'YP-CB-001'),
    );
    expect(list.appeals.map((a) => [a.status, !!a.filedAt, !!a.answeredAt])).toEqual([
      ['rejected', true, true],
      ['upheld', true, true],
    ]);
  });
});
