import { beforeAll, describe, expect, it } from 'vitest';
import { api, body, login, seedDemoOrg, testEnv } from '../../test/helpers.ts';

interface RecordView {
  id: number;
  level: number;
  masked: boolean;
  version: number;
  values: Record<string, unknown>;
}
interface Page {
  items: RecordView[];
  nextCursor: string | null;
}

const caseValues = (i: number, changes: Record<string, unknown> = {}) => ({
  caseNo: `R-${String(i).padStart(3, '0')}`,
  receivedOn: `2026-0${1 + (i % 9)}-1${i % 10}`,
  channel: '来电',
  reporterName: '王建华',
  reporterPhone: '13912341139',
  address: '长白路100弄3号',
  area: 'YP-CB-001',
  category: i % 2 === 0 ? '环境卫生' : '城市管理',
  summary: i % 5 === 0 ? '楼道电线老化存在安全隐患' : '垃圾箱房异味严重',
  firstReceiver: '李敏',
  status: '办理中',
  ...changes,
});

async function submitCases(unit: string, rows: Record<string, unknown>[], key: string) {
  const res = await api('/api/submissions', {
    method: 'POST',
    token: await login(unit),
    headers: { 'Idempotency-Key': key },
    json: {
      kind: 'case',
      unit,
      period: '2026',
      rows: rows.map((values, i) => ({ row: i + 3, values })),
    },
  });
  expect(res.status).toBe(201);
}

const list = async (query: string, as: string) =>
  body<Page>(await api(`/api/cases?${query}`, { token: await login(as) }));

const caseId = async (caseNo: string) =>
  (await testEnv.DB.prepare('SELECT id FROM cases WHERE case_no = ?1')
    .bind(caseNo)
    .first<{ id: number }>())!.id;

beforeAll(async () => {
  await seedDemoOrg();
  await submitCases(
    'YP-CB-001',
    Array.from({ length: 20 }, (_, i) => caseValues(i)),
    'cases-cb-001',
  );
  await submitCases(
    'YP-WJC-001',
    [caseValues(100, { caseNo: 'W-100', area: 'YP-WJC-001' })],
    'cases-wjc-001',
  );
});

