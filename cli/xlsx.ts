/**
 * Reads a workbook the way Excel's `Range.values` would hand it to the add-in: text as strings,
 * numbers as numbers, dates as serial numbers, booleans, empty cells as `""` — plus the number
 * formats and the merged areas. Used by the CLI and tests; the add-in reads the real range instead.
 * .xls, .et and .ods files are read through LibreOffice (`libreoffice.ts`); every problem is a
 * `WorkbookError` naming the format and the remedy.
 *
 * The sheet is streamed: exceljs's streaming reader unzips and reads the shared strings and styles,
 * and the sheet's XML goes straight into plain rows, never into exceljs's model of every cell — a
 * 50,000-row ledger read whole took twice exceljs's own time and memory.
 */
import path from 'node:path';
import ExcelJS from 'exceljs';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { type Cell, parseMergedAreas, type SheetInput } from '../shared/convert/index.ts';
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

/** What exceljs's streaming reader hands over beyond its typings (exceljs 4's workbook-reader.js). */
interface StreamedWorkbook {
  sharedStrings?: (string | { richText: { text: string | null }[] } | null)[];
  styles: { getStyleModel(id: number): { numFmt?: string } | null };
  properties?: { model?: { date1904?: boolean } };
  model?: { sheets?: { name: string }[] };
}
interface StreamedSheet {
  name: string;
  iterator: AsyncIterable<Buffer | string>;
}

/**
 * A read that fails is made once more before the file is called damaged: exceljs's streaming reader
 * (through its unzip) now and then ends a part of an intact workbook early when the process is busy
 * — once in a few hundred reads during a pipelined `minqing import`, where the workbook's part then
 * reads as nothing — and a second read of the same file succeeds. A damaged file fails both times.
 */
async function readXlsx(file: string, name: string, sheetName?: string): Promise<SheetInput> {
  try {
    return await streamXlsx(file, name, sheetName);
  } catch (error) {
    if (!(error instanceof WorkbookError) || error.code !== 'UNREADABLE_WORKBOOK') throw error;
    return streamXlsx(file, name, sheetName);
  }
}

async function streamXlsx(file: string, name: string, sheetName?: string): Promise<SheetInput> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
    sharedStrings: 'cache',
    styles: 'cache',
    worksheets: 'emit',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  const workbook = reader as unknown as StreamedWorkbook;
  const names: string[] = [];
  let input: SheetInput | undefined;
  try {
    for await (const sheet of reader as unknown as AsyncIterable<StreamedSheet>) {
      names.push(sheet.name);
      // The first sheet in the workbook's tab order, as Excel shows it (not the first file).
      const wanted = sheetName ?? workbook.model?.sheets?.[0]?.name ?? names[0];
      if (input === undefined && sheet.name === wanted) input = await readSheet(sheet, workbook);
      else for await (const _ of sheet.iterator); // skipped unparsed
    }
  } catch {
    // The library's own words ("Can't find end of central directory") mean nothing to a clerk.
    throw new WorkbookError('UNREADABLE_WORKBOOK', { file: name });
  }
  if (input) return input;
  if (names.length === 0) throw new WorkbookError('UNREADABLE_WORKBOOK', { file: name });
  throw new WorkbookError('SHEET_NOT_FOUND', {
    file: name,
    sheet: sheetName ?? '1',
    sheets: names.join('、'),
  });
}

/**
 * One sheet's XML (`<row>`, `<c r s t>`, `<v>`, `<is><t>`, `<mergeCell ref>`) into plain rows. The
 * values, formats and extent are those exceljs's whole-workbook reader gives: a date-formatted
 * number as the serial of the instant it stands for, with the format `yyyy-mm-dd`; a formula as its
 * cached result; the rows up to the last `<row>` or merged area, as wide as the widest row with a
 * value or merged area; a merged area's value only in its top-left cell.
 */
