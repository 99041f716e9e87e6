/**
 * Report sheets — 汇总, 督办清单, the problem lists, the 公示 notice — described as plain data and
 * written in a fixed number of syncs. Pulling again refreshes a sheet in place: same name, same
 * position, contents and charts replaced.
 */
import { blockAddress, cellAddress, columnAddress } from './cells.ts';
import { layoutReport, type ReportSheet } from './report-layout.ts';

export type {
  ReportChart,
  ReportColumn,
  ReportLayout,
  ReportRule,
  ReportSection,
  ReportSheet,
} from './report-layout.ts';

/** Writes (or refreshes in place) one report sheet; 2 syncs for a new sheet, 3 for a refresh. */
export async function writeReport(ctx: Excel.RequestContext, spec: ReportSheet): Promise<void> {
  const worksheets = ctx.workbook.worksheets;
  const existing = worksheets.getItemOrNullObject(spec.name);
  existing.load('isNullObject');
  await ctx.sync();
  let sheet: Excel.Worksheet;
  if (existing.isNullObject) {
    sheet = worksheets.add(spec.name);
  } else {
    sheet = existing;
    sheet.charts.load('items');
    await ctx.sync();
    for (const chart of sheet.charts.items) chart.delete();
    sheet.getRange().clear('All');
  }
  const layout = layoutReport(spec);
  const all = sheet.getRange(blockAddress(1, 1, layout.grid.length, layout.width));
  // Formats first: text cells stay text (a name such as `=x` is never a formula).
  all.numberFormat = layout.formats;
  all.values = layout.grid;
  for (const row of layout.boldRows) {
    sheet.getRange(blockAddress(row, 1, 1, layout.width)).format.font.bold = true;
  }
  sheet.getRange('A1').format.font.size = 14;
  const widths = new Map<number, number>();
  for (const section of spec.sections) {
    section.columns.forEach((c, i) => {
      widths.set(i + 1, Math.max(widths.get(i + 1) ?? 0, c.width ?? 80));
    });
  }
  for (const [column, width] of widths)
    sheet.getRange(columnAddress(column)).format.columnWidth = width;
  for (const rule of spec.rules ?? []) {
    const placed = layout.sections[rule.section];
    if (!placed || placed.rowCount === 0) continue;
    const range = sheet.getRange(
      blockAddress(placed.firstRow, rule.column + 1, placed.rowCount, 1),
    );
    if (rule.kind === 'colorScale') {
      const format = range.conditionalFormats.add('ColorScale');
      format.colorScale.criteria = {
        minimum: { type: 'LowestValue', color: '#F8696B' },
        midpoint: { formula: '50', type: 'Percentile', color: '#FFEB84' },
        maximum: { type: 'HighestValue', color: '#63BE7B' },
      };
    } else {
      const format = range.conditionalFormats.add('ContainsText');
      format.textComparison.format.fill.color = rule.fill;
      format.textComparison.format.font.color = rule.font;
      format.textComparison.rule = { operator: 'Contains', text: rule.text };
    }
  }
  let chartTop = 1;
  for (const chart of spec.charts ?? []) {
    const placed = layout.sections[chart.section];
    if (!placed || placed.rowCount === 0) continue;
    const source = sheet.getRange(
      blockAddress(placed.headerRow, 1, placed.rowCount + 1, chart.series + 1),
    );
    const added = sheet.charts.add(chart.type, source, 'Columns');
    added.name = chart.name;
    added.title.text = chart.title;
    const left = layout.width + 2;
    added.setPosition(cellAddress(chartTop, left), cellAddress(chartTop + 15, left + 7));
    chartTop += 17;
  }
  if (spec.print) {
    sheet.pageLayout.orientation = 'Landscape';
    sheet.pageLayout.centerHorizontally = true;
    if (spec.print === 'A4') {
      sheet.pageLayout.paperSize = 'A4';
      // The title and the first section's column headers on every printed page.
      const header = layout.sections[0]?.headerRow ?? 1;
      sheet.pageLayout.setPrintTitleRows(`$1:$${header}`);
    }
    sheet.pageLayout.setPrintArea(blockAddress(1, 1, layout.grid.length, layout.width));
  }
  sheet.activate();
  await ctx.sync();
}

/** Several report sheets, one after the other (汇总, 督办清单, problem lists). */
export async function writeReports(
  ctx: Excel.RequestContext,
  specs: readonly ReportSheet[],
): Promise<void> {
  for (const spec of specs) await writeReport(ctx, spec);
}
