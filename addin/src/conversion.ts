/**
 * What the 转换 panel runs, apart from drawing: recognise the active sheet (read it, convert it
 * with the clerk's column corrections and those the workbook remembers) and write the canonical
 * ledger beside it. No DOM, so the benchmark times exactly the pane's path on the in-memory
 * workbook.
 */
import {
  type ConvertContext,
  type ConvertResult,
  convertSheet,
  headerKey,
  type RememberedColumns,
} from '../../shared/convert/index.ts';
import type { Locale } from '../../shared/i18n.ts';
import type { OrgTree } from '../../shared/org.ts';
import { listColumns, planLedgerSheet, unitLabel } from '../excel/plan.ts';
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

/** The same areas as the sheet shows them and its dropdown lists them (上理, not YP-CB-003). */
export function areaNamesOf(org: OrgTree, unit: string): string[] {
  return areasOf(org, unit).map((code) => unitLabel(org, code));
}

/** The workbook setting that remembers the clerk's column corrections (列对应). */
export const MAPPING_SETTING = 'columnMapping';

/**
 * Converts the active sheet. A correction the clerk makes is remembered in the workbook, by the
 * column's header, so next month's sheet in the same layout converts without correcting again.
 */
export async function recogniseActiveSheet(
  workbook: Workbook,
  ctx: PaneContext,
  corrections: ConvertContext['columns'] = {},
): Promise<{ sourceName: string; converted: ConvertResult }> {
  const read = await workbook.readActiveSheet();
  const remembered = (await workbook.readSetting<RememberedColumns>(MAPPING_SETTING)) ?? {};
  const converted = convertSheet(read.sheet, {
    ...ctx,
    firstRow: read.firstRow,
    firstColumn: read.firstColumn,
    columns: corrections,
    remembered,
  });
  const updated = withCorrections(remembered, converted);
  if (updated) await workbook.writeSetting(MAPPING_SETTING, updated);
  return { sourceName: read.name, converted };
}

/** `remembered` with this conversion's corrections added; `null` when there is nothing new. */
export function withCorrections(
  remembered: RememberedColumns,
  converted: ConvertResult,
): RememberedColumns | null {
  const byHeader = { ...remembered[converted.kind] };
  let changed = false;
  for (const column of converted.columns) {
    const key = headerKey(column.header);
    if (column.by !== 'override' || key === '') continue;
    if (Object.hasOwn(byHeader, key) && byHeader[key] === column.field) continue;
    byHeader[key] = column.field;
    changed = true;
  }
  return changed ? { ...remembered, [converted.kind]: byHeader } : null;
}

export function writeConvertedLedger(
  workbook: Workbook,
  converted: ConvertResult,
  ctx: PaneContext,
): Promise<{ sheetName: string; problemsSheet: string }> {
  const areas = areaNamesOf(ctx.org, ctx.unit);
  const plan = planLedgerSheet(converted, { locale: ctx.locale, areas, org: ctx.org });
  return workbook.writeLedgerSheet(plan, listColumns(areas));
}
