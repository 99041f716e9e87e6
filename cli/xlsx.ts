/**
 * Reads a workbook the way Excel's `Range.values` would hand it to the add-in: text as strings,
 * numbers as numbers, dates as serial numbers, booleans, empty cells as `""` — plus the number
 * formats and the merged areas. Used by the CLI and tests (exceljs); the add-in reads the real range instead.
 */
import ExcelJS from 'exceljs';
import { parseMergedAreas, type SheetInput } from '../shared/convert/index.ts';
import { timeToSerial } from '../shared/normalize.ts';

export async function readWorkbook(file: string, sheetName?: string): Promise<SheetInput> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  const sheet = sheetName ? workbook.getWorksheet(sheetName) : workbook.worksheets[0];
  if (!sheet) throw new Error(`sheet ${sheetName ?? '1'} not found in ${file}`);
  return sheetToInput(sheet);
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
