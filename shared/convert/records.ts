/**
 * The record rows under the header: each row that is not a spacer, totals, footer or repeated
 * header is read by column and normalised and checked as it is read, with the shared ledger rules.
 * Fields are resolved to their columns once per sheet, so a row is read without looking anything
 * up by name.
 */
import type { Locale } from '../i18n.ts';
import { LEDGERS, type LedgerKind, rowChecker } from '../ledgers/index.ts';
import { columnIndex } from './columns.ts';
import type { Grid } from './grid.ts';
import { headerKey } from './header.ts';
import type { Cell, ColumnMapping, ConvertContext, ConvertedRow, ConvertResult } from './index.ts';
import { nonRecordReason } from './skip.ts';

export interface RecordLayout {
  kind: LedgerKind;
  headerIndex: number;
  columns: readonly ColumnMapping[];
  /** Required fields no column holds: one sheet error, not an error on every row. */
  missing: ReadonlySet<string>;
  titleYear: number | null;
  locale: Locale;
}

/** Every record row normalised and checked, and every other row with why it is not a record. */
export function readRecords(
  grid: Grid,
  numberFormat: readonly string[][] | undefined,
  dataMerges: boolean,
  layout: RecordLayout,
  ctx: ConvertContext,
): Pick<ConvertResult, 'rows' | 'ignoredRows'> {
  const { headerIndex, missing } = layout;
  const firstColumn = ctx.firstColumn ?? 1;
  const firstRow = ctx.firstRow ?? 1;
  const mappedColumns = layout.columns.filter((c) => c.field !== null);
  const keys = mappedColumns.map((c) => c.field!);
  const indexes = mappedColumns.map((c) => columnIndex(c.letter) - firstColumn);
  const headerTexts: string[] = [];
  for (const index of indexes) headerTexts[index] = headerKey(grid.textAt(headerIndex, index));
  // Every record gets all its fields at once, in column order, copied from one shape: an object
  // grown field by field is reallocated again and again, which on a large sheet is most of the
  // garbage.
  const shape: Record<string, unknown> = {};
  for (const key of keys) shape[key] = '';
  // Each ledger field's column; a merged cell is read through its area, by name.
  const byField = LEDGERS[layout.kind].fields.map((f) => indexes[keys.indexOf(f.key)] ?? -1);
  const check = rowChecker(
    layout.kind,
    {
      org: ctx.org,
      unit: ctx.unit,
      asOf: ctx.asOf,
      locale: layout.locale,
      titleYear: layout.titleYear,
      ...(ctx.areaCode ? { areaCode: ctx.areaCode } : {}),
    },
    dataMerges ? undefined : byField,
  );
  const dateFormats = new Map<string, boolean>();
  const rows: ConvertedRow[] = [];
  const ignoredRows: ConvertResult['ignoredRows'] = [];
  const values = grid.values;
  for (let r = headerIndex + 1; r < values.length; r++) {
    const sheetRow = firstRow + r;
    const cells = values[r] ?? [];
    const reason = nonRecordReason(cells) ?? repeatedHeader(grid, r, cells, indexes, headerTexts);
    if (reason) {
      ignoredRows.push({ row: sheetRow, reason });
      continue;
    }
    const original: Record<string, unknown> = { ...shape };
    for (let i = 0; i < keys.length; i++) {
      const index = indexes[i]!;
      const cell = dataMerges ? grid.cell(r, index) : cells[index];
      // The shape holds '' already: an empty cell needs no store.
      if (cell !== '' && cell !== null && cell !== undefined) original[keys[i]!] = cell;
    }
    const formats = numberFormat?.[r];
    const dateCells = formats && dateCellsOf(original, keys, indexes, formats, dateFormats);
    const row = check.cells(sheetRow, cells, original, dateCells);
    // A missing column is one sheet error, not the same error on every row.
    if (missing.size > 0) row.errors = row.errors.filter((e) => !missing.has(e.field));
    rows.push(row);
  }
  return { rows, ignoredRows };
}

/** The fields whose cell holds a number formatted as a date (each format judged once a sheet). */
function dateCellsOf(
  original: Record<string, unknown>,
  keys: readonly string[],
  indexes: readonly number[],
  formats: readonly string[],
  dateFormats: Map<string, boolean>,
): Set<string> | undefined {
  let dateCells: Set<string> | undefined;
  for (let i = 0; i < keys.length; i++) {
    const format = formats[indexes[i]!];
    if (typeof original[keys[i]!] !== 'number' || format === undefined) continue;
    let isDate = dateFormats.get(format);
    if (isDate === undefined) {
      isDate = isDateFormat(format);
      dateFormats.set(format, isDate);
    }
    if (!isDate) continue;
    dateCells ??= new Set();
    dateCells.add(keys[i]!);
  }
  return dateCells;
}

/** True for an Excel number format that shows a date (quoted text and [codes] left out). */
export function isDateFormat(format: string): boolean {
  if (format === '' || format === 'General' || format === '@') return false;
  const bare = format.replace(/"[^"]*"|\[[^\]]*\]|\\./g, '');
  return /[yd]/i.test(bare) || /e+/.test(bare);
}

/** A header repeated on every printed page, typed in again from paper. */
function repeatedHeader(
  grid: Grid,
  r: number,
  cells: readonly Cell[],
  indexes: readonly number[],
  headerTexts: readonly string[],
): 'HEADER_ROW' | null {
  const a = indexes[0];
  const b = indexes[1];
  if (a === undefined || b === undefined) return null;
  if (!sameAsHeader(cells[a], headerTexts[a]!) || !sameAsHeader(cells[b], headerTexts[b]!))
    return null;
  let repeated = 0;
  for (const index of indexes) {
    const header = headerTexts[index]!;
    if (sameAsHeader(cells[index], header) || headerKey(grid.textAt(r, index)) === header)
      repeated++;
  }
  return repeated >= indexes.length / 2 ? 'HEADER_ROW' : null;
}

function sameAsHeader(cell: Cell | undefined, header: string): boolean {
  if (typeof cell !== 'string') return false;
  // A Chinese character has no other written form that keying would turn into it: a cell
  // without the header's first character is not that header (most cells, told without keying).
  const first = header.charCodeAt(0);
  if (first >= 0x4e00 && first <= 0x9fff && !cell.includes(header[0]!)) return false;
  return headerKey(cell) === header;
}
