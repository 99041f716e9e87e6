/**
 * What a standard ledger sheet holds, as plain data: the columns (canonical Chinese headers,
 * number formats, data validation), the body (canonical values; a rejected cell keeps what the
 * clerk typed), the cells to highlight with their notes, and the problem list. Both the Office
 * workbook and the in-memory workbook write exactly this plan, so what a test checks on one is
 * what Excel gets from the other.
 */
import {
  type Cell,
  type ConvertContext,
  type ConvertResult,
  convertSheet,
  type SheetInput,
} from '../../shared/convert/index.ts';
import { type Locale, message } from '../../shared/i18n.ts';
import {
  type FieldDef,
  LEDGER_KINDS,
  LEDGERS,
  type LedgerKind,
} from '../../shared/ledgers/index.ts';
import { isoToSerial } from '../../shared/normalize.ts';
import { type OrgTree, shortUnitName, unitLabel } from '../../shared/org.ts';
import { cellAddress, looksLikeFormula } from './cells.ts';
import './messages.ts';

export const DATE_FORMAT = 'yyyy-mm-dd';
export const TEXT_FORMAT = '@';
/** Excel's own "Bad" cell style: light red fill, dark red text. */
export const MARK_FILL = '#FFC7CE';
export const MARK_FONT = '#9C0006';
/** The hidden sheet holding the enumeration lists data validation refers to by name. */
export const LISTS_SHEET = '_lists';
/** Rows a blank template is formatted and validated for. */
export const TEMPLATE_ROWS = 500;
/** Validation a date column gets: any date Excel can hold that a ledger could mention. */
const EARLIEST_DATE = '1990-01-01';
const LATEST_DATE = '2099-12-31';
const YES = '是';
const NO = '否';

export type Validation =
  | { type: 'list'; name: string }
  | { type: 'date'; from: string; to: string | null }
  | { type: 'wholeNumber' | 'decimal'; min: number; max: number }
  | { type: 'textLength'; min: number; max: number };

export interface PlanColumn {
  /** The field key, or `null` for the trailing 原表行 column. */
  key: string | null;
  header: string;
  numberFormat: string;
  /** Column width in points. */
  width: number;
  validation: Validation | null;
  /** What the column allows, for notes and the validation's error alert. */
  hint: string;
  /**
   * For a hidden code column: the unit field whose codes it carries. The sheet shows units by
   * name, as clerks write them; the code beside each name keeps it unambiguous (docs/rules.md).
   */
  codeOf?: string;
  hidden?: boolean;
}

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

export interface ListColumn {
  name: string;
  header: string;
  values: string[];
}

/** An issue on a ledger sheet, with what the cell held. */
export interface SheetIssue {
  row: number;
  field: string;
  message: string;
  original: Cell;
  sourceRow: number | null;
}

export interface PlanOptions {
  locale?: Locale;
  /** Names of the areas the submitting unit may write (the area dropdown, see `unitLabel`). */
  areas?: readonly string[];
  /** The organisation, to show units by name; without it a unit shows as its code. */
  org?: OrgTree;
}

export { unitLabel };

/** The name of the list a field's dropdown refers to. */
export function listName(kind: LedgerKind, key: string): string {
  return `MQ_${kind}_${key}`;
}
export const BOOL_LIST = 'MQ_yes_no';
export const AREA_LIST = 'MQ_areas';

/** Every dropdown list the ledgers use, for the hidden lists sheet; areas last (they vary). */
export function listColumns(areas: readonly string[] = []): ListColumn[] {
  const lists: ListColumn[] = [{ name: BOOL_LIST, header: '是/否', values: [YES, NO] }];
  for (const kind of LEDGER_KINDS) {
    for (const field of LEDGERS[kind].fields) {
      if (field.type === 'enum' && field.values) {
        lists.push({
          name: listName(kind, field.key),
          header: `${LEDGERS[kind].label.zh}·${field.label.zh}`,
          values: [...field.values],
        });
      }
    }
  }
  // An empty list would make the name refer to nothing; one blank cell keeps it valid.
  lists.push({ name: AREA_LIST, header: '居民区', values: areas.length > 0 ? [...areas] : [''] });
  return lists;
}

