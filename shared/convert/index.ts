/**
 * Paper-style sheet → canonical ledger rows. Takes a sheet exactly as Excel's `Range.values` gives
 * it (plus number formats and merged areas when known), finds the title rows and what they state,
 * the header row (also a two-row header under a merged group row), the ledger kind and each
 * column's field, skips rows that are not records with the reason, and normalises and validates
 * every record row with the shared ledger rules. It never changes the input.
 */
import { type Locale, message } from '../i18n.ts';
import { LEDGERS, type LedgerKind, type NormalizedRow } from '../ledgers/index.ts';
import type { OrgTree } from '../org.ts';
import { Grid } from './grid.ts';
import { findHeader, mapColumns } from './header.ts';
import './messages.ts';
import { readRecords } from './records.ts';
import type { IgnoredReason } from './skip.ts';
import { titleTexts, unitOf, yearOf } from './title.ts';

export { columnIndex, columnLetter, parseCell, parseMergedAreas } from './columns.ts';
export { headerKey } from './header.ts';
export { isDateFormat } from './records.ts';
export type { IgnoredReason } from './skip.ts';

export type Cell = string | number | boolean | null;

/** A merged area, 1-based within the given values (row 1 = the first row of `values`). */
export interface MergedArea {
  row: number;
  column: number;
  rowCount: number;
  columnCount: number;
}

export interface SheetInput {
  values: Cell[][];
  numberFormat?: string[][];
  merges?: MergedArea[];
}

export interface ConvertContext {
  org: OrgTree;
  /** Code of the submitting unit. */
  unit: string;
  /** ISO date the ledger is filled in on. */
  asOf: string;
  locale?: Locale;
  areaCode?: string;
  /** Overrides: the title's year, the 1-based sheet row of the header, the ledger kind. */
  titleYear?: number | null;
  headerRow?: number;
  kind?: LedgerKind;
  /** Column corrections: column letter → field key, or `null` to leave the column out. */
  columns?: Record<string, string | null>;
  /** Corrections remembered from earlier sheets of the same layout; `columns` wins over them. */
  remembered?: RememberedColumns;
  /** Sheet row and column (1-based) of `values[0][0]`, when the range does not start at A1. */
  firstRow?: number;
  firstColumn?: number;
}

/**
 * Column corrections a workbook remembers (列对应), by ledger kind: a header (as `headerKey` gives
 * it) → field key, or `null` to leave such a column out.
 */
export type RememberedColumns = Partial<Record<LedgerKind, Record<string, string | null>>>;

export interface ColumnMapping {
  letter: string;
  header: string;
  field: string | null;
  /**
   * How the field was found: its label, a synonym, its group row, the user's correction, or a
   * correction the workbook remembers.
   */
  by: 'label' | 'synonym' | 'group' | 'override' | 'remembered' | 'none' | 'repeat';
}

/** A record row: `original` is what its cells held, by field, so every change can be traced. */
export type ConvertedRow = NormalizedRow;

export interface ConvertResult {
  kind: LedgerKind;
  headerRow: number;
  titleYear: number | null;
  /** Code of the unit the title rows name (填报单位), when they name one. */
  titleUnit: string | null;
  columns: ColumnMapping[];
  rows: ConvertedRow[];
  ignoredRows: { row: number; reason: IgnoredReason }[];
  unknownColumns: string[];
  missingColumns: string[];
  /** A problem with the sheet as a whole (missing required columns), in one message. */
  sheetErrors: { code: string; message: string }[];
}

/** Raised when the sheet is not a ledger at all: no header row or no kind can be recognised. */
export class ConvertError extends Error {
  readonly code: string;
  constructor(code: string, text: string) {
    super(text);
    this.code = code;
  }
}

/** Converts one sheet; see the module comment. Throws `ConvertError` when it is not a ledger. */
export function convertSheet(sheet: SheetInput, ctx: ConvertContext): ConvertResult {
  const locale = ctx.locale ?? 'zh';
  const grid = new Grid(sheet.values, sheet.merges ?? []);
  const { kind, headerIndex } = findHeader(grid, ctx);
  const { columns, mapped } = mapColumns(grid, headerIndex, kind, ctx);
  // A column the clerk chose to leave out is not an unknown one.
  const unknownColumns = columns
    .filter(
      (c) => c.field === null && c.header !== '' && c.by !== 'override' && c.by !== 'remembered',
    )
    .map((c) => c.header);
  const ledger = LEDGERS[kind];
  const missing = ledger.fields.filter((f) => f.required && !mapped.has(f.key));
  const missingColumns = missing.map((f) => f.label[locale]);
  const sheetErrors =
    missing.length === 0
      ? []
      : [
          {
            code: 'MISSING_COLUMNS',
            message: message(
              'MISSING_COLUMNS',
              { columns: missingColumns.join('、'), ledger: ledger.label[locale] },
              locale,
            ),
          },
        ];
  const texts = titleTexts(grid, headerIndex);
  const titleYear = ctx.titleYear ?? yearOf(texts);
  const titleUnit = unitOf(texts, ctx.org);
  const dataMerges = (sheet.merges ?? []).some((m) => m.row + m.rowCount - 2 > headerIndex);
  const layout = {
    kind,
    headerIndex,
    columns,
    missing: new Set(missing.map((f) => f.key)),
    titleYear,
    locale,
  };
  const { rows, ignoredRows } = readRecords(grid, sheet.numberFormat, dataMerges, layout, ctx);
  return {
    kind,
    headerRow: (ctx.firstRow ?? 1) + headerIndex,
    titleYear,
    titleUnit,
    columns,
    rows,
    ignoredRows,
    unknownColumns,
    missingColumns,
    sheetErrors,
  };
}