describe('listing cases', () => {
  it('a unit sees its subtree and nothing else', async () => {
    expect((await list('limit=100', 'YP-CB-001')).items).toHaveLength(20);
    expect((await list('limit=100', 'YP-CB')).items).toHaveLength(20);
    expect((await list('limit=100', 'YP')).items).toHaveLength(21);
    expect((await list('limit=100', 'YP-WJC')).items).toHaveLength(1);
    const res = await api('/api/cases?unit=YP-CB-001', { token: await login('YP-WJC') });
    expect(res.status).toBe(403);
  });

  it('residents are shown in full to the handling unit only', async () => {
    const own = (await list('limit=1', 'YP-CB-001')).items[0]!;
    expect(own.masked).toBe(false);
    expect(own.values).toMatchObject({ reporterName: '王建华', reporterPhone: '13912341139' });
    const above = (await list('limit=1', 'YP-CB')).items[0]!;
    expect(above.masked).toBe(true);
    expect(above.values).toMatchObject({ reporterName: '王**', reporterPhone: '139****1139' });
  });

  it('filters by category, period, text and level', async () => {
    const env = (await list('category=环境卫生&unit=YP-CB&limit=100', 'YP')).items;
    expect(env).toHaveLength(10);
    expect(env.every((c) => c.values.category === '环境卫生')).toBe(true);
    const march = (await list('period=2026-03&limit=100', 'YP')).items;
    expect(
      march.map((c) => c.values.receivedOn as string).every((d) => d.startsWith('2026-03')),
    ).toBe(true);
    expect(march.length).toBeGreaterThan(0);
    const wires = (await list(`q=${encodeURIComponent('电线')}&unit=YP-CB&limit=100`, 'YP')).items;
    expect(wires).toHaveLength(4);
    expect((await list('level=1', 'YP')).items).toHaveLength(0);
  });

  it('a name or phone shown masked finds nothing; the handling unit still finds it', async () => {
    const byName = `q=${encodeURIComponent('王建华')}&limit=100`;
    expect((await list(byName, 'YP-CB-001')).items).toHaveLength(20);
    expect((await list(`unit=YP-CB&${byName}`, 'YP-CB')).items).toHaveLength(0);
    expect((await list(`q=${encodeURIComponent('建')}&limit=100`, 'YP')).items).toHaveLength(0);
    expect((await list('q=13912341139&limit=100', 'YP-CB-001')).items).toHaveLength(20);
    expect((await list('q=1391234&limit=100', 'YP')).items).toHaveLength(0);
  });

  it('walks every case once through the cursor, in sort order', async () => {
    const seen: RecordView[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `unit=YP-CB&sort=receivedOn&limit=3${cursor ? `&cursor=${cursor}` : ''}`;
      const pageOf: Page = await list(query, 'YP-CB');
      seen.push(...pageOf.items);
      cursor = pageOf.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(20);
    expect(new Set(seen.map((c) => c.id)).size).toBe(20);
    const dates = seen.map((c) => c.values.receivedOn as string);
    expect(dates).toEqual([...dates].sort());
  });

  it('overdue lists the open cases past their resolution due date', async () => {
    const overdue = (await list('overdue=true&limit=100', 'YP')).items;
    expect(overdue.length).toBe(21);
    await testEnv.DB.prepare(
      "UPDATE cases SET resolution_due = '2999-01-01' WHERE case_no = 'W-100'",
    ).run();
    expect((await list('overdue=true&limit=100', 'YP')).items).toHaveLength(20);
  });

  it('a bad cursor is a 400', async () => {
    const res = await api('/api/cases?cursor=nonsense', { token: await login('YP') });
    expect(res.status).toBe(400);
  });

  it('a crafted cursor holding an object is a 400 INVALID_CURSOR, not a database error', async () => {
    const crafted = btoa(JSON.stringify(['2026-01-01', { a: 1 }]));
    for (const path of ['/api/cases', '/api/submissions']) {
      const res = await api(`${path}?cursor=${encodeURIComponent(crafted)}`, {
        token: await login('YP'),
      });
      expect(res.status).toBe(400);
      expect((await body<{ error: { code: string } }>(res)).error.code).toBe('INVALID_CURSOR');
    }
  });
});

describe('changing a case', () => {
  it('the handling unit changes status and reply; each change is an event with before and after', async () => {
    const id = await caseId('R-001');
    const res = await api(`/api/cases/${id}`, {
      method: 'PATCH',
      token: await login('YP-CB-001'),
      json: { status: '已答复', repliedOn: '2026/11/20' },
    });
    expect(res.status).toBe(200);
    const json = await body<{ record: RecordView; events: { field: string }[] }>(res);
    expect(json.record.values).toMatchObject({ status: '已答复', repliedOn: '2026-11-20' });
    expect(json.record.version).toBe(2);
    const detail = await body<{
      events: { kind: string; reason: string; actor: string; before: unknown; after: unknown }[];
    }>(await api(`/api/cases/${id}`, { token: await login('YP-CB-001') }));
    expect(detail.events).toEqual([
      expect.objectContaining({
        reason: 'status',
        actor: 'YP-CB-001',
        before: { status: '办理中' },
        after: { status: '已答复' },
      }),
      expect.objectContaining({
        reason: 'repliedOn',
        before: { repliedOn: null },
        after: { repliedOn: '2026-11-20' },
      }),
    ]);
    const history = await body<{
      versions: { version: number; before: Record<string, unknown> }[];
    }>(await api(`/api/cases/${id}/history`, { token: await login('YP-CB-001') }));
    expect(history.versions).toEqual([
      expect.objectContaining({
        version: 2,
        before: expect.objectContaining({ status: '办理中' }),
      }),
    ]);
  });

  it('the first receiver never changes', async () => {
    const id = await caseId('R-002');
    const res = await api(`/api/cases/${id}`, {
      method: 'PATCH',
      token: await login('YP-CB-001'),
      json: { firstReceiver: '张三', status: '已受理' },
    });
    expect(res.status).toBe(422);
    expect((await body<{ error: { code: string } }>(res)).error.code).toBe('FIRST_RECEIVER_FIXED');
  });

  it('a change that breaks the ledger rules is a 422 naming the field', async () => {
    const id = await caseId('R-003');
    const res = await api(`/api/cases/${id}`, {
      method: 'PATCH',
      token: await login('YP-CB-001'),
      json: { status: '已办结' },
    });
    expect(res.status).toBe(422);
    const { error } = await body<{ error: { issues: { field: string }[] } }>(res);
    expect(error.issues.map((i) => i.field).sort()).toEqual(['resolvedOn', 'result']);
  });

  it('a change made on an older version is a 409', async () => {
    const id = await caseId('R-004');
    const token = await login('YP-CB-001');
    const first = await api(`/api/cases/${id}`, {
      method: 'PATCH',
      token,
      json: { remarks: '一', version: 1 },
    });
    expect(first.status).toBe(200);
    const second = await api(`/api/cases/${id}`, {
      method: 'PATCH',
      token,
      json: { remarks: '二', version: 1 },
    });
    expect(second.status).toBe(409);
  });

  it('20 concurrent changes: one audit row for each change that applied, none for the refused', async () => {
    const id = await caseId('R-008');
    const token = await login('YP-CB-001');
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        api(`/api/cases/${id}`, { method: 'PATCH', token, json: { remarks: `批注${i}` } }),
      ),
    );
    const applied = answers.filter((a) => a.status === 200).length;
    expect(applied).toBeGreaterThanOrEqual(1);
    expect(answers.every((a) => a.status === 200 || a.status === 409)).toBe(true);
    const audited = await testEnv.DB.prepare(
      "SELECT count(*) AS n FROM audit_log WHERE action = 'case.update' AND target = ?1",
    )
      .bind(String(id))
      .first<{ n: number }>();
    expect(audited!.n).toBe(applied);
    const { version } = (await testEnv.DB.prepare('SELECT version FROM cases WHERE id = ?1')
      .bind(id)
      .first<{ version: number }>())!;
    expect(version).toBe(1 + applied);
  });

  it('only the handling level changes a case: not the level above while the area handles it', async () => {
    const id = await caseId('R-005');
    const res = await api(`/api/cases/${id}`, {
      method: 'PATCH',
      token: await login('YP-CB'),
      json: { remarks: '街道批注' },
    });
    expect(res.status).toBe(403);
  });

  it('a department reads and handles the cases dispatched to it, and no others', async () => {
    const id = await caseId('R-006');
    const dispatch = await api(`/api/cases/${id}/dispatch`, {
      method: 'POST',
      token: await login('YP'),
      json: { department: '区绿化市容局', handler: '周强', plan: '联系物业一周内清运' },
    });
    expect(dispatch.status).toBe(200);
    const token = await login('YP-D-LH');
    const mine = await body<Page>(await api('/api/cases', { token }));
    expect(mine.items.map((c) => c.id)).toEqual([id]);
    expect(mine.items[0]!.masked).toBe(false);
    const patch = await api(`/api/cases/${id}`, {
      method: 'PATCH',
      token,
      json: { status: '已答复', repliedOn: '2026-11-21', assignee: 'YP-D-LH' },
    });
    expect(patch.status).toBe(200);
    const other = await caseId('R-007');
    expect((await api(`/api/cases/${other}`, { token })).status).toBe(403);
  });
});