function columnFor(kind: LedgerKind, field: FieldDef, options: PlanOptions): PlanColumn {
  const locale = options.locale ?? 'zh';
  const header = field.label.zh;
  const hint = (code: string, params: Record<string, string | number> = {}) =>
    message(code, params, locale);
  const base = { key: field.key, header, width: Math.max(72, header.length * 14 + 16) };
  switch (field.type) {
    case 'enum':
      return {
        ...base,
        numberFormat: TEXT_FORMAT,
        validation: { type: 'list', name: listName(kind, field.key) },
        hint: hint('HINT_LIST', { allowed: (field.values ?? []).join('、') }),
      };
    case 'bool':
      return {
        ...base,
        numberFormat: TEXT_FORMAT,
        validation: { type: 'list', name: BOOL_LIST },
        hint: hint('HINT_BOOL'),
      };
    case 'date':
      return {
        ...base,
        width: Math.max(base.width, 80),
        numberFormat: DATE_FORMAT,
        // "Not in the future" is judged when a clerk types, so the rule asks Excel for today.
        validation: { type: 'date', from: EARLIEST_DATE, to: field.notFuture ? null : LATEST_DATE },
        hint: hint(field.notFuture ? 'HINT_DATE_NOT_FUTURE' : 'HINT_DATE'),
      };
    case 'int':
    case 'score': {
      const min = field.min ?? 0;
      const max = field.max ?? 100;
      return {
        ...base,
        numberFormat: field.type === 'int' ? '0' : 'General',
        validation: { type: field.type === 'int' ? 'wholeNumber' : 'decimal', min, max },
        hint: hint(field.type === 'int' ? 'HINT_INT' : 'HINT_SCORE', { min, max }),
      };
    }
    case 'unit':
      return {
        ...base,
        width: Math.max(base.width, 90),
        numberFormat: TEXT_FORMAT,
        validation:
          field.withinUnit && options.areas?.length
            ? { type: 'list', name: AREA_LIST }
            : { type: 'textLength', min: 1, max: 60 },
        hint: hint('HINT_UNIT'),
      };
    case 'phone':
      return {
        ...base,
        width: Math.max(base.width, 100),
        numberFormat: TEXT_FORMAT,
        validation: { type: 'textLength', min: 7, max: 16 },
        hint: hint('HINT_PHONE'),
      };
    case 'period':
      return {
        ...base,
        numberFormat: TEXT_FORMAT,
        validation: { type: 'textLength', min: 4, max: 7 },
        hint: hint('HINT_PERIOD'),
      };
    case 'list':
      return {
        ...base,
        width: Math.max(base.width, 120),
        numberFormat: TEXT_FORMAT,
        validation: { type: 'textLength', min: 0, max: 2000 },
        hint: hint('HINT_CASE_LIST'),
      };
    case 'text': {
      const max = field.maxLength ?? 200;
      return {
        ...base,
        width: max > 200 ? 240 : Math.max(base.width, 90),
        numberFormat: TEXT_FORMAT,
        validation: { type: 'textLength', min: 0, max },
        hint: hint('HINT_TEXT', { max }),
      };
    }
  }
}

/** The columns of a ledger sheet, in the ledger's field order (plus 原表行 when traced). */
export function ledgerColumns(
  kind: LedgerKind,
  options: PlanOptions = {},
  withSourceRow = false,
): PlanColumn[] {
  const columns = LEDGERS[kind].fields.map((field) => columnFor(kind, field, options));
  if (withSourceRow) {
    columns.push({
      key: null,
      header: message('SHEET_SOURCE_ROW', {}, 'zh'),
      numberFormat: '0',
      width: 56,
      validation: null,
      hint: '',
    });
  }
  return [...columns, ...codeColumns(kind)];
}

/** The hidden columns carrying the code of each unit field's name, last on the sheet. */
export function codeColumns(kind: LedgerKind): PlanColumn[] {
  return LEDGERS[kind].fields
    .filter((field) => field.type === 'unit')
    .map((field) => ({
      key: null,
      codeOf: field.key,
      header: message('SHEET_CODE_COLUMN', { field: field.label.zh }, 'zh'),
      numberFormat: TEXT_FORMAT,
      width: 72,
      validation: null,
      hint: '',
      hidden: true,
    }));
}

/**
 * A canonical value as a cell holds it: dates as serials, yes/no as 是/否, lists joined, units
 * by name when the organisation is known.
 */
export function toCell(field: FieldDef, value: unknown, org?: OrgTree): Cell {
  if (value === null || value === undefined) return '';
  if (field.type === 'date' && typeof value === 'string') return isoToSerial(value);
  if (field.type === 'unit' && typeof value === 'string') return unitLabel(org, value);
  if (field.type === 'bool') return value ? YES : NO;
  if (Array.isArray(value)) return value.join('、');
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return value;
  }
  return JSON.stringify(value);
}

/** What a cell held, as a cell value (anything else becomes its text). */
function asCell(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return value;
  }
  return JSON.stringify(value);
}

function displayOriginal(original: unknown): string {
  const cell = asCell(original);
  return cell === null ? '' : String(cell);
}

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

/** Column (1-based) of each header on a ledger sheet's first row. */
function headerColumns(sheet: SheetInput): Map<string, number> {
  const header = sheet.values[0] ?? [];
  return new Map(header.map((cell, i) => [String(cell ?? '').trim(), i + 1]));
}

