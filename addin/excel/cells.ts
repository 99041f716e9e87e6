/**
 * Plain helpers for addressing and writing cells: A1 addresses, quoted sheet names, merged-area
 * addresses, values that must stay text, and Excel on the web's request
 * limit. No Office here — these run in tests and in the in-memory workbook too.
 */
import {
  type Cell,
  columnLetter,
  parseCell,
  parseMergedAreas,
} from '../../shared/convert/index.ts';

export { parseCell, parseMergedAreas };

/** Excel on the web refuses a request payload over 5 MB; keep a margin for the JSON around it. */
export const PAYLOAD_LIMIT = 4_500_000;
/** Excel's limit on a sheet name's length. */
export const SHEET_NAME_MAX = 31;

/** `C5` for row 5, column 3 (both 1-based). */
export function cellAddress(row: number, column: number): string {
  return `${columnLetter(column)}${row}`;
}

/** `A1:T101` for the block from (top, left) spanning rows × columns (1-based). */
export function blockAddress(top: number, left: number, rows: number, columns: number): string {
  return `${cellAddress(top, left)}:${cellAddress(top + Math.max(rows, 1) - 1, left + Math.max(columns, 1) - 1)}`;
}

/** A sheet name as a formula or link writes it: `'一事一表·规范'!C5`. */
export function sheetReference(sheet: string, address: string): string {
  return `'${sheet.replace(/'/g, "''")}'!${address}`;
}

/**
 * Text Excel would read as a formula (or as a signed number turned into one): `=`, `+`, `-`, `@`.
 * Such a value is written into a cell formatted as text so it is kept as typed, never evaluated.
 */
export function looksLikeFormula(value: Cell): boolean {
  return typeof value === 'string' && /^[=+\-@]/.test(value);
}

/** A sheet name Excel accepts: no `[]:*?/\`, not blank, at most 31 characters. */
export function safeSheetName(name: string): string {
  const cleaned = name.replace(/[[\]:*?/\\]/g, '_').trim() || 'Sheet';
  return cleaned.slice(0, SHEET_NAME_MAX);
}

/** `name`, `name (2)`, `name (3)`… — `count` names to try for a new sheet, each valid. */
export function sheetNameCandidates(name: string, count: number): string[] {
  const base = safeSheetName(name);
  return Array.from({ length: count }, (_, i) => {
    if (i === 0) return base;
    const suffix = ` (${i + 1})`;
    return base.slice(0, SHEET_NAME_MAX - suffix.length) + suffix;
  });
}

/** A whole column, `C:C`. */
export function columnAddress(column: number): string {
  const letter = columnLetter(column);
  return `${letter}:${letter}`;
}

/** `$A$2:$A$9`: a block that stays put when a name or formula refers to it. */
export function absoluteBlock(top: number, left: number, rows: number, columns: number): string {
  return blockAddress(top, left, rows, columns).replace(/([A-Z]+)(\d+)/g, '$$$1$$$2');
}
