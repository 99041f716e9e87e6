/**
 * Reading a sheet in Excel: the used range's values, number formats and merged areas, in one sync,
 * as the plain `SheetInput` the shared conversion reads.
 */
import type { Cell, SheetInput } from '../../shared/convert/index.ts';
import type { Capabilities } from './capabilities.ts';
import { parseMergedAreas } from './cells.ts';

export interface ReadSheet {
  name: string;
  sheet: SheetInput;
  /** Sheet row and column of `values[0][0]`. */
  firstRow: number;
  firstColumn: number;
}

/** Reads the active sheet's used range — values, number formats, merged areas — in one sync. */
export async function readSheet(ctx: Excel.RequestContext, caps: Capabilities): Promise<ReadSheet> {
  const worksheet = ctx.workbook.worksheets.getActiveWorksheet();
  worksheet.load('name');
  return readWorksheet(ctx, worksheet, caps);
}

/** Reads a named sheet the same way (a ledger sheet, to check it again or submit it). */
export async function readNamedSheet(
  ctx: Excel.RequestContext,
  name: string,
  caps: Capabilities,
): Promise<ReadSheet> {
  const worksheet = ctx.workbook.worksheets.getItem(name);
  worksheet.load('name');
  return readWorksheet(ctx, worksheet, caps);
}

async function readWorksheet(
  ctx: Excel.RequestContext,
  worksheet: Excel.Worksheet,
  caps: Capabilities,
): Promise<ReadSheet> {
  const used = worksheet.getUsedRangeOrNullObject(false);
  used.load('isNullObject, values, numberFormat, rowIndex, columnIndex');
  const merged = caps.mergedAreas ? used.getMergedAreasOrNullObject() : null;
  merged?.load('isNullObject, address');
  await ctx.sync();
  if (used.isNullObject) {
    return { name: worksheet.name, sheet: { values: [] }, firstRow: 1, firstColumn: 1 };
  }
  const firstRow = used.rowIndex + 1;
  const firstColumn = used.columnIndex + 1;
  const merges =
    merged && !merged.isNullObject ? parseMergedAreas(merged.address, firstRow, firstColumn) : [];
  return {
    name: worksheet.name,
    sheet: {
      values: used.values as Cell[][],
      numberFormat: used.numberFormat as string[][],
      merges,
    },
    firstRow,
    firstColumn,
  };
}
