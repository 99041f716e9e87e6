/**
 * The task pane in real headless Chromium against the real Worker (wrangler dev on fresh local D1,
 * demo org and accounts bootstrapped), with Excel replaced by the in-memory workbook — the only
 * stand-in. A clerk signs in, converts a paper ledger, fixes the rejected cells and submits; the
 * sub-district accepts; the district pulls the scores; a committee approves its 公示 lines. A new
 * account must change its initial password before the tabs appear. Each step is photographed into
 * docs/screenshots/.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MemoryWorkbook } from '../../addin/memory-workbook.ts';
import { Api } from '../../cli/api.ts';
import { loadOrg } from '../../cli/org.ts';
import { readWorkbook } from '../../cli/xlsx.ts';
import { generateDemoDistrict } from '../../scripts/demo-data.ts';
import { type LocalWorker, startLocalWorker } from '../../scripts/local-worker.ts';
import { bootstrapDemo, DEMO_PASSWORD } from '../../scripts/seed.ts';
import { type AddinServer, startAddinServer } from '../../scripts/serve-addin.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SAMPLES = path.resolve(ROOT, '../shared/samples');
const SHOTS = path.join(ROOT, 'docs/screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const AS_OF = '2026-11-16';

/** What the pane exposes in demo mode: its in-memory workbook. */
type Demo = { minqing: { workbook: MemoryWorkbook } };

