/**
 * The pane's actions called directly, with their inputs as arguments (no typing into fields), in
 * real headless Chromium against the real Worker (wrangler dev on fresh local D1, the demo org and
 * accounts), Excel replaced by the in-memory workbook. A committee's clerk has submitted nine cases
 * received in March; in the pane it signs in, lists April's notice and writes it with one subject
 * reworded — what it checks is the 公示 sheet.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NoticeCase } from '../../addin/excel/notice.ts';
import type { MemoryWorkbook } from '../../addin/memory-workbook.ts';
import { Api } from '../../cli/api.ts';
import { type LocalWorker, startLocalWorker } from '../../scripts/local-worker.ts';
import { bootstrapDemo, DEMO_PASSWORD } from '../../scripts/seed.ts';
import { type AddinServer, startAddinServer } from '../../scripts/serve-addin.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
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

/** Cases of 长白一村 received 2026-03-02: every third (rows 5, 8, 11) still open. */
const cases = Array.from({ length: 9 }, (_, i) => ({
  row: i + 3,
  values: {
    caseNo: `A-${i + 1}`,
    receivedOn: '2026-03-02',
    channel: '走访',
    reporterName: '王建华',
    area: '长白一村',
    category: '环境卫生',
    summary: '垃圾箱房异味严重',
    firstReceiver: '李敏',
    status: i % 3 === 2 ? '办理中' : '已办结',
    repliedOn: '2026-03-05',
    resolvedOn: i % 3 === 2 ? null : '2026-03-20',
    result: i % 3 === 2 ? null : '已清运',
  },
}));

describe.skipIf(!existsSync(CHROMIUM))('the pane’s actions, called directly (Chromium)', () => {
  let worker: LocalWorker;
  let server: AddinServer;
  let browser: Browser;
  let state: string;

  beforeAll(async () => {
    state = mkdtempSync(path.join(tmpdir(), 'minqing-actions-pane-'));
    const outDir = mkdtempSync(path.join(tmpdir(), 'minqing-actions-pane-dist-'));
    await build({
      configFile: path.join(ROOT, 'addin/vite.config.ts'),
      mode: 'development',
      logLevel: 'warn',
      build: { outDir },
    });
    worker = await startLocalWorker({ persistTo: state, vars: { ALLOW_BOOTSTRAP: 'true' } });
    await bootstrapDemo(worker.url);
    server = await startAddinServer({ worker: worker.url, secure: false, port: 0, root: outDir });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await worker?.stop();
    rmSync(state, { recursive: true, force: true });
  });

  it('lists a month’s notice and writes it with the clerk’s subject', async () => {
    const clerk = new Api(worker.url);
    await clerk.login('YP-CB-001', DEMO_PASSWORD);
    await clerk.request(
      'POST',
      '/api/submissions',
      { kind: 'case', unit: 'YP-CB-001', period: '2026', sourceName: '一事一表.xlsx', rows: cases },
      { 'Idempotency-Key': 'actions-pane' },
    );

    const page = await browser.newPage();
    page.on('pageerror', (error) => {
      throw error;
    });
    await page.goto(`${server.url}/taskpane.html?workbook=memory&asOf=${AS_OF}`);
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