describe('other ledgers', () => {
  it('households, visits and evaluations list and show within scope', async () => {
    const token = await login('YP-CB-001');
    const submit = (kind: string, values: Record<string, unknown>, unit = 'YP-CB-001', t = token) =>
      api('/api/submissions', {
        method: 'POST',
        token: t,
        headers: { 'Idempotency-Key': `other-${kind}` },
        json: { kind, unit, period: '2026', rows: [{ row: 3, values }] },
      });
    expect(
      (
        await submit('household', {
          householdNo: 'H-1',
          area: 'YP-CB-001',
          address: '长白路1号',
          headName: '陈桂兰',
          phone: '13800001234',
          members: 2,
          householdType: '孤老',
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await submit('visit', {
          visitOn: '2026-05-14',
          cadre: '刘志强',
          area: 'YP-CB-001',
          target: 'H-1',
          visitType: '定点联系日',
          content: '了解老人生活情况',
          caseNos: 'R-001、R-002',
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await submit(
          'evaluation',
          {
            period: '2026',
            subjectKind: '单位',
            subject: '长白新村街道',
            evaluatorGroup: '群众',
            overall: '满意',
          },
          'YP',
          await login('YP'),
        )
      ).status,
    ).toBe(201);

    const households = await body<Page>(await api('/api/households', { token }));
    expect(households.items[0]!.values).toMatchObject({
      headName: '陈桂兰',
      householdType: '孤老',
    });
    const masked = await body<Page>(await api('/api/households', { token: await login('YP-CB') }));
    expect(masked.items[0]!.values).toMatchObject({ headName: '陈**', phone: '138****1234' });
    const visits = await body<Page>(await api('/api/visits?cadre=刘志强', { token }));
    expect(visits.items[0]!.values.caseNos).toEqual(['R-001', 'R-002']);
    const visit = await api(`/api/visits/${visits.items[0]!.id}`, { token });
    expect(visit.status).toBe(200);
    const evaluations = await body<Page>(
      await api('/api/evaluations?period=2026', { token: await login('YP') }),
    );
    expect(evaluations.items[0]!.values).toMatchObject({ subject: 'YP-CB', overall: '满意' });
    expect((await api('/api/evaluations', { token: await login('YP-WJC') })).status).toBe(200);
    expect(
      (await api(`/api/households/${households.items[0]!.id}`, { token: await login('YP-WJC') }))
        .status,
    ).toBe(403);
    expect((await api('/api/households/999999', { token })).status).toBe(404);
  });
});

// Last: it adds a case to the district's counts.
describe('personal data in free text', () => {
  it('free text and addresses are masked outside the receiving and handling units, and not searchable there', async () => {
    await submitCases(
      'YP-WJC-002',
      [
        caseValues(200, {
          caseNo: 'PD-1',
          area: 'YP-WJC-002',
          reporterName: '彭丽萍',
          address: '长白路100弄5号301室',
          summary: '彭阿姨（13912345678，身份证310110195803154327）反映20130503起漏水',
        }),
      ],
      'cases-pd',
    );
    const [own] = (await list('q=PD-1', 'YP-WJC-002')).items;
    expect(own!.values.summary).toContain('13912345678');
    const [above] = (await list('q=PD-1&unit=YP-WJC', 'YP-WJC')).items;
    expect(above!.values).toMatchObject({
      summary: '*阿姨（139****5678，身份证310***********4327）反映20130503起漏水',
      address: '长白路100弄',
    });
    for (const q of ['13912345678', '丽', '5号301']) {
      expect((await list(`q=${encodeURIComponent(q)}&unit=YP-WJC`, 'YP-WJC')).items).toHaveLength(
        0,
      );
    }
    expect(
      (await list(`q=${encodeURIComponent('漏水')}&unit=YP-WJC`, 'YP-WJC')).items,
    ).toHaveLength(1);
  });
});
