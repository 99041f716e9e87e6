/**
 * What the 转换 panel runs, apart from drawing: recognise the active sheet (read it, convert it
 * with the clerk's column corrections) and write the canonical ledger beside it. No DOM, so the
 * benchmark times exactly the pane's path on the in-memory workbook.
 */
import {
  type ConvertContext,
  type ConvertResult,
  convertSheet,
} from '../../shared/convert/index.ts';
import type { Locale } from '../../shared/i18n.ts';
import type { OrgTree } from '../../shared/org.ts';
import { listColumns, planLedgerSheet } from '../excel/plan.ts';
import type { Workbook } from '../excel/port.ts';

export interface PaneContext {
  org: OrgTree;
  unit: string;
  asOf: string;
  locale: Locale;
}

/** The residential areas within a unit (the choices of the 居民区 column). */
export function areasOf(org: OrgTree, unit: string): string[] {
  return org.get(unit)
    ? org
        .subtree(unit)
        .filter((u) => u.kind === 'residential')
        .map((u) => u.code)
    : [];
}

export async function recogniseActiveSheet(
  workbook: Workbook,
  ctx: PaneContext,
  corrections: ConvertContext['columns'] = {},
): Promise<{ sourceName: string; converted: ConvertResult }> {
  const read = await workbook.readActiveSheet();
  const converted = convertSheet(read.sheet, {
    ...ctx,
    firstRow: read.firstRow,
    firstColumn: read.firstColumn,
    columns: corrections,
  });
  return { sourceName: read.name, converted };
}

export function writeConvertedLedger(
  workbook: Workbook,
  converted: ConvertResult,
  ctx: PaneContext,
): Promise<{ sheetName: string; problemsSheet: string }> {
  const areas = areasOf(ctx.org, ctx.unit);
  const plan = planLedgerSheet(converted, { locale: ctx.locale, areas });
  return workbook.writeLedgerSheet(plan, listColumns(areas));
}
