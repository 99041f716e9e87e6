/**
 * What a standard ledger sheet holds, as plain data: the columns (canonical Chinese headers,
 * number formats, data validation), the body (canonical values; a rejected cell keeps what the
 * clerk typed), the cells to highlight with their notes, and the problem list. Both the Office
 * workbook and the in-memory workbook write exactly this plan, so what a test checks on one is
 * what Excel gets from the other.
 */
import type { Cell, ConvertResult } from '../../shared/convert/index.ts';
import { type Locale, message } from '../../shared/i18n.ts';
import { LEDGERS, type LedgerKind } from '../../shared/ledgers/index.ts';
import { unitLabel } from '../../shared/org.ts';
import { cellAddress, looksLikeFormula } from './cells.ts';
import {
  asCell,
  codeColumns,
  displayOriginal,
  ledgerColumns,
  type PlanColumn,
  type PlanOptions,
  TEXT_FORMAT,
  toCell,
} from './ledger-columns.ts';
import './messages.ts';

// The columns and the sheet check, re-exported: the pane and the workbooks import them from here.
export {
  AREA_LIST,
  BOOL_LIST,
  codeColumns,
  DATE_FORMAT,
  type ListColumn,
  ledgerColumns,
  listColumns,
  listName,
  type PlanColumn,
  type PlanOptions,
  TEXT_FORMAT,
  toCell,
  type Validation,
} from './ledger-columns.ts';
export { checkLedgerSheet, placeIssues, withUnitCodes } from './sheet-check.ts';

/** Excel's own "Bad" cell style: light red fill, dark red text. */
export const MARK_FILL = '#FFC7CE';
export const MARK_FONT = '#9C0006';
/** The hidden sheet holding the enumeration lists data validation refers to by name. */
export const LISTS_SHEET = '_lists';
/** Rows a blank template is formatted and validated for. */
export const TEMPLATE_ROWS = 500;

export interface CellMark {
  /** 1-based sheet row and column. */
  row: number;
  column: number;
  note: string;
}

export interface ProblemEntry {
  sourceRow: number | null;
  row: number;
  field: string;
  original: string;
  message: string;
  /** A1 address of the cell on the ledger sheet. */
  cell: string;
}

export interface LedgerSheetPlan {
  kind: LedgerKind;
  /** Wished names; the workbook makes them unique. */
  sheetName: string;
  columns: PlanColumn[];
  /** Body rows below the header (sheet row = index + 2). */
  body: Cell[][];
  /** Number format of every body cell. */
  numberFormat: string[][];
  /** Rows below the header that get formats and validation (at least the body). */
  formattedRows: number;
  marks: CellMark[];
  problems: ProblemEntry[];
}

/** An issue on a ledger sheet, with what the cell held. */
export interface SheetIssue {
  row: number;
  field: string;
  message: string;
  original: Cell;
  sourceRow: number | null;
}

export { unitLabel };

/**
 * The plan for a converted sheet: every record row (good and rejected) in sheet order, canonical
 * values where they could be read, the clerk's own text where they could not, highlighted with a
 * note, and the 原表行 column tracing each row back to the original sheet.
 */
export function planLedgerSheet(
  converted: ConvertResult,
  options: PlanOptions = {},
): LedgerSheetPlan {
  const kind = converted.kind;
  const fields = LEDGERS[kind].fields;
  const columns = ledgerColumns(kind, options, true);
  const body: Cell[][] = [];
  const numberFormat: string[][] = [];
  const issues: SheetIssue[] = [];
  converted.rows.forEach((row, i) => {
    const failed = new Set(row.errors.map((e) => e.field));
    const cells: Cell[] = [];
    const formats: string[] = [];
    fields.forEach((field, c) => {
      const format = columns[c]!.numberFormat;
      if (failed.has(field.key)) {
        // Keep what the clerk typed, as text, so it can be seen and fixed in place.
        cells.push(displayOriginal(row.original[field.key]));
        formats.push(TEXT_FORMAT);
      } else {
        const cell = toCell(field, row.values[field.key], options.org);
        cells.push(cell);
        formats.push(looksLikeFormula(cell) ? TEXT_FORMAT : format);
      }
    });
    cells.push(row.row);
    formats.push('0');
    for (const column of codeColumns(kind)) {
      const code = failed.has(column.codeOf!) ? null : row.values[column.codeOf!];
      cells.push(typeof code === 'string' ? code : '');
      formats.push(TEXT_FORMAT);
    }
    body.push(cells);
    numberFormat.push(formats);
    for (const error of row.errors) {
      issues.push({
        row: i + 2,
        field: error.field,
        message: error.message,
        original: asCell(row.original[error.field]),
        sourceRow: row.row,
      });
    }
  });
  const { marks, problems } = planMarks(columns, issues);
  return {
    kind,
    sheetName: ledgerSheetName(kind),
    columns,
    body,
    numberFormat,
    formattedRows: body.length,
    marks,
    problems,
  };
}

/** A blank ledger: the same headers, formats and validation, ready for typing. */
export function planTemplate(kind: LedgerKind, options: PlanOptions = {}): LedgerSheetPlan {
  return {
    kind,
    sheetName: ledgerSheetName(kind),
    columns: ledgerColumns(kind, options, false),
    body: [],
    numberFormat: [],
    formattedRows: TEMPLATE_ROWS,
    marks: [],
    problems: [],
  };
}

export function ledgerSheetName(kind: LedgerKind): string {
  return LEDGERS[kind].label.zh + message('SHEET_LEDGER_SUFFIX', {}, 'zh');
}

export function problemsSheetName(ledgerSheet: string): string {
  return `${message('SHEET_PROBLEMS', {}, 'zh')}·${ledgerSheet}`;
}

/**
 * Where each issue shows: the cell of its row and field, highlighted with a note saying what is
 * wrong and what the column allows; and one problem-list entry per issue. An issue on a field the
 * sheet has no column for shows on the row's first cell.
 */
export function planMarks(
  columns: readonly PlanColumn[],
  issues: readonly SheetIssue[],
): { marks: CellMark[]; problems: ProblemEntry[] } {
  const byKey = new Map(columns.map((column, i) => [column.key, { column, index: i + 1 }]));
  const notes = new Map<string, CellMark>();
  const problems: ProblemEntry[] = [];
  for (const issue of issues) {
    const found = byKey.get(issue.field);
    const column = found?.index ?? 1;
    const address = cellAddress(issue.row, column);
    const text =
      found?.column.hint && !issue.message.includes(found.column.hint)
        ? `${issue.message}\n${found.column.hint}`
        : issue.message;
    const existing = notes.get(address);
    if (existing) existing.note += `\n${text}`;
    else notes.set(address, { row: issue.row, column, note: text });
    problems.push({
      sourceRow: issue.sourceRow,
      row: issue.row,
      field: found?.column.header ?? issue.field,
      original: displayOriginal(issue.original),
      message: issue.message,
      cell: address,
    });
  }
  return { marks: [...notes.values()], problems };
}

/** The problem list as sheet rows: header, then one row per problem (the link column apart). */
export function problemRows(problems: readonly ProblemEntry[], locale: Locale = 'zh'): Cell[][] {
  const header = [
    'SHEET_SOURCE_ROW',
    'SHEET_ROW',
    'SHEET_FIELD',
    'SHEET_ORIGINAL',
    'SHEET_MESSAGE',
  ];
  return [
    header.map((code) => message(code, {}, locale)),
    ...problems.map((p) => [p.sourceRow ?? '', p.row, p.field, p.original, p.message]),
  ];
}
