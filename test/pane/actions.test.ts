/**
 * The pane's actions called directly, with their inputs as arguments (no typing into fields), in
 * real headless Chromium against the real Worker (wrangler dev on fresh local D1, the demo org and
 * accounts), Excel replaced by the in-memory workbook. A committee's clerk has submitted nine cases
 * received in March; in the pane it signs in, lists April's notice and writes it with one subject
 * reworded — what it checks is the 公示 sheet. Then a clerk submits a sheet and its sub-district
 * returns it, the district admin loads a year's holidays and a clerk changes a password — what
 * they check is what the Worker stored and what the pane says.
 */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NoticeCase } from '../../addin/excel/notice.ts';
import type { MemoryWorkbook } from '../../addin/memory-workbook.ts';
import { Api, ApiError } from '../../cli/api.ts';
import { DEMO_PASSWORD } from '../../scripts/seed.ts';
import type { Cell } from '../../shared/convert/index.ts';
import { LEDGERS } from '../../shared/ledgers/index.ts';
import { CHROMIUM, marchCases, type PaneHarness, startPane } from './harness.ts';

const AS_OF = '2026-11-16';
/** What a development build of the pane exposes: its workbook and its screens' actions. */
type Page = {
  minqing: { workbook: MemoryWorkbook };
  __minqing: {
    signIn(server: string, username: string, password: string): Promise<void>;
    listNotice(
      month: string,
    ): Promise<{ month: string; open: NoticeCase[]; settled: NoticeCase[] }>;
    writeNoticeSheet(subjects: { open?: string[]; settled?: string[] }): Promise<void>;
    recognise(): Promise<void>;
    generate(): Promise<void>;
    submitLedger(period: string): Promise<void>;
    loadInbox(): Promise<{ id: string; unit: string; version: number }[]>;
    reviewDecision(id: string, decision: 'accept' | 'return', reason?: string): Promise<void>;
    importCalendar(csv: string): Promise<void>;
    changePassword(oldPassword: string, newPassword: string, again: string): Promise<void>;
  };
};
interface Submission {
  id: string;
  unit: string;
  version: number;
  status: string;
  returnReason: string | null;
}

const cases = marchCases('A');

