import { beforeAll, describe, expect, it } from 'vitest';
import { api, body, login, seedDemoOrg, testEnv } from '../../test/helpers.ts';

/** A register row as a district clerk types it (unit and area by name, rank as on paper). */
const cadre = (cadreNo: string, name: string, unit: string, rank: string, contactArea = '') => ({
  cadreNo,
  name,
  unit,
  post: '科员',
  rank,
  contactArea,
});

const submit = (key: string, values: ReturnType<typeof cadre>[], token: string) =>
  api('/api/submissions', {
    method: 'POST',
    token,
    headers: { 'Idempotency-Key': key },
    json: {
      kind: 'cadre',
      unit: 'YP',
      period: '2026',
      sourceName: '干部名册.xlsx',
      rows: values.map((v, i) => ({ row: i + 3, values: v })),
    },
  });

let district: string;
beforeAll(async () => {
  await seedDemoOrg();
  district = await login('YP');
});

describe('the cadre register (干部名册), a ledger like the others', () => {
  it('is submitted, normalised and listed with its own filters', async () => {
    const res = await submit(
      'register-1',
      [
        cadre('C001', '王建华', '长白新村街道', '副处', '长白一村'),
        cadre('C002', '李敏', '区民政局', '正局'),
        cadre('C003', '赵强', 'YP-WJC', '科级', '国定一'),
      ],
      district,
    );
    expect(res.status).toBe(201);
    const list = await body<{ items: { id: number; values: Record<string, unknown> }[] }>(
      await api('/api/cadres?unit=YP&rank=处级', { token: district }),
    );
    expect(list.items.map((i) => i.values)).toEqual([
      {
        cadreNo: 'C001',
        name: '王建华',
        unit: 'YP-CB',
        post: '科员',
        rank: '处级',
        contactArea: 'YP-CB-001',
      },
    ]);
    const detail = await api(`/api/cadres/${list.items[0]!.id}`, { token: district });
    expect(detail.status).toBe(200);
  });

  it('refuses a unit outside the district and a contact area that is not a residential area', async () => {
    const res = await submit(
      'register-bad',
      [cadre('C009', '钱多', '区民政局', '科级', '区民政局')],
      district,
    );
    expect(res.status).toBe(422);
    const { error } = await body<{ error: { issues: { field: string }[] } }>(res);
    expect(error.issues.map((i) => i.field)).toEqual(['contactArea']);
  });

  it('a new version keeps the earlier values in the history and drops a row it no longer has', async () => {
    const res = await submit(
      'register-2',
      [
        cadre('C001', '王建华', '长白新村街道', '正处', '长白二村'),
        cadre('C002', '李敏', '区民政局', '正局'),
      ],
      district,
    );
    expect(res.status).toBe(201);
    const db = testEnv.DB;
    const history = await db
      .prepare(
        `SELECT h.before ->> '$.contactArea' AS before, h.after ->> '$.contactArea' AS after
           FROM record_history h JOIN cadres c ON c.id = h.record_id
          WHERE h.kind = 'cadre' AND c.cadre_no = 'C001'`,
      )
      .all<{ before: string; after: string }>();
    expect(history.results).toEqual([{ before: 'YP-CB-001', after: 'YP-CB-002' }]);
    const current = await db
      .prepare('SELECT cadre_no FROM cadres WHERE current = 1 ORDER BY cadre_no')
      .all<{ cadre_no: string }>();
    expect(current.results.map((r) => r.cadre_no)).toEqual(['C001', 'C002']);
  });

  // The tables no longer list the kinds (the registry does): the Worker refuses an unknown one.
  it('submissions still refuse a kind that is no ledger', async () => {
    const res = await api('/api/submissions', {
      method: 'POST',
      token: district,
      headers: { 'Idempotency-Key': 'register-people' },
      json: { kind: 'people', unit: 'YP', period: '2026', sourceName: 'x.xlsx', rows: [] },
    });
    expect(res.status).toBe(400);
    expect((await body<{ error: { code: string } }>(res)).error.code).toBe('INVALID_REQUEST');
    const stored = await testEnv.DB.prepare(
      `SELECT count(*) AS n FROM submissions WHERE kind = 'people'`,
    ).first<{ n: number }>();
    expect(stored?.n).toBe(0);
  });
});
