/**
 * The whole flow against the real Worker (`wrangler dev` on fresh local D1), through the typed
 * client, as the users would: a residential clerk converts a sample workbook, is told what is
 * wrong, fixes it and submits; the sub-district accepts and forwards; a case reported up climbs to
 * the district with the daily sweep and is overdue; the district's scores equal the shared
 * computation over the same records.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { hc } from 'hono/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run as calendarCommand } from '../../cli/calendar.ts';
import { run as exportLedgers } from '../../cli/export.ts';
import { run as importFiles } from '../../cli/import.ts';
import { readOrgFile } from '../../cli/org.ts';
import { readWorkbook } from '../../cli/xlsx.ts';
import { type LocalWorker, startLocalWorker } from '../../scripts/local-worker.ts';
import { bootstrapDemo, DEMO_PASSWORD } from '../../scripts/seed.ts';
import { seedCalendar, shiftDays } from '../../shared/calendar.ts';
import { type Cell, convertSheet } from '../../shared/convert/index.ts';
import { dispatchDueDates, groupFigures, type ScoredCase } from '../../shared/scores.ts';
import { DEFAULT_SETTINGS } from '../../shared/settings.ts';
import type { AppType } from '../../worker/src/index.ts';

const SAMPLES = path.resolve(import.meta.dirname, '../../../shared/samples');
const org = readOrgFile();
let worker: LocalWorker;
let state: string;

beforeAll(async () => {
  state = mkdtempSync(path.join(tmpdir(), 'minqing-e2e-'));
  worker = await startLocalWorker({ persistTo: state, vars: { ALLOW_BOOTSTRAP: 'true' } });
  expect(await bootstrapDemo(worker.url)).toBe(true);
}, 180_000);

afterAll(async () => {
  await worker?.stop();
  rmSync(state, { recursive: true, force: true });
});

/** A typed client signed in as the unit's demo account. */
async function signIn(username: string) {
  const response = await hc<AppType>(worker.url).api.auth.login.$post({
    json: { username, password: DEMO_PASSWORD },
  });
  expect(response.status).toBe(200);
  const { token } = (await response.json()) as { token: string };
  return hc<AppType>(worker.url, { headers: { authorization: `Bearer ${token}` } });
}

type Client = Awaited<ReturnType<typeof signIn>>;