async function readSheet(sheet: StreamedSheet, workbook: StreamedWorkbook): Promise<SheetInput> {
  const state = newSheetState(workbook);
  const parser = new SaxesParser();
  parser.on('opentag', (node) => openTag(state, node.name, (node as SaxesTagPlain).attributes));
  parser.on('text', (chunk) => {
    if (state.reading) state.text += chunk;
  });
  parser.on('closetag', (node) => closeTag(state, node.name));
  const decoder = new TextDecoder();
  for await (const chunk of sheet.iterator) {
    parser.write(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
  }
  parser.write(decoder.decode()).close();
  return squaredUp(state);
}

/** What the reader has gathered of a sheet, and the cell it is in. */
type SheetState = ReturnType<typeof newSheetState>;

function newSheetState(workbook: StreamedWorkbook) {
  const formats = new Map<number, string>();
  return {
    shared: workbook.sharedStrings ?? [],
    date1904: workbook.properties?.model?.date1904 === true,
    /** A style's number format, looked up once per style. */
    formatOf(style: number): string {
      let format = formats.get(style);
      if (format === undefined) {
        format = (style ? workbook.styles.getStyleModel(style)?.numFmt : undefined) ?? 'General';
        formats.set(style, format);
      }
      return format;
    },
    valueRows: [] as Cell[][],
    formatRows: [] as string[][],
    mergedRefs: [] as string[],
    lastRow: 0,
    columnCount: 0,
    // The cell being read.
    row: 0,
    column: 0,
    rowWidth: 0,
    rowHasValue: false,
    valueRow: [] as Cell[],
    formatRow: [] as string[],
    type: '',
    style: 0,
    text: null as string | null,
    reading: false,
    inPhonetic: false,
  };
}

function openTag(state: SheetState, name: string, attributes: Record<string, string>): void {
  switch (name) {
    case 'row':
      state.row = attributes.r ? Number(attributes.r) : state.row + 1;
      state.lastRow = Math.max(state.lastRow, state.row);
      state.column = 0;
      state.rowWidth = 0;
      state.rowHasValue = false;
      state.valueRow = [];
      state.formatRow = [];
      state.valueRows[state.row - 1] = state.valueRow;
      state.formatRows[state.row - 1] = state.formatRow;
      break;
    case 'c':
      state.column = attributes.r ? columnOf(attributes.r) : state.column + 1;
      state.rowWidth = Math.max(state.rowWidth, state.column);
      state.type = attributes.t ?? 'n';
      state.style = attributes.s ? Number(attributes.s) : 0;
      state.text = null;
      break;
    case 'v':
      state.reading = true;
      state.text ??= '';
      break;
    case 't':
      state.reading = !state.inPhonetic;
      state.text ??= '';
      break;
    case 'rPh':
      // A reading hint for East Asian text, not part of the cell's text.
      state.inPhonetic = true;
      break;
    case 'mergeCell':
      if (attributes.ref) state.mergedRefs.push(attributes.ref);
      break;
  }
}

function closeTag(state: SheetState, name: string): void {
  switch (name) {
    case 'v':
    case 't':
      state.reading = false;
      break;
    case 'rPh':
      state.inPhonetic = false;
      break;
    case 'c':
      closeCell(state);
      break;
    case 'row':
      if (state.rowHasValue) state.columnCount = Math.max(state.columnCount, state.rowWidth);
      break;
  }
}

/** The cell just read, into its row: its value and number format. */
function closeCell(state: SheetState): void {
  const format = state.formatOf(state.style);
  const index = state.column - 1;
  state.formatRow[index] = format;
  if (state.text === null) return;
  state.rowHasValue = true;
  const value = cellValue(state.text, state.type, state.shared);
  if (typeof value === 'number' && isDateFormat(format)) {
    // exceljs's Date for the cell, to the millisecond, and back to a serial.
    const days = value - 25569 + (state.date1904 ? 1462 : 0);
    state.valueRow[index] = timeToSerial(Math.round(days * 86_400_000));
    state.formatRow[index] = 'yyyy-mm-dd';
  } else {
    state.valueRow[index] = value;
  }
}

/** The rows read, every one as wide as the widest, merged areas' values only in their top-left. */
function squaredUp(state: SheetState): SheetInput {
  // Excel's own notation (`A1:S1`), read the way the add-in reads Excel's merged areas.
  const merges = parseMergedAreas(state.mergedRefs.join(','));
  let { lastRow, columnCount } = state;
  for (const merge of merges) {
    lastRow = Math.max(lastRow, merge.row + merge.rowCount - 1);
    columnCount = Math.max(columnCount, merge.column + merge.columnCount - 1);
  }
  const values: Cell[][] = [];
  const numberFormat: string[][] = [];
  for (let r = 0; r < (columnCount > 0 ? lastRow : 0); r++) {
    // Rows the XML leaves out are blank; every row as wide as the widest.
    const rowValues = state.valueRows[r] ?? [];
    const rowFormats = state.formatRows[r] ?? [];
    rowValues.length = columnCount;
    rowFormats.length = columnCount;
    for (let c = 0; c < columnCount; c++) {
      rowValues[c] ??= '';
      rowFormats[c] ??= 'General';
    }
    values.push(rowValues);
    numberFormat.push(rowFormats);
  }
  for (const merge of merges) {
    for (let r = merge.row; r < merge.row + merge.rowCount; r++) {
      for (let c = merge.column; c < merge.column + merge.columnCount; c++) {
        if (r !== merge.row || c !== merge.column) values[r - 1]![c - 1] = '';
      }
    }
  }
  return { values, numberFormat, merges };
}

/** A cell's value from its type (`t`) and text: shared string, inline text, boolean, error, number. */
function cellValue(
  text: string,
  type: string,
  shared: NonNullable<StreamedWorkbook['sharedStrings']>,
): string | number | boolean {
  switch (type) {
    case 's': {
      const entry = shared[Number(text)];
      if (entry === null || entry === undefined) return '';
      if (typeof entry === 'string') return entry;
      return entry.richText.map((part) => part.text ?? '').join('');
    }
    case 'str':
    case 'inlineStr':
    case 'e':
    case 'd':
      return text;
    case 'b':
      return Number(text) !== 0;
    default:
      return text === '' ? '' : Number.parseFloat(text);
  }
}

/** The 1-based column of a cell reference (`AB12` → 28). */
function columnOf(ref: string): number {
  let column = 0;
  for (let i = 0; i < ref.length; i++) {
    const code = ref.charCodeAt(i);
    if (code < 65 || code > 90) break;
    column = column * 26 + code - 64;
  }
  return column;
}

/** Whether a number format shows a date or time (exceljs's test: a date part outside quotes and brackets). */
function isDateFormat(format: string): boolean {
  return /[ymdhMsb]/.test(format.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));
}