function sourceRowOf(sheet: SheetInput, row: number, column: number | undefined): number | null {
  if (column === undefined) return null;
  const cell = sheet.values[row - 1]?.[column - 1];
  return typeof cell === 'number' ? cell : null;
}

/**
 * Checks a standard ledger sheet again, as the clerk has edited it: the same conversion, told the
 * kind and that the header is row 1, so the same rules judge typed and converted values alike.
 */
export function checkLedgerSheet(
  sheet: SheetInput,
  kind: LedgerKind,
  ctx: Omit<ConvertContext, 'kind' | 'headerRow'>,
): { converted: ConvertResult; issues: SheetIssue[] } {
  const converted = convertSheet(withUnitCodes(sheet, kind, ctx.org, ctx.unit), {
    ...ctx,
    kind,
    headerRow: 1,
  });
  const sourceColumn = headerColumns(sheet).get(message('SHEET_SOURCE_ROW', {}, 'zh'));
  const issues = converted.rows.flatMap((row) =>
    row.errors.map((error) => ({
      row: row.row,
      field: error.field,
      message: error.message,
      original: asCell(row.original[error.field]),
      sourceRow: sourceRowOf(sheet, row.row, sourceColumn),
    })),
  );
  return { converted, issues };
}

/**
 * The sheet as the converter should read it: each unit name replaced by the code the hidden code
 * column carries beside it while the two still agree; a name the clerk changed (from the dropdown
 * or typed) by the one unit of that name the submitting unit may write; anything else left as
 * written for the rules to judge. The code columns themselves are left out.
 */
export function withUnitCodes(
  sheet: SheetInput,
  kind: LedgerKind,
  org: OrgTree,
  unit: string,
): SheetInput {
  const columns = headerColumns(sheet);
  const labels = new Map(LEDGERS[kind].fields.map((f) => [f.key, f.label.zh]));
  const pairs = codeColumns(kind).flatMap((code) => {
    const named = columns.get(labels.get(code.codeOf!) ?? '');
    const coded = columns.get(code.header);
    return named === undefined ? [] : [{ named: named - 1, coded: coded && coded - 1 }];
  });
  const dropped = new Set(
    codeColumns(kind).flatMap((code) => {
      const index = columns.get(code.header);
      return index === undefined ? [] : [index - 1];
    }),
  );
  if (pairs.length === 0 && dropped.size === 0) return sheet;
  const inScope = unitsByLabel(org, unit);
  const keep = <T>(row: readonly T[]) => row.filter((_, c) => !dropped.has(c));
  const values = sheet.values.map((row, r) => {
    if (r === 0) return keep(row);
    const out = [...row];
    for (const { named, coded } of pairs) {
      const text = String(row[named] ?? '').trim();
      if (text === '') continue;
      const code = coded === undefined ? '' : String(row[coded] ?? '').trim();
      const carried = code ? org.get(code) : null;
      if (carried && [carried.code, carried.name, unitLabel(org, carried.code)].includes(text)) {
        out[named] = carried.code;
      } else {
        const found = inScope.get(text);
        if (found) out[named] = found;
      }
    }
    return keep(out);
  });
  return {
    ...sheet,
    values,
    ...(sheet.numberFormat ? { numberFormat: sheet.numberFormat.map(keep) } : {}),
  };
}

/**
 * The units a unit may write, by full and short name: those below it and its district's
 * departments. A name two of them share maps to nothing (the rules then judge the text).
 */
function unitsByLabel(org: OrgTree, unit: string): Map<string, string> {
  const district = org.districtOf(unit)?.code;
  const units = [
    ...org.subtree(unit),
    ...(district ? org.children(district).filter((u) => u.kind === 'department') : []),
  ];
  const byLabel = new Map<string, string | null>();
  for (const u of units) {
    for (const label of new Set([u.name, shortUnitName(u.name)])) {
      const seen = byLabel.get(label);
      byLabel.set(label, seen === undefined || seen === u.code ? u.code : null);
    }
  }
  return new Map([...byLabel].filter((entry): entry is [string, string] => entry[1] !== null));
}

/** The server's row issues placed on the sheet the rows were read from (row = sheet row). */
export function placeIssues(
  sheet: SheetInput,
  kind: LedgerKind,
  issues: readonly { row: number; field: string; message: string }[],
): SheetIssue[] {
  const columns = headerColumns(sheet);
  const sourceColumn = columns.get(message('SHEET_SOURCE_ROW', {}, 'zh'));
  const labels = new Map(LEDGERS[kind].fields.map((f) => [f.key, f.label.zh]));
  return issues.map((issue) => {
    const column = columns.get(labels.get(issue.field) ?? '');
    return {
      row: issue.row,
      field: issue.field,
      message: issue.message,
      original: column === undefined ? null : (sheet.values[issue.row - 1]?.[column - 1] ?? null),
      sourceRow: sourceRowOf(sheet, issue.row, sourceColumn),
    };
  });
}