async function allCases(client: Client, unit: string) {
  const items: Record<string, unknown>[] = [];
  let cursor: string | undefined;
  do {
    const response = await client.api.cases.$get({
      query: { unit, limit: '500', sort: 'receivedOn', ...(cursor ? { cursor } : {}) },
    });
    expect(response.status).toBe(200);
    const page = (await response.json()) as {
      items: Record<string, unknown>[];
      nextCursor: string | null;
    };
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

describe('a year of mass work, end to end', () => {
  it('a clerk converts a workbook, fixes the rows the server rejects, and submits once', async () => {
    const clerk = await signIn('YP-CB-003');
    const sheet = await readWorkbook(path.join(SAMPLES, 'shangli-households-2026.xlsx'));
    const ctx = { org, unit: 'YP-CB-003', asOf: '2026-11-16' };
    const first = convertSheet(sheet, ctx);
    const submission = (rows: typeof first.rows) => ({
      kind: 'household' as const,
      unit: 'YP-CB-003',
      period: '2026',
      sourceName: 'shangli-households-2026.xlsx',
      // Clean rows go as canonical values; a row with errors goes as typed, for the server to judge.
      rows: rows.map(({ row, values, original, errors }) => ({
        row,
        values: errors.length > 0 ? original : values,
      })),
    });

    // The server re-validates what it is sent (it never trusts the add-in): nothing is written.
    const rejected = await clerk.api.submissions.$post(
      { json: submission(first.rows) },
      { headers: { 'idempotency-key': 'shangli-try-1' } },
    );
    expect(rejected.status).toBe(422);
    const error = (await rejected.json()) as unknown as {
      error: { code: string; issues: { row: number; field: string; code: string }[] };
    };
    expect(error.error.code).toBe('INVALID_ROWS');
    expect(error.error.issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ row: 11, field: 'members', code: 'OUT_OF_RANGE' }),
        expect.objectContaining({ row: 23, field: 'householdNo', code: 'DUPLICATE' }),
      ]),
    );
    const none = await clerk.api.households.$get({
      query: { unit: 'YP-CB-003', limit: '100', sort: 'householdNo' },
    });
    expect(((await none.json()) as { items: unknown[] }).items).toEqual([]);

    // The clerk fixes the two cells and converts again.
    const fixed = structuredClone(sheet);
    const columnOf = (field: string) => first.columns.findIndex((c) => c.field === field);
    (fixed.values[10] as Cell[])[columnOf('members')] = 2;
    (fixed.values[22] as Cell[])[columnOf('householdNo')] = 'SL-0031';
    const second = convertSheet(fixed, ctx);
    expect(second.rows.flatMap((r) => r.errors)).toEqual([]);

    const post = () =>
      clerk.api.submissions.$post(
        { json: submission(second.rows) },
        { headers: { 'idempotency-key': 'shangli-2026-fixed' } },
      );
    const created = await post();
    expect(created.status).toBe(201);
    const receipt = await created.json();
    expect(receipt).toMatchObject({ version: 1, inserted: 30 });
    // Submitting the same workbook again is recognised: the first receipt, nothing written.
    const again = await post();
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(receipt);
    const stored = await clerk.api.households.$get({
      query: { unit: 'YP-CB-003', limit: '100', sort: 'householdNo' },
    });
    expect(((await stored.json()) as { items: unknown[] }).items).toHaveLength(30);
  });

  it('the sub-district accepts it from its inbox and forwards its year to the district', async () => {
    const subdistrict = await signIn('YP-CB');
    const inbox = await subdistrict.api.submissions.$get({
      query: { unit: 'YP-CB', status: 'submitted', limit: '100' },
    });
    const { items } = await inbox.json();
    const shangli = items.find((s) => s.unit === 'YP-CB-003' && s.kind === 'household');
    expect(shangli).toBeDefined();
    const accepted = await subdistrict.api.submissions[':id'].accept.$post({
      param: { id: shangli!.id },
    });
    expect(accepted.status).toBe(200);
    const forwarded = await subdistrict.api.submissions.forward.$post({
      json: { unit: 'YP-CB', period: '2026' },
    });
    expect(forwarded.status).toBe(200);
    const district = await signIn('YP');
    const seen = await district.api.submissions.$get({
      query: { unit: 'YP', status: 'forwarded', limit: '100' },
    });
    const forwardedItems = (await seen.json()).items;
    expect(forwardedItems.map((s) => s.unit)).toContain('YP-CB-003');
  });

  it('a case reported up climbs to the district with the daily sweep and is overdue there', async () => {
    const clerk = await signIn('YP-CB-001');
    const values: Cell[][] = [
      ['长白一村居民区一事一表（2026年）', '', '', '', '', '', '', ''],
      ['编号', '受理日期', '反映人', '联系电话', '问题类别', '诉求内容', '首问责任人', '办理状态'],
      [
        'E2E-1',
        '2026年9月1日',
        '王阿姨',
        '139 1234 5678',
        '住房与旧改',
        '屋顶漏水三个月无人修',
        '陆建华',
        '需上级协调',
      ],
      ['E2E-2', '2026.9.2', '李伯伯', '65012345', '环境卫生', '垃圾箱房异味', '陆建华', '登记'],
    ];
    const converted = convertSheet({ values }, { org, unit: 'YP-CB-001', asOf: '2026-09-02' });
    expect(converted.rows.flatMap((r) => r.errors)).toEqual([]);
    const created = await clerk.api.submissions.$post(
      {
        json: {
          kind: 'case',
          unit: 'YP-CB-001',
          period: '2026',
          sourceName: 'e2e.xlsx',
          rows: converted.rows.map(({ row, values }) => ({ row, values })),
        },
      },
      { headers: { 'idempotency-key': 'e2e-cases' } },
    );
    expect(created.status).toBe(201);

    const district = await signIn('YP');
    for (const date of ['2026-09-02', '2026-09-09', '2026-09-09', '2026-10-02']) {
      const swept = await district.api.sweep.$post({ json: { date } });
      expect(swept.status).toBe(200);
    }
    const cases = await allCases(district, 'YP');
    const reported = cases.find((c) => (c.values as { caseNo: string }).caseNo === 'E2E-1')!;
    expect(reported).toBeDefined();
    const detail = await district.api.cases[':id'].$get({ param: { id: String(reported.id) } });
    const body = (await detail.json()) as unknown as {
      record: { level: number };
      events: { kind: string; reason: string | null; at: string }[];
    };
    // 上报 on receipt → 街道; no reply by the 7th day → 区 the day after (督办); the second sweep of
    // the same day adds nothing.
    expect(body.record.level).toBeGreaterThanOrEqual(2);
    const climbs = body.events.filter((e) => e.kind === 'climb');
    expect(climbs.map((e) => [e.at.slice(0, 10), e.reason])).toEqual(
      expect.arrayContaining([
        ['2026-09-01', 'REPORTED_UP'],
        ['2026-09-09', 'NO_REPLY'],
      ]),
    );
    expect(new Set(climbs.map((e) => `${e.at}|${e.reason}`)).size).toBe(climbs.length);

    // Overdue as of today (the list judges against the real date): due 2026-10-01, still open.
    const overdue = await district.api.cases.$get({
      query: { unit: 'YP', overdue: 'true', limit: '100', sort: 'receivedOn' } as never,
    });
    const overdueNos = (await overdue.json()).items.map((c) => c.values.caseNo);
    expect(overdueNos).toContain('E2E-1');
  });

  it('the district dispatches a case, the department has it extended, and its scores run from the dispatch', async () => {
    const district = await signIn('YP');
    const department = await signIn('YP-D-FG');
    const open = (await allCases(district, 'YP')).find(
      (c) => (c.values as { caseNo: string }).caseNo === 'E2E-2',
    )!;
    const id = String(open.id);
    // Before the dispatch the department cannot see the case.
    expect((await department.api.cases[':id'].$get({ param: { id } })).status).toBe(403);
    const dispatched = await district.api.cases[':id'].dispatch.$post({
      param: { id },
      json: { department: '区房管局', handler: '张伟', plan: '联系物业一周内清运并加装除臭设施' },
    });
    expect(dispatched.status).toBe(200);
    const { dispatchedOn } = (await dispatched.json()) as { dispatchedOn: string };
    const asked = await department.api.cases[':id'].extension.$post({
      param: { id },
      json: { days: 10, reason: '需协调产权单位' },
    });
    expect(asked.status).toBe(200);
    const granted = await district.api.cases[':id'].extension.grant.$post({ param: { id } });
    expect(granted.status).toBe(200);
    // The department's resolution: 30 days from the dispatch, and the 10 granted.
    const due = dispatchDueDates(dispatchedOn, 10, DEFAULT_SETTINGS, seedCalendar());
    expect(await granted.json()).toMatchObject({ days: 10, resolutionDue: due.resolutionDue });
    const seen = await department.api.cases[':id'].$get({ param: { id } });
    expect(seen.status).toBe(200);

    // Department scores, the day after the extended due date: the case is open and late on the
    // department's clock; the figures equal the shared computation over the same records.
    const asOf = shiftDays(due.resolutionDue, 1);
    const response = await district.api.scores.$get({
      query: { unit: 'YP', period: '2026', asOf, by: 'department' },
    });
    expect(response.status).toBe(200);
    const scores = (await response.json()) as { groups: { key: string; intake: number }[] };
    const records = (await allCases(district, 'YP')).map((c) => {
      const dispatch = c.dispatch as {
        firstDispatchedOn: string;
        extension: { days: number; status: string } | null;
      } | null;
      return {
        ...(c.values as object),
        unit: c.unit,
        firstDispatchedOn: dispatch?.firstDispatchedOn ?? null,
        extensionDays: dispatch?.extension?.status === 'granted' ? dispatch.extension.days : null,
      } as unknown as ScoredCase;
    });
    const expected = groupFigures(records, 'department', {
      asOf,
      period: '2026',
      settings: DEFAULT_SETTINGS,
      calendar: seedCalendar(),
      org,
      unit: 'YP',
    });
    const fg = expected.groups.find((g) => g.key === 'YP-D-FG')!;
    expect(scores.groups.find((g) => g.key === 'YP-D-FG')).toMatchObject(fg);
    const late = groupFigures(
      records.filter((r) => (r as unknown as { caseNo: string }).caseNo === 'E2E-2'),
      'department',
      {
        asOf,
        period: '2026',
        settings: DEFAULT_SETTINGS,
        calendar: seedCalendar(),
        org,
        unit: 'YP',
      },
    );
    expect(late.groups).toMatchObject([{ key: 'YP-D-FG', intake: 1, onTimeResolutionRate: 0 }]);
  });

  it("the district's scores equal the shared computation over the same records", async () => {
    const district = await signIn('YP');
    const response = await district.api.scores.$get({
      query: { unit: 'YP', period: '2026', asOf: '2026-11-16', by: 'children' },
    });
    expect(response.status).toBe(200);
    const scores = (await response.json()) as {
      total: Record<string, unknown>;
      groups: { key: string }[];
    };
    const records = (await allCases(district, 'YP')).map(
      (c) => ({ ...(c.values as object), unit: c.unit }) as unknown as ScoredCase,
    );
    const expected = groupFigures(records, 'children', {
      asOf: '2026-11-16',
      period: '2026',
      settings: DEFAULT_SETTINGS,
      calendar: seedCalendar(),
      org,
      unit: 'YP',
    });
    expect(scores.total).toMatchObject(expected.total);
    // Every group the API reports equals the shared computation; YP-CB has the cases above.
    expect(scores.groups.map((g) => g.key)).toContain('YP-CB');
    for (const group of expected.groups) {
      expect(scores.groups.find((g) => g.key === group.key)).toMatchObject(group);
    }
    expect(scores.groups).toHaveLength(expected.groups.length);
  });

  it('a return takes its rows out of the scores and reinstates the previous version; a corrected version puts them back', async () => {
    const clerk = await signIn('YP-CB-002');
    const subdistrict = await signIn('YP-CB');
    const caseOf = (caseNo: string, resolved: boolean) => ({
      row: 3,
      values: {
        caseNo,
        receivedOn: '2026-10-08',
        reporterName: '赵阿姨',
        area: 'YP-CB-002',
        category: '基础设施',
        summary: '楼道灯坏了',
        firstReceiver: '陆建华',
        ...(resolved
          ? { status: '已办结', resolvedOn: '2026-10-09', result: '已更换灯泡' }
          : { status: '办理中' }),
      },
    });
    const submit = async (key: string, rows: ReturnType<typeof caseOf>[]) => {
      const response = await clerk.api.submissions.$post(
        {
          json: {
            kind: 'case',
            unit: 'YP-CB-002',
            period: '2026-10',
            rows: rows.map((r, i) => ({ ...r, row: i + 3 })),
          },
        },
        { headers: { 'idempotency-key': key } },
      );
      expect(response.status).toBe(201);
      return (await response.json()) as { id: string };
    };
    // What the sub-district sees of the area: intake and closed cases, and the return cases' states.
    const seen = async () => {
      const response = await subdistrict.api.scores.$get({
        query: { unit: 'YP-CB-002', period: '2026', asOf: '2026-11-16', by: 'children' },
      });
      const { total } = (await response.json()) as {
        total: { intake: number; closureRate: number };
      };
      const states = (await allCases(subdistrict, 'YP-CB-002'))
        .map((c) => c.values as { caseNo: string; status: string })
        .filter((v) => v.caseNo.startsWith('RET-'))
        .map((v) => `${v.caseNo} ${v.status}`)
        .sort();
      return { intake: total.intake, closed: Math.round(total.intake * total.closureRate), states };
    };
    const before = await seen();
    await submit('e2e-return-1', [caseOf('RET-1', true), caseOf('RET-2', false)]);
    const second = await submit('e2e-return-2', [
      caseOf('RET-1', true),
      caseOf('RET-2', true),
      caseOf('RET-3', true),
    ]);
    expect(await seen()).toEqual({
      intake: before.intake + 3,
      closed: before.closed + 3,
      states: ['RET-1 已办结', 'RET-2 已办结', 'RET-3 已办结'],
    });

    const returned = await subdistrict.api.submissions[':id'].return.$post({
      param: { id: second.id },
      json: { reason: '第3行不是本居民区的诉求' },
    });
    expect(returned.status).toBe(200);
    // The first version counts again: its two rows, RET-2 open as it was there.
    expect(await seen()).toEqual({
      intake: before.intake + 2,
      closed: before.closed + 1,
      states: ['RET-1 已办结', 'RET-2 办理中'],
    });

    await submit('e2e-return-3', [caseOf('RET-1', true), caseOf('RET-2', true)]);
    expect(await seen()).toEqual({
      intake: before.intake + 2,
      closed: before.closed + 2,
      states: ['RET-1 已办结', 'RET-2 已办结'],
    });
  });

  it('bulk import submits the clean workbooks, reports the others, and a second import changes nothing', async () => {
    const files = [
      path.join(SAMPLES, 'changbai-visits-2026.xlsx'),
      path.join(SAMPLES, 'changbai-cases-2026.xlsx'),
    ];
    const run = async () => {
      const out: string[] = [];
      const code = await importFiles(
        [
          ...files,
          '--server',
          worker.url,
          '--user',
          'YP-CB',
          '--password-stdin',
          '--as-of',
          '2026-11-16',
        ],
        { stdout: (t) => out.push(t), stderr: () => {}, stdin: async () => `${DEMO_PASSWORD}\n` },
      );
      return { code, out: out.join('\n') };
    };
    const first = await run();
    expect(first.code).toBe(1);
    expect(first.out).toContain('第 38 行 「居民区」的「国定一居民区」不属于填报单位');
    expect(first.out).toMatch(
      /changbai-visits-2026\.xlsx\s+visit\s+40\s+0\s+#\S+ 第 1 版：新增 40/,
    );
    expect(first.out).toMatch(/changbai-cases-2026\.xlsx\s+case\s+60\s+\d+\s+未提交（有错误）/);

    const second = await run();
    const receipt = (text: string) =>
      /changbai-visits-2026\.xlsx.*(#\S+ 第 \d+ 版)/.exec(text)?.[1];
    expect(receipt(second.out)).toBe(receipt(first.out));
    const subdistrict = await signIn('YP-CB');
    const visits = await subdistrict.api.visits.$get({
      query: { unit: 'YP-CB', limit: '100', sort: 'visitOn' },
    });
    expect((await visits.json()).items).toHaveLength(40);
  });

  it("exports a unit's cases as xlsx: residents in full for the receiving and handling units, masked for others", async () => {
    const exportAs = async (user: string) => {
      const out = mkdtempSync(path.join(tmpdir(), 'minqing-export-'));
      const code = await exportLedgers(
        [
          '--unit',
          'YP-CB-001',
          '--kind',
          'case',
          '--server',
          worker.url,
          '--user',
          user,
          '--password-stdin',
          '--out',
          out,
        ],
        { stdout: () => {}, stderr: () => {}, stdin: async () => DEMO_PASSWORD },
      );
      expect(code).toBe(0);
      const [file] = readdirSync(out);
      const converted = convertSheet(await readWorkbook(path.join(out, file!)), {
        org,
        unit: 'YP-CB-001',
        asOf: '2026-11-25',
      });
      rmSync(out, { recursive: true, force: true });
      return converted.rows.find((r) => r.values.caseNo === 'E2E-1')!;
    };
    const own = await exportAs('YP-CB-001');
    expect(own.values).toMatchObject({ reporterName: '王阿姨', reporterPhone: '13912345678' });
    // The case climbed to the district, which handles it now and sees the resident in full; the
    // sub-district it passed through sees the name and phone masked.
    const district = await exportAs('YP');
    expect(district.values).toMatchObject({ reporterName: '王阿姨', reporterPhone: '13912345678' });
    const subdistrict = await exportAs('YP-CB');
    expect(subdistrict.original).toMatchObject({
      reporterName: '王**',
      reporterPhone: '139****5678',
    });
  });

  it('a district admin loads 2027 with minqing calendar import; a clerk may not', async () => {
    const csv = path.join(mkdtempSync(path.join(tmpdir(), 'minqing-calendar-')), '2027.csv');
    writeFileSync(csv, 'date,kind\n2027-01-01,holiday\n2027-01-02,holiday\n2027-01-03,holiday\n');
    const run = async (user: string) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await calendarCommand(
        ['import', csv, '--server', worker.url, '--user', user, '--password-stdin'],
        {
          stdout: (t) => out.push(t),
          stderr: (t) => err.push(t),
          stdin: async () => `${DEMO_PASSWORD}\n`,
        },
      );
      return { code, out: out.join('\n'), err: err.join('\n') };
    };
    const clerk = await run('YP-CB-001');
    expect(clerk.code).toBe(1);
    expect(clerk.err).toContain('导入失败');
    const admin = await run('YP');
    expect(admin).toMatchObject({ code: 0, err: '' });
    expect(admin.out).toMatch(/已导入 2027 年：节假日 3 天，调休上班 0 天；重算案件 \d+ 件/);
    const district = await signIn('YP');
    const calendar = await district.api.calendar.$get({ query: {} });
    expect(((await calendar.json()) as { years: number[] }).years).toContain(2027);
  });
});