describe.skipIf(!existsSync(CHROMIUM))('the task pane (Chromium, real Worker)', () => {
  let worker: LocalWorker;
  let server: AddinServer;
  let browser: Browser;
  let state: string;

  beforeAll(async () => {
    state = mkdtempSync(path.join(tmpdir(), 'minqing-pane-'));
    const outDir = mkdtempSync(path.join(tmpdir(), 'minqing-pane-dist-'));
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

  async function openPane(): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 380, height: 900 } });
    page.on('pageerror', (error) => {
      throw error;
    });
    await page.goto(`${server.url}/taskpane.html?workbook=memory&asOf=${AS_OF}`);
    await page.getByRole('tab', { name: '转换' }).waitFor();
    return page;
  }

  async function signIn(page: Page, username: string): Promise<void> {
    await page.getByRole('tab', { name: '提交' }).click();
    await page.getByLabel('用户名').fill(username);
    await page.getByLabel('密码').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.locator('#signed-in, #error').first().waitFor();
    expect(await page.locator('#signed-in, #error').first().textContent()).toContain(username);
  }

  const shot = (page: Page, name: string) =>
    page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });

  it('takes a paper ledger from conversion to the district scores', async () => {
    // —— the clerk of 上理居民区 ——
    const clerk = await openPane();
    await signIn(clerk, 'YP-CB-003');
    await shot(clerk, '01-sign-in');
    const sheet = await readWorkbook(path.join(SAMPLES, 'shangli-households-2026.xlsx'));
    await clerk.evaluate((input) => {
      (globalThis as unknown as Demo).minqing.workbook.load('上理居民区民情档案', input);
    }, sheet);

    await clerk.getByRole('tab', { name: '转换' }).click();
    await clerk.getByRole('button', { name: '识别当前工作表' }).click();
    const recognition = clerk.locator('#recognition');
    await expect.poll(() => recognition.textContent()).toContain('民情档案');
    expect(await recognition.locator('.good').textContent()).toBe('正确 28');
    expect(await recognition.locator('.wrong').textContent()).toBe('有误 2');
    await shot(clerk, '02-recognised');

    await clerk.getByRole('button', { name: '生成规范台账' }).click();
    await expect.poll(() => clerk.locator('#status').textContent()).toContain('已生成');
    const ledger = await clerk.evaluate(() => {
      const book = (globalThis as unknown as Demo).minqing.workbook;
      const cells = [...book.sheet(book.active).cells]
        .filter(([, c]) => c.fill)
        .map(([a, c]) => [a, c.value]);
      return { name: book.active, marked: cells };
    });
    expect(ledger.name).toBe('民情档案（规范）');
    expect(ledger.marked).toHaveLength(2);
    await shot(clerk, '03-standard-ledger');

    // Fix the two rejected cells (家庭人口 out of range, a repeated 户编号) and check again.
    const [members, duplicate] = ledger.marked as [string, unknown][];
    await clerk.evaluate(
      ([sheetName, fixes]) => {
        const book = (globalThis as unknown as Demo).minqing.workbook;
        for (const [address, value] of fixes) book.setCell(sheetName, address, value);
      },
      [
        ledger.name,
        [
          [members![0], 3],
          [duplicate![0], 'SL-999'],
        ],
      ] as [string, [string, number | string][]],
    );
    await clerk.getByRole('button', { name: '重新校验' }).click();
    await expect.poll(() => clerk.locator('#status').textContent()).toBe('共 30 行，0 处问题');
    await shot(clerk, '04-fixed-and-checked');

    await clerk.getByRole('tab', { name: '提交' }).click();
    await clerk.getByLabel('报送期').fill('2026');
    await clerk.getByRole('button', { name: '提交', exact: true }).last().click();
    await expect
      .poll(() => clerk.locator('#status').textContent(), { timeout: 30_000 })
      .toContain('已提交：第 1 版，新增 30');
    await shot(clerk, '05-submitted');
    // The same workbook again: recognised by its idempotency key, nothing new.
    await clerk.getByRole('button', { name: '提交', exact: true }).last().click();
    await expect
      .poll(() => clerk.locator('#status').textContent())
      .toBe('该工作簿已提交过，回执不变');

    // —— the sub-district reviews ——
    const reviewer = await openPane();
    await signIn(reviewer, 'YP-CB');
    await reviewer.getByRole('tab', { name: '审核' }).click();
    await reviewer.getByRole('button', { name: '刷新' }).click();
    const item = reviewer.locator('ul.inbox li').filter({ hasText: '上理居民区' });
    await item.waitFor();
    await shot(reviewer, '06-inbox');
    await item.getByRole('button', { name: '接收' }).click();
    await expect.poll(() => reviewer.locator('ul.inbox li').count()).toBe(0);
    await shot(reviewer, '07-accepted');

    // Meanwhile every residential area has submitted its year of cases (as in the demo district),
    // so the district's pull has every sub-district to show.
    for (const ledger of generateDemoDistrict(loadOrg(), { until: '2026-11-15' })) {
      if (ledger.kind !== 'case') continue;
      const clerk = new Api(worker.url);
      await clerk.login(ledger.unit, DEMO_PASSWORD);
      await clerk.submit(ledger, `pane-${ledger.unit}-cases`);
    }

    // —— the district pulls the scores ——
    const district = await openPane();
    await signIn(district, 'YP');
    await district.getByRole('tab', { name: '汇总' }).click();
    await district.getByRole('button', { name: '拉取汇总' }).click();
    await expect
      .poll(() => district.locator('#status').textContent(), { timeout: 30_000 })
      .toBe('已写入汇总、督办清单和问题分析');
    const summary = await district.evaluate(() => {
      const book = (globalThis as unknown as Demo).minqing.workbook;
      return {
        sheets: book.sheets.map((s) => s.name),
        header: book.grid('汇总')[3]?.map((c) => c.value),
        rows: book
          .grid('汇总')
          .slice(4, 10)
          .map((row) => row.map((c) => c.value)),
      };
    });
    expect(summary.sheets).toContain('汇总');
    expect(summary.header?.slice(0, 3)).toEqual(['下级单位', '综合得分', '等级']);
    // Every sub-district is there with its composite and grade.
    const subdistricts = loadOrg()
      .children('YP')
      .filter((u) => u.kind === 'subdistrict');
    for (const unit of subdistricts) {
      const row = summary.rows.find((r) => r[0] === unit.name);
      expect(row, unit.name).toBeDefined();
      expect(['优秀', '良好', '合格', '不合格']).toContain(row![2]);
    }
    await shot(district, '08-scores');

    // —— the district refers the longest-overdue case to the standing committee ——
    const overdueId = await district.evaluate(() => {
      const grid = (globalThis as unknown as Demo).minqing.workbook.grid('督办清单');
      const header = grid.findIndex((row) => row.some((c) => c.value === '案件 id'));
      const column = grid[header]!.findIndex((c) => c.value === '案件 id');
      return String(grid[header + 1]![column]!.value);
    });
    await district.getByLabel('案件 id').fill(overdueId);
    await district.getByLabel('提交理由').fill('涉及多个部门的综合性疑难问题');
    await district.getByLabel('会议日期').fill('2026-11-12');
    await district.getByRole('button', { name: '提交常委会' }).click();
    await expect
      .poll(() => district.locator('#status').textContent(), { timeout: 30_000 })
      .toBe(`案件 ${overdueId} 已提交区委常委会（会议日期 2026-11-12）`);
    const districtApi = new Api(worker.url);
    await districtApi.login('YP', DEMO_PASSWORD);
    const referred = await districtApi.request<{ record: { level: number } }>(
      'GET',
      `/api/cases/${overdueId}`,
    );
    expect(referred.record.level).toBe(3);
    await shot(district, '08b-referral');

    // —— the district dispatches the next overdue case to a department (派单) ——
    const nextId = await district.evaluate(() => {
      const grid = (globalThis as unknown as Demo).minqing.workbook.grid('督办清单');
      const header = grid.findIndex((row) => row.some((c) => c.value === '案件 id'));
      const column = grid[header]!.findIndex((c) => c.value === '案件 id');
      return String(grid[header + 2]![column]!.value);
    });
    await district.getByLabel('id（派单的案件）').fill(nextId);
    await district.locator('#dispatch-department').selectOption('YP-D-FG');
    await district.getByLabel('承办人').fill('张伟');
    await district.getByLabel('办理方案').fill('一周内现场查看并拿出维修方案');
    await district.getByRole('button', { name: '派单', exact: true }).click();
    await expect
      .poll(() => district.locator('#status').textContent(), { timeout: 30_000 })
      .toMatch(
        new RegExp(
          `^案件 ${nextId} 已派给 区房管局（\\d{4}-\\d{2}-\\d{2}），办结期限 \\d{4}-\\d{2}-\\d{2}$`,
        ),
      );
    const dispatched = await districtApi.request<{ record: { dispatch: { department: string } } }>(
      'GET',
      `/api/cases/${nextId}`,
    );
    expect(dispatched.record.dispatch.department).toBe('YP-D-FG');

    // —— a residential committee prints its public notice (三公示) ——
    const committee = await openPane();
    await signIn(committee, 'YP-CB-001');
    // Only the district may refer: a committee's 汇总 has no referral form.
    await committee.getByRole('tab', { name: '汇总' }).click();
    expect(await committee.locator('#referral').count()).toBe(0);
    expect(await committee.locator('#dispatch').count()).toBe(0);
    await committee.getByRole('tab', { name: '公示' }).click();
    await committee.getByLabel('公示月份').fill('2026-11');
    // The clerk lists the lines first: each has a subject (category · area) to approve or reword.
    await committee.getByRole('button', { name: '列出公示事项' }).click();
    await committee.locator('#notice-open').waitFor();
    const committeeApi = new Api(worker.url);
    await committeeApi.login('YP-CB-001', DEMO_PASSWORD);
    const own = await committeeApi.request<{ items: { values: Record<string, string | null> }[] }>(
      'GET',
      '/api/cases?unit=YP-CB-001&limit=500&sort=-receivedOn',
    );
    const org = loadOrg();
    const subject = (v: Record<string, string | null>) =>
      [v.category, v.area && (org.get(v.area)?.name ?? v.area)].filter(Boolean).join(' · ');
    const open = own.items.filter((c) => c.values.status !== '已办结');
    expect(open.length).toBeGreaterThan(1);
    expect(await committee.locator('#notice-open input').count()).toBe(open.length);
    expect(await committee.locator('#notice-subject-open-0').inputValue()).toBe(
      subject(open[0]!.values),
    );
    await committee.locator('#notice-subject-open-1').fill('小区环境整治');
    await committee.getByRole('button', { name: '生成公示表' }).click();
    await expect
      .poll(() => committee.locator('#status').textContent(), { timeout: 30_000 })
      .toBe('公示表已生成，可直接打印');
    const notice = await committee.evaluate(() =>
      (globalThis as unknown as Demo).minqing.workbook
        .grid('公示')
        .flat()
        .map((c) => String(c.value ?? '')),
    );
    // Each open case is a line with its subject (the clerk's rewording where given) and status.
    expect(notice).toContain(subject(open[0]!.values));
    expect(notice).toContain('小区环境整治');
    for (const c of open.slice(2)) expect(notice).toContain(subject(c.values));
    expect(notice).toContain(open[0]!.values.status);
    // Never the free text a clerk wrote about the matter or its handling, nor residents' names and phones.
    const withheld = own.items.flatMap((c) => [
      c.values.summary,
      c.values.result,
      c.values.reporterName,
      c.values.reporterPhone,
    ]);
    for (const value of withheld.filter((v): v is string => !!v && v !== '匿名')) {
      expect(
        notice.some((cell) => cell.includes(value)),
        value,
      ).toBe(false);
    }
    // Departments appear by name (区绿化市容局), not by code (YP-D-LH).
    expect(notice.some((cell) => /^YP-D-/.test(cell))).toBe(false);
    await shot(committee, '09-notice');
  }, 180_000);

  it('makes a new account change its initial password before showing the tabs', async () => {
    // The district's admin opens an account with an initial password.
    const admin = new Api(worker.url);
    await admin.login('YP', DEMO_PASSWORD);
    await admin.request('POST', '/api/accounts', {
      username: 'li.hua',
      unit: 'YP-CB-001',
      roles: ['clerk'],
      password: 'Chushi#2026',
    });

    const page = await openPane();
    await page.getByRole('tab', { name: '提交' }).click();
    await page.getByLabel('用户名').fill('li.hua');
    await page.getByLabel('密码').fill('Chushi#2026');
    await page.getByRole('button', { name: '登录' }).click();
    const form = page.locator('#change-password');
    await form.waitFor();
    // Nothing but the change: no tabs until the password is new.
    expect(await page.getByRole('tab').count()).toBe(0);
    expect(await form.textContent()).toContain('至少 10 位');

    await page.getByLabel('原密码').fill('Chushi#2026');
    await page.getByLabel('新密码', { exact: true }).fill('lihuazhang');
    await page.getByLabel('再次输入新密码').fill('lihuazhang');
    await page.getByRole('button', { name: '修改密码' }).click();
    // The policy's refusal is shown in the form, which stays.
    await expect
      .poll(() => form.locator('#error').textContent(), { timeout: 30_000 })
      .toBe('密码须包含大写字母、小写字母、数字、符号中的至少 3 类');
    await shot(page, '10-change-password');

    await page.getByLabel('新密码', { exact: true }).fill('Xinmima#2026');
    await page.getByLabel('再次输入新密码').fill('Xinmima#2026');
    await page.getByRole('button', { name: '修改密码' }).click();
    await page.getByRole('tab', { name: '汇总' }).waitFor();
    expect(await page.locator('#change-password').count()).toBe(0);
    expect(await page.locator('#status').textContent()).toBe(
      '密码已修改，已登录：li.hua（长白一村居民区）',
    );
    // Still signed in with the fresh token: the 提交 tab shows the account.
    await page.getByRole('tab', { name: '提交' }).click();
    expect(await page.locator('#signed-in').textContent()).toContain('li.hua');
    // The new password is the one that works from now on, with nothing more to change.
    const again = await new Api(worker.url).request<{ mustChangePassword: boolean }>(
      'POST',
      '/api/auth/login',
      { username: 'li.hua', password: 'Xinmima#2026' },
    );
    expect(again.mustChangePassword).toBe(false);
  }, 120_000);
});
