import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { api, body, forgetTokens, login, seedDemoOrg, testEnv } from '../../test/helpers.ts';

/** Sets the clock to 10:00 China time on `day` (the day a step records is China's), new sessions. */
const at = (day: string) => {
  vi.setSystemTime(new Date(`${day}T02:00:00Z`));
  forgetTokens();
};

const caseValues = (caseNo: string, area: string, more: Record<string, unknown> = {}) => ({
  caseNo,
  receivedOn: '2026-07-06',
  channel: '来电',
  reporterName: '王建华',
  reporterPhone: '13912341139',
  address: '长白路100弄3号',
  area,
  category: '环境卫生',
  summary: '垃圾箱房异味严重',
  firstReceiver: '李敏',
  status: '办理中',
  ...more,
});

const idOf = async (caseNo: string) =>
  (await testEnv.DB.prepare('SELECT id FROM cases WHERE case_no = ?1')
    .bind(caseNo)
    .first<{ id: number }>())!.id;

const post = async (user: string, path: string, json?: unknown) =>
  api(path, { method: 'POST', token: await login(user), ...(json ? { json } : {}) });
const get = async (user: string, path: string) => api(path, { token: await login(user) });
const patch = async (user: string, id: number, json: unknown) =>
  api(`/api/cases/${id}`, { method: 'PATCH', token: await login(user), json });

const plan = { handler: '张伟', plan: '三日内现场查看并清运' };

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ['Date'] });
  at('2026-07-06');
  await seedDemoOrg();
  // Received Mon 07-06: the area's reply is due 07-13, its resolution 08-05.
  const submit = async (unit: string, rows: Record<string, unknown>[]) => {
    const res = await api('/api/submissions', {
      method: 'POST',
      token: await login(unit),
      headers: { 'Idempotency-Key': `dispatch-${unit}` },
      json: {
        kind: 'case',
        unit,
        period: '2026-07',
        rows: rows.map((values, i) => ({ row: i + 3, values })),
      },
    });
    expect(res.status).toBe(201);
  };
  await submit('YP-CB-001', [caseValues('D-1', 'YP-CB-001'), caseValues('D-2', 'YP-CB-001')]);
  await submit('YP-CB-002', [
    // A sheet that names a department and a date: data, no access.
    caseValues('D-3', 'YP-CB-002', { assignee: '区人社局', dispatchedOn: '2026-07-06' }),
    caseValues('D-4', 'YP-CB-002'),
  ]);
});

afterAll(() => {
  vi.useRealTimers();
});

describe('access follows dispatch', () => {
  it('a 承办单位 written on a sheet or in an edit gives the department nothing', async () => {
    const id = await idOf('D-3');
    expect((await get('YP-D-RS', `/api/cases/${id}`)).status).toBe(403);
    expect((await body<{ items: unknown[] }>(await get('YP-D-RS', '/api/cases'))).items).toEqual(
      [],
    );
    const edited = await patch('YP-CB-002', await idOf('D-4'), { assignee: '区民政局' });
    expect(edited.status).toBe(200);
    expect((await get('YP-D-MZ', `/api/cases/${await idOf('D-4')}`)).status).toBe(403);
    // Nor may the department act on it as the dispatched one.
    const ask = await post('YP-D-RS', `/api/cases/${id}/extension`, { days: 5, reason: '需协调' });
    expect(ask.status).toBe(403);
  });

  it("a clerk's 承办单位 may name a department or a unit of its own, not another sub-district's area", async () => {
    const id = await idOf('D-1');
    const res = await patch('YP-CB-001', id, { assignee: 'YP-WJC-001' });
    expect(res.status).toBe(422);
    const { error } = await body<{ error: { issues: { field: string; code: string }[] } }>(res);
    expect(error.issues).toMatchObject([{ field: 'assignee', code: 'NOT_ASSIGNABLE' }]);
    expect((await get('YP-WJC-001', `/api/cases/${id}`)).status).toBe(403);
  });
});