describe.skipIf(!existsSync(CHROMIUM))('the pane’s actions, called directly (Chromium)', () => {
  let pane: PaneHarness;
  beforeAll(async () => {
    pane = await startPane('actions');
  }, 240_000);
  afterAll(() => pane?.stop());

  it('lists a month’s notice and writes it with the clerk’s subject', async () => {
    const clerk = new Api(pane.worker.url);
    await clerk.login('YP-CB-001', DEMO_PASSWORD);
    await clerk.request(
      'POST',
      '/api/submissions',
      { kind: 'case', unit: 'YP-CB-001', period: '2026', sourceName: '一事一表.xlsx', rows: cases },
      { 'Idempotency-Key': 'actions-pane' },
    );

    const page = await pane.browser.newPage();
    page.on('pageerror', (error) => {
      throw error;
    });
    await page.goto(`${pane.server.url}/taskpane.html?workbook=memory&asOf=${AS_OF}`);
    await page.evaluate(
      (password) => (globalThis as unknown as Page).__minqing.signIn('', 'YP-CB-001', password),
      DEMO_PASSWORD,
    );

    // April's notice: the three still open, and the six settled in March (the month before).
    const draft = await page.evaluate(() =>
      (globalThis as unknown as Page).__minqing.listNotice('2026-04'),
    );
    expect(draft.month).toBe('2026-04');
    expect(draft.open).toHaveLength(3);
    expect(draft.settled).toHaveLength(6);
    expect(draft.open.every((c) => c.status === '办理中')).toBe(true);
    expect(draft.settled.every((c) => c.resolvedOn === '2026-03-20')).toBe(true);
    // The default subject is category · area, the area named as the organisation names it.
    expect(draft.open[0]?.subject).toBe('环境卫生 · 长白一村居民区');

    // The clerk rewords the first open line; the others keep their default subject.
    await page.evaluate(() =>
      (globalThis as unknown as Page).__minqing.writeNoticeSheet({ open: ['楼道垃圾箱房整治'] }),
    );
    const notice = await page.evaluate(() =>
      (globalThis as unknown as Page).minqing.workbook
        .grid('公示')
        .flat()
        .map((c) => String(c.value ?? '')),
    );
    expect(notice.filter((v) => v === '楼道垃圾箱房整治')).toHaveLength(1);
    // 2 open lines left unedited + 6 settled lines.
    expect(notice.filter((v) => v === '环境卫生 · 长白一村居民区')).toHaveLength(8);
    await page.close();
  });

  /** A fresh pane on the in-memory workbook, signed in as `username` through the action. */
  async function paneAs(username: string, password = DEMO_PASSWORD) {
    const page = await pane.browser.newPage();
    page.on('pageerror', (error) => {
      throw error;
    });
    await page.goto(`${pane.server.url}/taskpane.html?workbook=memory&asOf=${AS_OF}`);
    await page.evaluate(
      ([user, secret]) =>
        (globalThis as unknown as Page).__minqing.signIn('', user as string, secret as string),
      [username, password],
    );
    return page;
  }
  /** What the status line says once the shell draws again (a tab is opened). */
  async function statusAfter(page: Awaited<ReturnType<typeof paneAs>>, tab: string) {
    await page.getByRole('tab', { name: tab }).click();
    return page.locator('#status').textContent();
  }

  it('submits a sheet as a new version, and the sub-district returns it with a reason', async () => {
    const clerkPane = await paneAs('YP-CB-001');
    // The clerk's sheet: the standard headers and nine other March cases.
    const fields = LEDGERS.case.fields;
    const sheet: Cell[][] = [
      fields.map((f) => f.label.zh),
      ...marchCases('S').map(({ values }) =>
        fields.map((f) => (values as Record<string, Cell>)[f.key] ?? ''),
      ),
    ];
    await clerkPane.evaluate((values) => {
      (globalThis as unknown as Page).minqing.workbook.load('三月', { values });
    }, sheet);
    await clerkPane.evaluate(async () => {
      const actions = (globalThis as unknown as Page).__minqing;
      await actions.recognise();
      await actions.generate();
      await actions.submitLedger('2026');
    });
    // The first test's nine cases were version 1 of 长白一村's 2026 cases; this sheet is version 2.
    expect(await statusAfter(clerkPane, '审核')).toContain('已提交：第 2 版，新增 9');
    const clerk = new Api(pane.worker.url);
    await clerk.login('YP-CB-001', DEMO_PASSWORD);
    const listed = await clerk.request<{ items: Submission[] }>(
      'GET',
      '/api/submissions?unit=YP-CB-001',
    );
    const second = listed.items.find((s) => s.version === 2)!;
    expect(second.status).toBe('submitted');
    const detail = await clerk.request<{ rows: { values: { caseNo: string } }[] }>(
      'GET',
      `/api/submissions/${second.id}`,
    );
    expect(detail.rows.map((r) => r.values.caseNo).sort()).toEqual(
      marchCases('S').map((c) => c.values.caseNo),
    );
    await clerkPane.close();

    const reviewerPane = await paneAs('YP-CB');
    const inbox = await reviewerPane.evaluate(() =>
      (globalThis as unknown as Page).__minqing.loadInbox(),
    );
    expect(inbox.map((s) => s.id)).toContain(second.id);
    await reviewerPane.evaluate(
      (id) =>
        (globalThis as unknown as Page).__minqing.reviewDecision(
          id,
          'return',
          '办理结果未填写完整',
        ),
      second.id,
    );
    const returned = await clerk.request<{ submission: Submission }>(
      'GET',
      `/api/submissions/${second.id}`,
    );
    expect([returned.submission.status, returned.submission.returnReason]).toEqual([
      'returned',
      '办理结果未填写完整',
    ]);
    await reviewerPane.close();
  });

  it('loads a year’s holidays from a CSV (district admin): the Worker keeps them', async () => {
    const page = await paneAs('YP');
    await page.evaluate(() =>
      (globalThis as unknown as Page).__minqing.importCalendar(
        'date,kind\n2027-01-01,holiday\n2027-02-10,holiday\n2027-02-07,workday\n',
      ),
    );
    expect(await statusAfter(page, '汇总')).toContain('已导入 2027 年：节假日 2 天，调休上班 1 天');
    const district = new Api(pane.worker.url);
    await district.login('YP', DEMO_PASSWORD);
    const calendar = await district.request<{
      years: number[];
      holidays: { date: string }[];
      workdays: { date: string }[];
    }>('GET', '/api/calendar?year=2027');
    expect(calendar.years).toContain(2027);
    expect(calendar.holidays.map((d) => d.date)).toEqual(['2027-01-01', '2027-02-10']);
    expect(calendar.workdays.map((d) => d.date)).toEqual(['2027-02-07']);
    await page.close();
  });

  it('changes a password: refused when the two new ones differ, then the new one signs in', async () => {
    const page = await paneAs('YP-CB-005');
    const NEW = 'Qingming-2027!';
    const change = (again: string) =>
      page.evaluate(
        ([old, next, repeat]) =>
          (globalThis as unknown as Page).__minqing.changePassword(
            old as string,
            next as string,
            repeat as string,
          ),
        [DEMO_PASSWORD, NEW, again],
      );
    await expect(change('Qingming-2026!')).rejects.toThrow('两次输入的新密码不一致');
    const account = new Api(pane.worker.url);
    await account.login('YP-CB-005', DEMO_PASSWORD); // nothing changed yet

    await change(NEW);
    expect(await statusAfter(page, '汇总')).toContain('密码已修改');
    await account.login('YP-CB-005', NEW);
    const old = await new Api(pane.worker.url).login('YP-CB-005', DEMO_PASSWORD).catch((e) => e);
    expect(old).toBeInstanceOf(ApiError);
    expect((old as ApiError).status).toBe(401);
    await page.close();
  });
});
