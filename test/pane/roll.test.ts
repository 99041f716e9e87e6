/**
 * The pane's 年度考核 screen in real headless Chromium against the real Worker (wrangler dev on
 * fresh local D1, the demo org and accounts), Excel replaced by the in-memory workbook. An area
 * submits its cases and the district finalises the roll through the API; in the pane the district
 * pulls the signed roll into its 年度考核 sheet — rows and ranks as the API gives them, the revision
 * named — writes the explanation sheet of one figure (linked from the figure's cell) and, as the
 * district admin, changes the year's grades. Photographed into docs/screenshots/.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MemoryCell, MemoryWorkbook } from '../../addin/memory-workbook.ts';
import { Api } from '../../cli/api.ts';
import { DEMO_PASSWORD } from '../../scripts/seed.ts';
import type { Roll } from '../../shared/assessment.ts';
import type { Explanation } from '../../shared/assessment-explain.ts';
import { CHROMIUM, marchCases, type PaneHarness, ROOT, startPane } from './harness.ts';

const SHOTS = path.join(ROOT, 'docs/screenshots');
const AS_OF = '2026-11-16';
type Demo = { minqing: { workbook: MemoryWorkbook } };

const cases = marchCases('P');

describe.skipIf(!existsSync(CHROMIUM))('the 年度考核 screen (Chromium, real Worker)', () => {
  let pane: PaneHarness;
  beforeAll(async () => {
    pane = await startPane('roll');
  }, 240_000);
  afterAll(() => pane?.stop());

  const grid = (page: Page, name: string) =>
    page.evaluate(
      (sheet) =>
        (globalThis as unknown as Demo).minqing.workbook
          .grid(sheet)
          .map((row: MemoryCell[]) => row.map((c) => c.value)),
      name,
    );
  const shot = (page: Page, name: string) =>
    page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });

  it('pulls the signed roll, explains a figure and edits the year’s grades', async () => {
    const clerk = new Api(pane.worker.url);
    await clerk.login('YP-CB-001', DEMO_PASSWORD);
    await clerk.request(
      'POST',
      '/api/submissions',
      { kind: 'case', unit: 'YP-CB-001', period: '2026', sourceName: '一事一表.xlsx', rows: cases },
      { 'Idempotency-Key': 'roll-pane' },
    );
    const district = new Api(pane.worker.url);
    await district.login('YP', DEMO_PASSWORD);
    await district.request('POST', '/api/assessment/finalise', {
      year: 2026,
      of: 'units',
      asOf: AS_OF,
    });
    const roll = await district.request<Roll>('GET', '/api/assessment?unit=YP&year=2026&of=units');

    const page = await pane.browser.newPage({ viewport: { width: 380, height: 1000 } });
    page.on('pageerror', (error) => {
      throw error;
    });
    await page.goto(`${pane.server.url}/taskpane.html?workbook=memory&asOf=${AS_OF}`);
    await page.getByRole('tab', { name: '提交' }).click();
    await page.getByRole('textbox', { name: '用户名' }).fill('YP');
    await page.getByRole('textbox', { name: '密码' }).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.locator('#signed-in').waitFor();

    await page.getByRole('tab', { name: '年度考核' }).click();
    await page.getByLabel('考核年度').fill('2026');
    await page.getByRole('button', { name: '拉取年度考核' }).click();
    await page.locator('#roll-revision').waitFor();
    expect(await page.locator('#roll-revision').textContent()).toContain('已拉取定稿第 1 版（YP');
    const sheet = await grid(page, '年度考核·单位');
    expect(sheet[0]![0]).toBe('杨浦区 2026 年度考核（单位）');
    expect(String(sheet[1]![0])).toContain('定稿第 1 版');
    // Every row of the API's roll, with its total and rank, in the sheet.
    const lines = new Map(sheet.map((row) => [row[5], row]));
    for (const row of roll.rows) {
      const line = lines.get(row.key)!;
      expect([row.key, line[1] === '' ? null : line[1], line[2] === '' ? null : line[2]]).toEqual([
        row.key,
        row.total,
        row.rank,
      ]);
    }
    await shot(page, 'roll-01-pulled');

    await page.getByLabel('对象编码').fill('YP-CB-001');
    await page.locator('#roll-figure').selectOption('closureRate');
    await page.getByRole('button', { name: '生成依据表' }).click();
    await expect
      .poll(() => page.locator('#status').textContent(), { timeout: 30_000 })
      .toContain('已写入');
    const explanation = await district.request<Explanation>(
      'GET',
      '/api/assessment/explain?unit=YP&key=YP-CB-001&year=2026&figure=closureRate',
    );
    const explained = await grid(page, '依据·YP-CB-001·办结率');
    const caseNos = explained
      .slice(4)
      .map((row) => row[0])
      .filter((v) => /^P-/.test(String(v)));
    expect(caseNos).toEqual(explanation.cases.map((c) => c.caseNo));
    expect(caseNos).toHaveLength(9);
    const link = await page.evaluate(() => {
      const book = (globalThis as unknown as Demo).minqing.workbook;
      return [...book.sheet('年度考核·单位').cells.values()].find((c) => c.link)?.link;
    });
    expect(link).toBe('依据·YP-CB-001·办结率');
    await shot(page, 'roll-02-explained');

    await page.getByRole('tab', { name: '年度考核' }).click();
    await page.locator('#roll-grades').selectOption('公务员');
    await page.getByLabel('总分中综合得分权重').fill('0.6');
    await page.getByLabel('总分中测评得分权重').fill('0.4');
    await page.getByRole('button', { name: '保存设置' }).click();
    await expect
      .poll(() => page.locator('#status').textContent(), { timeout: 30_000 })
      .toContain('已保存');
    const saved = await district.request<{
      settings: { grades: { label: string }[]; totalWeights: unknown };
    }>('GET', '/api/settings?year=2026');
    expect(saved.settings.grades.map((g) => g.label)).toEqual([
      '优秀',
      '称职',
      '基本称职',
      '不称职',
    ]);
    expect(saved.settings.totalWeights).toEqual({ composite: 0.6, evaluation: 0.4 });
    await shot(page, 'roll-03-settings');

    // In English the screen's words and what it says are English; the grade names stay the
    // district's own (优秀/称职…), as on the sheet.
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('tab', { name: 'Annual roll' }).click();
    await page.getByRole('button', { name: 'Pull the annual roll' }).click();
    await expect
      .poll(() => page.locator('#status').textContent(), { timeout: 30_000 })
      .toContain('rows written to the annual roll sheet');
    expect(await page.locator('#roll-revision').textContent()).toMatch(
      /^Pulled finalised revision 1 \(YP, \d{4}-\d{2}-\d{2}\)$/,
    );
    const words = await page.evaluate<string>(
      `(() => {
        const panel = document.getElementById('panel').cloneNode(true);
        panel.querySelector('#roll-grades')?.remove();
        return panel.textContent + ' ' + document.getElementById('status').textContent;
      })()`,
    );
    expect(words).not.toMatch(/[\u3400-\u9fff]/);
  }, 240_000);
});
