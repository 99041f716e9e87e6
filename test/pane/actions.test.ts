/**
 * The pane's actions called directly, with their inputs as arguments (no typing into fields), in
 * real headless Chromium against the real Worker (wrangler dev on fresh local D1, the demo org and
 * accounts), Excel replaced by the in-memory workbook. A committee's clerk has submitted nine cases
 * received in March; in the pane it signs in, lists April's notice and writes it with one subject
 * reworded — what it checks is the 公示 sheet.
 */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NoticeCase } from '../../addin/excel/notice.ts';
import type { MemoryWorkbook } from '../../addin/memory-workbook.ts';
import { Api } from '../../cli/api.ts';
import { DEMO_PASSWORD } from '../../scripts/seed.ts';
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
  };
};

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
});
