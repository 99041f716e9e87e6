/**
 * Who may submit whose ratings, at the submission route: a refused rating is a 403 naming its row
 * and field, and nothing of the sheet is written.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { api, body, login, seedDemoOrg, testEnv } from '../../test/helpers.ts';

let sequence = 0;

function submit(unit: string, kind: 'evaluation' | 'visit', values: Record<string, unknown>[]) {
  return login(unit).then((token) =>
    api('/api/submissions', {
      method: 'POST',
      token,
      headers: { 'Idempotency-Key': `rights-${++sequence}` },
      json: {
        kind,
        unit,
        period: '2026',
        rows: values.map((v, i) => ({ row: i + 3, values: v })),
      },
    }),
  );
}

const rating = (subject: string, changes: Record<string, unknown> = {}) => ({
  period: '2026',
  subjectKind: subject.startsWith('YP') ? '单位' : '干部',
  subject,
  evaluatorGroup: '群众',
  overall: '满意',
  ...changes,
});

const written = async () =>
  (await testEnv.DB.prepare(
    "SELECT (SELECT count(*) FROM evaluations) + (SELECT count(*) FROM submissions WHERE kind = 'evaluation') AS n",
  ).first<{ n: number }>())!.n;

async function refusal(res: Response) {
  expect(res.status).toBe(403);
  const { error } = await body<{
    error: { code: string; issues: { row: number; field: string; code: string }[] };
  }>(res);
  expect(error.code).toBe('EVALUATION_NOT_ALLOWED');
  return error.issues.map((i) => `${i.row} ${i.field} ${i.code}`);
}

beforeAll(() => seedDemoOrg());

describe('who may submit whose ratings', () => {
  it("refuses a clerk's rating of an area in another sub-district, writing nothing", async () => {
    const res = await submit('YP-CB-001', 'evaluation', [rating('陆建华'), rating('YP-WJC-001')]);
    // 陆建华 has no visits in 长白一村 yet: not its contact cadre either.
    expect(await refusal(res)).toEqual([
      '3 subject RATING_CADRE_NOT_BELOW',
      '4 subject RATING_UNIT_NOT_BELOW',
    ]);
    expect(await written()).toBe(0);
  });

  it("accepts a residential area's 群众 rating of the cadre whose visits name it", async () => {
    const visit = await submit('YP-CB-001', 'visit', [
      {
        visitOn: '2026-05-14',
        cadre: '陆建华',
        rank: '处级',
        area: 'YP-CB-001',
        target: '两委班子',
        visitType: '定点联系日',
        content: '听取居民意见',
      },
    ]);
    expect(visit.status).toBe(201);
    const res = await submit('YP-CB-001', 'evaluation', [rating('陆建华')]);
    expect(res.status).toBe(201);
    // Another group's rating of the same cadre is the sub-district's to submit, not the area's.
    const cadres = await submit('YP-CB-001', 'evaluation', [
      rating('陆建华', { evaluatorGroup: '社区干部' }),
    ]);
    expect(await refusal(cadres)).toEqual(['3 subject RATING_CADRE_NOT_BELOW']);
    const subdistrict = await submit('YP-CB', 'evaluation', [
      rating('陆建华', { evaluatorGroup: '社区干部' }),
    ]);
    expect(subdistrict.status).toBe(201);
  });

  it("refuses a clerk's veto, even of its own contact cadre, writing nothing", async () => {
    const before = await written();
    const res = await submit('YP-CB-001', 'evaluation', [
      rating('陆建华', { veto: '是', vetoReason: '不作为' }),
    ]);
    expect(await refusal(res)).toEqual(['3 veto VETO_DISTRICT_ONLY']);
    expect(await written()).toBe(before);
  });

  it("accepts a sub-district's 街道/镇 rating of a department (条块互评), refuses it under 群众", async () => {
    const accepted = await submit('YP-CB', 'evaluation', [
      rating('区房管局', { subjectKind: '单位', evaluatorGroup: '街道/镇' }),
    ]);
    expect(accepted.status).toBe(201);
    const refused = await submit('YP-WJC', 'evaluation', [rating('YP-D-FG')]);
    expect(await refusal(refused)).toEqual(['3 subject RATING_UNIT_NOT_BELOW']);
  });

  it('accepts a veto from the district', async () => {
    const res = await submit('YP', 'evaluation', [
      rating('YP-D-FG', { evaluatorGroup: '党委', veto: '是', vetoReason: '重大信访事件' }),
    ]);
    expect(res.status).toBe(201);
  });
});
