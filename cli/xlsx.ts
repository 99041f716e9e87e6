/**
 * Reads a workbook the way Excel's `Range.values` would hand it to the add-in: text as strings,
 * numbers as numbers, dates as serial numbers, booleans, empty cells as `""` — plus the number
 * formats and the merged areas. Used by the CLI and tests (exceljs); the add-in reads the real range
 * instead. .xls, .et and .ods files are read through LibreOffice (`libreoffice.ts`); every problem
 * is a `WorkbookError` naming the format and the remedy.
 */
import path from 'node:path';
import ExcelJS from 'exceljs';
import { parseMergedAreas, type SheetInput } from '../shared/convert/index.ts';
import { timeToSerial } from '../shared/normalize.ts';
import { withXlsxCopy } from './libreoffice.ts';
import { sniffFormat, WorkbookError } from './workbook-file.ts';

export { WorkbookError } from './workbook-file.ts';

/** The first sheet of a workbook file, or the named one. Throws `WorkbookError` for what it cannot read. */
export async function readWorkbook(file: string, sheetName?: string): Promise<SheetInput> {
  const format = await sniffFormat(file);
  const name = path.basename(file);
  switch (format) {
    case 'xlsx':
      return readXlsx(file, name, sheetName);
    case 'xls':
    case 'et':
    case 'ods':
      return withXlsxCopy(file, format, (xlsx) => readXlsx(xlsx, name, sheetName));
    case 'encrypted':
      throw new WorkbookError('PASSWORD_PROTECTED', { file: name });
    case 'empty':
      throw new WorkbookError('EMPTY_FILE', { file: name });
    case 'other':
      throw new WorkbookError('NOT_A_WORKBOOK', { file: name });
  }
}

async function readXlsx(file: string, name: string, sheetName?: string): Promise<SheetInput> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.readFile(file);
  } catch {
    // The library's own words ("Can't find end of central directory") mean nothing to a clerk.
    throw new WorkbookError('UNREADABLE_WORKBOOK', { file: name });
  }
  const sheet = sheetName ? workbook.getWorksheet(sheetName) : workbook.worksheets[0];
  if (!sheet) {
    throw new WorkbookError('SHEET_NOT_FOUND', {
      file: name,
      sheet: sheetName ?? '1',
      sheets: workbook.worksheets.map((w) => w.name).join('、'),
    });
  }
  try {
    return sheetToInput(sheet);
  } catch {
    throw new WorkbookError('UNREADABLE_WORKBOOK', { file: name });
  }
}

export function sheetToInput(sheet: ExcelJS.Worksheet): SheetInput {
  const rowCount = sheet.actualRowCount === 0 ? 0 : sheet.rowCount;
  const columnCount = sheet.columnCount;
  const values: (string | number | boolean)[][] = [];
  const numberFormat: string[][] = [];
  for (let r = 1; r <= rowCount; r++) {
    const row = sheet.getRow(r);
    const valueRow: (string | number | boolean)[] = [];
    const formatRow: string[] = [];
    for (let c = 1; c <= columnCount; c++) {
      const cell = row.getCell(c);
      const isSlave = cell.isMerged && cell.master.address !== cell.address;
      valueRow.push(isSlave ? '' : cellValue(cell.value));
      formatRow.push(cell.value instanceof Date ? 'yyyy-mm-dd' : (cell.numFmt ?? 'General'));
    }
    values.push(valueRow);
    numberFormat.push(formatRow);
  }
  // Excel's own notation (`A1:S1`), read the way the add-in reads Excel's merged areas.
  const merges = parseMergedAreas(sheet.model.merges.join(','));
  return { values, numberFormat, merges };
}

function cellValue(value: ExcelJS.CellValue): string | number | boolean {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return timeToSerial(value.getTime());
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((part) => part.text).join('');
    if ('result' in value) return cellValue(value.result as ExcelJS.CellValue);
    if ('text' in value) return String(value.text);
    if ('error' in value) return String(value.error);
    return '';
  }
  return value;
}
