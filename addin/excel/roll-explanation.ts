/**
 * The explanation sheet of one figure of the year-end roll (docs/decisions/0014): the records
 * behind the figure and how they give it, linked from the figure's cell on the 年度考核 sheet.
 */
import type { ExplainedFigure, Explanation } from '../../shared/assessment-explain.ts';
import { FIGURE_LABELS } from '../../shared/assessment-explain.ts';
import { explanationTable } from '../../shared/assessment-explain-table.ts';
import { safeSheetName, sheetReference } from './cells.ts';
import { type ReportSheet, writeReport } from './report.ts';
import { figureCell, ROLL_SHEETS, type RollSheetOptions, type SignedRoll } from './roll.ts';

/** The explanation sheet's name: 依据·KEY·figure, cut to Excel's limit. */
export const explanationSheetName = (key: string, figure: ExplainedFigure) =>
  safeSheetName(`依据·${key}·${FIGURE_LABELS[figure]}`);

/** The explanation sheet as plain data: the records, then how they give the figure. */
export function explanationSheet(explanation: Explanation, today: string): ReportSheet {
  const table = explanationTable(explanation);
  return {
    name: explanationSheetName(explanation.key, explanation.figure),
    title: table.title,
    subtitle: `制表日期：${today} · 按现有记录列出（定稿数字见年度考核表）`,
    sections: [
      {
        columns: table.header.map((header) => ({ header, format: '@', width: 72 })),
        rows: table.rows.map((row) => row.map((cell) => cell ?? '')),
      },
      {
        heading: '计算',
        columns: [{ header: '说明', format: '@', width: 400 }],
        rows: table.sums.map((line) => [line]),
      },
    ],
    print: 'A4',
  };
}

/** Links a cell to another sheet (its A1), with a tip; one sync. */
export async function linkCell(
  ctx: Excel.RequestContext,
  sheet: string,
  address: string,
  target: string,
  tip: string,
): Promise<void> {
  ctx.workbook.worksheets.getItem(sheet).getRange(address).hyperlink = {
    documentReference: sheetReference(target, 'A1'),
    screenTip: tip,
  };
  await ctx.sync();
}

/**
 * The explanation sheet of one figure and where its link goes: the figure's cell on the 年度考核
 * sheet (set once the sheet exists, so the link never points at nothing).
 */
export function explanationPlan(
  explanation: Explanation,
  roll: SignedRoll,
  options: RollSheetOptions,
): { sheet: ReportSheet; link: { sheet: string; address: string; tip: string } | null } {
  const sheet = explanationSheet(explanation, options.today);
  const address = figureCell(roll, options, explanation.key, explanation.figure);
  return {
    sheet,
    link: address
      ? {
          sheet: ROLL_SHEETS[roll.of],
          address,
          tip: `${FIGURE_LABELS[explanation.figure]}的依据`,
        }
      : null,
  };
}

/** Writes the explanation sheet of one figure and links the figure's cell to it. */
export async function writeExplanation(
  ctx: Excel.RequestContext,
  explanation: Explanation,
  roll: SignedRoll,
  options: RollSheetOptions,
): Promise<string> {
  const { sheet, link } = explanationPlan(explanation, roll, options);
  await writeReport(ctx, sheet);
  if (link) await linkCell(ctx, link.sheet, link.address, sheet.name, link.tip);
  return sheet.name;
}
