import { afterEach, describe, expect, it, vi } from 'vitest';
import { readOrgFile } from '../../cli/org.ts';
import type { Cell } from '../../shared/convert/index.ts';
import { FakeExcel } from '../../test/excel/fake-excel.ts';
import { officeWorkbook } from '../excel/office-workbook.ts';
import type { Workbook } from '../excel/port.ts';
import { MemoryWorkbook } from '../memory-workbook.ts';
import { MAPPING_SETTING, recogniseActiveSheet } from './conversion.ts';

const org = readOrgFile();
const ctx = { org, unit: 'YP-CB-004', asOf: '2026-11-16', locale: 'zh' as const };

/** A month of a case ledger whose 主办 column (H) the converter cannot map by itself. */
function month(m: number): Cell[][] {
  return [
    [`太丁居民区一事一表（2026年${m}月）`, '', '', '', '', '', '', ''],
    ['登记号', '诉求人', '来访日期', '联系方式', '类别', '主要内容', '接待人', '主办'],
    [`T-${m}1`, '王阿姨', `${m}月2日`, '13912345678', '帮困', '申请低保', '李四', '区民政局'],
    [`T-${m}2`, '赵伯伯', `${m}月9日`, '', '其他', '路灯不亮', '李四', '区房管局'],
  ];
}

/** The clerk corrects H on March's sheet; April's, in the same layout, needs no correction. */
async function twoMonths(workbook: Workbook, show: (name: string) => void) {
  show('三月');
  const march = await recogniseActiveSheet(workbook, ctx, { H: 'assignee', E: null });
  show('四月');
  const april = await recogniseActiveSheet(workbook, ctx);
  return { march: march.converted, april: april.converted };
}

describe('a column mapping remembered in the workbook', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('converts next month’s sheet in the same layout with no corrections', async () => {
    const workbook = new MemoryWorkbook();
    workbook.load('四月', { values: month(4) });
    workbook.load('三月', { values: month(3) });
    const { march, april } = await twoMonths(workbook, (name) => {
      workbook.active = name;
    });
    expect(march.columns.find((c) => c.letter === 'H')).toMatchObject({ by: 'override' });
    for (const letter of ['E', 'H']) {
      const corrected = march.columns.find((c) => c.letter === letter)!;
      expect(april.columns.find((c) => c.letter === letter)).toEqual({
        ...corrected,
        by: 'remembered',
      });
    }
    expect(april.rows.map((r) => [r.values.caseNo, r.values.assignee, r.values.category])).toEqual([
      ['T-41', 'YP-D-MZ', null],
      ['T-42', 'YP-D-FG', null],
    ]);
    expect(april.unknownColumns).toEqual([]);
  });

  it('keeps the mapping in Excel’s workbook settings, so it travels with the file', async () => {
    const excel = new FakeExcel([
      { name: '三月', values: month(3) },
      { name: '四月', values: month(4) },
    ]);
    vi.stubGlobal('Excel', {
      run: (_options: unknown, batch: (context: Excel.RequestContext) => Promise<unknown>) =>
        batch(excel.context),
    });
    const { april } = await twoMonths(
      officeWorkbook(() => 'zh'),
      (name) => {
        excel.activeSheet = name;
      },
    );
    expect(JSON.parse(excel.settings.get(`minqing.${MAPPING_SETTING}`) as string)).toEqual({
      case: { 主办: 'assignee', 类别: null },
    });
    expect(april.columns.find((c) => c.letter === 'H')).toMatchObject({
      field: 'assignee',
      by: 'remembered',
    });
    expect(april.rows[1]!.values.assignee).toBe('YP-D-FG');
  });

  it('changes what it remembers when the clerk corrects the column again', async () => {
    const workbook = new MemoryWorkbook();
    workbook.load('三月', { values: month(3) });
    await recogniseActiveSheet(workbook, ctx, { H: 'assignee' });
    await recogniseActiveSheet(workbook, ctx, { H: null });
    expect(await workbook.readSetting(MAPPING_SETTING)).toEqual({ case: { 主办: null } });
    const again = await recogniseActiveSheet(workbook, ctx);
    expect(again.converted.columns.find((c) => c.letter === 'H')).toMatchObject({
      field: null,
      by: 'remembered',
    });
  });
});