describe('dispatch, extension, send-back and reassignment', () => {
  it('only the district dispatches, to a department of its own, once', async () => {
    at('2026-07-15');
    const id = await idOf('D-1');
    const json = { department: '区房管局', ...plan };
    expect((await post('YP-CB', `/api/cases/${id}/dispatch`, json)).status).toBe(403);
    expect((await post('YP-D-FG', `/api/cases/${id}/dispatch`, json)).status).toBe(403);
    const toArea = await post('YP', `/api/cases/${id}/dispatch`, { ...json, department: 'YP-CB' });
    expect(toArea.status).toBe(422);
    expect((await body(toArea)).error).toMatchObject({ code: 'NOT_A_DEPARTMENT' });

    const res = await post('YP', `/api/cases/${id}/dispatch`, json);
    expect(res.status).toBe(200);
    // Dispatched Wed 07-15: the department's reply is due 07-22, its resolution 08-14.
    expect(await body(res)).toMatchObject({
      department: 'YP-D-FG',
      dispatchedOn: '2026-07-15',
      replyDue: '2026-07-22',
      resolutionDue: '2026-08-14',
    });
    expect((await post('YP', `/api/cases/${id}/dispatch`, json)).status).toBe(409);

    const seen = await get('YP-D-FG', `/api/cases/${id}`);
    expect(seen.status).toBe(200);
    const { record } = await body<{
      record: { masked: boolean; values: Record<string, unknown>; dispatch: unknown };
    }>(seen);
    expect(record.masked).toBe(false);
    expect(record.values).toMatchObject({
      assignee: 'YP-D-FG',
      dispatchedOn: '2026-07-15',
      handler: '张伟',
      plan: '三日内现场查看并清运',
    });
    expect(record.dispatch).toMatchObject({ department: 'YP-D-FG', resolutionDue: '2026-08-14' });
  });

  it('the department asks for an extension once; the district grants it once', async () => {
    at('2026-07-15');
    const id = await idOf('D-2');
    expect(
      (await post('YP', `/api/cases/${id}/dispatch`, { department: 'YP-D-FG', ...plan })).status,
    ).toBe(200);
    at('2026-07-16');
    const ask = { days: 10, reason: '需协调产权单位' };
    expect((await post('YP', `/api/cases/${id}/extension`, ask)).status).toBe(403);
    expect((await post('YP', `/api/cases/${id}/extension/grant`)).status).toBe(409);
    const asked = await post('YP-D-FG', `/api/cases/${id}/extension`, ask);
    expect(asked.status).toBe(200);
    expect(await body(asked)).toMatchObject({ status: 'pending', askedOn: '2026-07-16' });
    expect((await post('YP-D-FG', `/api/cases/${id}/extension`, ask)).status).toBe(409);
    expect((await post('YP-D-FG', `/api/cases/${id}/extension/grant`)).status).toBe(403);
    at('2026-07-17');
    const granted = await post('YP', `/api/cases/${id}/extension/grant`);
    expect(granted.status).toBe(200);
    // 07-15 + 30 + 10 days = Mon 08-24.
    expect(await body(granted)).toMatchObject({ days: 10, resolutionDue: '2026-08-24' });
    expect((await post('YP', `/api/cases/${id}/extension/grant`)).status).toBe(409);
    expect((await post('YP-D-FG', `/api/cases/${id}/extension`, ask)).status).toBe(409);
  });

  it('a send-back ends the department’s access; a reassignment starts a new dispatch date', async () => {
    const id = await idOf('D-4');
    at('2026-07-15');
    expect(
      (await post('YP', `/api/cases/${id}/dispatch`, { department: 'YP-D-RS', ...plan })).status,
    ).toBe(200);
    at('2026-07-20');
    expect((await post('YP-D-RS', `/api/cases/${id}/return`, {})).status).toBe(400);
    const back = await post('YP-D-RS', `/api/cases/${id}/return`, { reason: '不属于本部门职责' });
    expect(back.status).toBe(200);
    expect((await get('YP-D-RS', `/api/cases/${id}`)).status).toBe(403);
    expect(
      (await post('YP', `/api/cases/${id}/reassign`, { department: 'YP-D-MZ', ...plan })).status,
    ).toBe(409);
    at('2026-07-25');
    expect(
      (await post('YP', `/api/cases/${id}/dispatch`, { department: 'YP-D-MZ', ...plan })).status,
    ).toBe(200);
    at('2026-07-27');
    const moved = await post('YP', `/api/cases/${id}/reassign`, {
      department: '区房管局',
      ...plan,
    });
    expect(moved.status).toBe(200);
    // Mon 07-27 + 30 days = Wed 08-26.
    expect(await body(moved)).toMatchObject({
      dispatchedOn: '2026-07-27',
      resolutionDue: '2026-08-26',
    });
    expect((await get('YP-D-MZ', `/api/cases/${id}`)).status).toBe(403);
    expect((await get('YP-D-FG', `/api/cases/${id}`)).status).toBe(200);

    const history = await body<{ events: { at: string; kind: string; after: unknown }[] }>(
      await get('YP', `/api/cases/${id}/history`),
    );
    // After the clerk's edit of 承办单位 on 07-06 (an update event, see above):
    const steps = history.events.filter((e) => e.kind !== 'update');
    expect(steps.map((e) => [e.at.slice(0, 10), e.kind])).toEqual([
      ['2026-07-15', 'dispatched'],
      ['2026-07-20', 'sent_back'],
      ['2026-07-25', 'dispatched'],
      ['2026-07-27', 'reassigned'],
    ]);
    expect(steps[1]!.after).toMatchObject({
      department: 'YP-D-RS',
      reason: '不属于本部门职责',
    });
    const audit = await testEnv.DB.prepare(
      "SELECT action FROM audit_log WHERE target = ?1 AND action LIKE 'case.%' AND action <> 'case.update' ORDER BY id",
    )
      .bind(String(id))
      .all<{ action: string }>();
    expect(audit.results.map((r) => r.action)).toEqual([
      'case.dispatched',
      'case.sent_back',
      'case.dispatched',
      'case.reassigned',
    ]);
  });

  it('scores: the department from dispatch and extension, the area no longer late for what it handed over', async () => {
    // 区房管局 replies and resolves D-1 (dispatched 07-15) and D-2 (extended to 08-24).
    const d1 = await idOf('D-1');
    const d2 = await idOf('D-2');
    at('2026-08-20');
    const done = (repliedOn: string, resolvedOn: string) => ({
      status: '已办结',
      repliedOn,
      resolvedOn,
      result: '已清运并加装除臭设施',
    });
    expect((await patch('YP-D-FG', d1, done('2026-07-20', '2026-08-10'))).status).toBe(200);
    expect((await patch('YP-D-FG', d2, done('2026-07-16', '2026-08-20'))).status).toBe(200);
    at('2026-09-01');
    const query = 'asOf=2026-08-31&period=2026';
    const departments = await body<{ groups: Record<string, unknown>[] }>(
      await get('YP', `/api/scores?unit=YP-CB-001&by=department&${query}`),
    );
    // From dispatch: replies 07-20 and 07-16 by 07-22; resolutions 08-10 by 08-14 and 08-20 by
    // 08-24 (the extension). Without it 08-20 would have been late.
    expect(departments.groups).toMatchObject([
      { key: 'YP-D-FG', intake: 2, responseRate: 1, onTimeResolutionRate: 1, closureRate: 1 },
    ]);
    const own = await body<{ total: Record<string, unknown> }>(
      await get('YP-D-FG', `/api/scores?unit=YP-D-FG&by=cadre&${query}`),
    );
    // The department's own figures hold D-1, D-2 and, since 07-27, D-4 (open, due 08-26: late).
    expect(own.total).toMatchObject({ intake: 3, onTimeResolutionRate: 0.6667 });
    // The area, from receipt: both replies came after 07-13 (0 of 2); both cases were dispatched
    // before 08-05 and leave its on-time set; it keeps them in intake and closure.
    const area = await body<{ total: Record<string, unknown> }>(
      await get('YP', `/api/scores?unit=YP-CB-001&${query}`),
    );
    expect(area.total).toMatchObject({
      intake: 2,
      responseRate: 0,
      onTimeResolutionRate: null,
      closureRate: 1,
    });
  });

  it('the supervision list shows both clocks for a dispatched case', async () => {
    at('2026-09-01');
    const { overdue } = await body<{ overdue: Record<string, unknown>[] }>(
      await get('YP', '/api/supervision?unit=YP-CB-002&asOf=2026-08-31'),
    );
    // D-4: received 07-06 (due 08-05, 26 days ago), reassigned 07-27 to 区房管局 (due 08-26, 5 days
    // ago, and no reply by 08-03). D-3's sheet dispatch of 07-06 to 区人社局: due 08-05 for both.
    expect(overdue.map((i) => [i.caseNo, i.reason, i.daysOverdue, i.department])).toEqual([
      [
        'D-3',
        'OVERDUE',
        26,
        {
          code: 'YP-D-RS',
          dispatchedOn: '2026-07-06',
          replyDue: '2026-07-13',
          resolutionDue: '2026-08-05',
          reason: 'OVERDUE',
          daysOverdue: 26,
        },
      ],
      [
        'D-4',
        'OVERDUE',
        26,
        {
          code: 'YP-D-FG',
          dispatchedOn: '2026-07-27',
          replyDue: '2026-08-03',
          resolutionDue: '2026-08-26',
          reason: 'OVERDUE',
          daysOverdue: 5,
        },
      ],
    ]);
  });
});
