/**
 * The add-in's figures. Reports, never asserts:
 * - Excel syncs per conversion (100 and 10,000 rows) and per score pull (5 and 1,000 units): the
 *   pane's own calls through the Office workbook (`officeWorkbook`, the real Excel layer), with
 *   `Excel.run` handing each batch the office-addin-mock workbook the tests use, which counts
 *   `context.sync()`; goal: as many syncs for the large sheet as for the small one;
 * - the pane's conversion time for 10,000 rows (recognise + 生成规范台账, what the 转换 panel runs)
 *   on the in-memory workbook, beside `convertSheet` alone on the same values.
 */
/// <reference types="office-js" />

import { officeWorkbook } from '../addin/excel/office-workbook.ts';
import { type Figures, scoresSheets } from '../addin/excel/scores.ts';
import { MemoryWorkbook } from '../addin/memory-workbook.ts';
import {
  type PaneContext,
  recogniseActiveSheet,
  writeConvertedLedger,
} from '../addin/src/conversion.ts';
import { readOrgFile } from '../cli/org.ts';
import { type Cell, convertSheet } from '../shared/convert/index.ts';
import { FakeExcel } from '../test/excel/fake-excel.ts';
import { messyCaseSheet } from './convert.ts';
import type { BenchRow } from './table.ts';

/** Runs `work` against an Office workbook whose `Excel.run` batches go to `excel`'s context. */
async function withExcel<T>(
  excel: FakeExcel,
  work: (workbook: ReturnType<typeof officeWorkbook>) => Promise<T>,
): Promise<T> {
  const globals = globalThis as Record<string, unknown>;
  const saved = { Excel: globals.Excel, Office: globals.Office };
  // A host with every requirement set, so the batches include data validation and notes.
  globals.Office = { context: { requirements: { isSetSupported: () => true } } };
  globals.Excel = {
    run: (_options: unknown, batch: (ctx: Excel.RequestContext) => Promise<unknown>) =>
      batch(excel.context),
  };
  try {
    return await work(officeWorkbook(() => 'zh'));
  } finally {
    Object.assign(globals, saved);
  }
}

/** The messy case ledger with a bad phone on every tenth record, so cells get highlights and notes. */
function ledgerWithErrors(rows: number): Cell[][] {
  const values = messyCaseSheet(rows);
  const phone = values[2]!.indexOf('联系电话');
  values.forEach((row, i) => {
    if (i > 2 && i % 10 === 0 && String(row[0]).startsWith('CB-')) row[phone] = '12345';
  });
  return values;
}

async function conversionSyncs(rows: number, ctx: PaneContext): Promise<[string, number]> {
  const excel = new FakeExcel([{ name: '原表', values: ledgerWithErrors(rows) }]);
  const { sheetName } = await withExcel(excel, async (workbook) => {
    const { converted } = await recogniseActiveSheet(workbook, ctx);
    return writeConvertedLedger(workbook, converted, ctx);
  });
  const notes = excel.sheet(sheetName).notes.size;
  return [`${rows.toLocaleString('en')} rows (${notes.toLocaleString('en')} noted)`, excel.syncs];
}

async function scorePullSyncs(units: number): Promise<number> {
  // Figures that differ from unit to unit, so every grade and colour-scale step occurs.
  const figures = (i: number): Figures => {
    const rate = 0.55 + (i % 45) / 100;
    const grade = rate >= 0.9 ? '优秀' : rate >= 0.8 ? '良好' : rate >= 0.6 ? '合格' : '不合格';
    const rates = { responseRate: rate, closureRate: rate, satisfactionRate: rate };
    return { intake: 10 + i, ...rates, onTimeResolutionRate: null, composite: 100 * rate, grade };
  };
  const sheets = scoresSheets({
    unitName: '杨浦区',
    period: '2026',
    asOf: '2026-11-16',
    by: 'area',
    total: figures(40),
    groups: Array.from({ length: units }, (_, i) => ({
      key: `U-${i}`,
      name: `单位${i}`,
      ...figures(i),
    })),
    trend: Array.from({ length: 11 }, (_, m) => ({
      month: `2026-${String(m + 1).padStart(2, '0')}`,
      composite: 80 + m,
      intake: 10 * m,
    })),
    supervision: Array.from({ length: units }, (_, i) => ({ caseNo: `C-${i}`, reason: '逾期' })),
    frequent: { multiple: [{ category: '环境卫生', count: 12 }], widespread: [] },
  });
  const excel = new FakeExcel([{ name: 'Sheet1', values: [] }]);
  // As the pane writes them: 汇总 last, so it is left in front.
  await withExcel(excel, (workbook) => workbook.writeReports([...sheets.slice(1), sheets[0]!]));
  return excel.syncs;
}

function syncRows(what: string, small: [string, number], large: [string, number]): BenchRow[] {
  return [
    { name: `Excel syncs per ${what}, ${small[0]}`, figure: String(small[1]), goal: '', met: null },
    {
      name: `Excel syncs per ${what}, ${large[0]}`,
      figure: String(large[1]),
      reference: `${small[1]} for ${small[0]}`,
      ratio: large[1] / small[1],
      goal: 'constant (= the smaller case)',
      met: large[1] === small[1],
    },
  ];
}

export async function benchAddin(rows = 10_000): Promise<BenchRow[]> {
  const ctx: PaneContext = { org: readOrgFile(), unit: 'YP-CB', asOf: '2026-11-16', locale: 'zh' };
  const conversion = syncRows(
    'conversion',
    await conversionSyncs(100, ctx),
    await conversionSyncs(rows, ctx),
  );
  const pull = syncRows(
    'score pull',
    ['5 units', await scorePullSyncs(5)],
    ['1,000 units', await scorePullSyncs(1_000)],
  );

  // The pane's conversion on the in-memory workbook: median of three, after a warm-up.
  const values = ledgerWithErrors(rows);
  const paneRun = async (sheet: typeof values) => {
    const book = new MemoryWorkbook();
    book.load('原表', { values: sheet });
    const start = performance.now();
    const { converted } = await recogniseActiveSheet(book, ctx);
    const recognised = performance.now();
    await writeConvertedLedger(book, converted, ctx);
    return { recognise: recognised - start, total: performance.now() - start };
  };
  await paneRun(ledgerWithErrors(500));
  const runs = [await paneRun(values), await paneRun(values), await paneRun(values)];
  const median = runs.sort((a, b) => a.total - b.total)[1]!;
  const shared = [0, 1, 2].map(() => {
    const start = performance.now();
    convertSheet({ values }, ctx);
    return performance.now() - start;
  });
  const sharedMs = shared.sort((a, b) => a - b)[1]!;
  const ms = (n: number) => `${Math.round(n).toLocaleString('en')} ms`;
  return [
    ...conversion,
    ...pull,
    {
      name: `pane conversion, ${rows.toLocaleString('en')} rows (in-memory workbook)`,
      figure: `${ms(median.total)} (recognise ${ms(median.recognise)})`,
      reference: `convertSheet alone ${ms(sharedMs)}`,
      ratio: median.total / sharedMs,
      goal: 'figure only (no limit set)',
      met: null,
    },
  ];
}
