/**
 * Paper-style sheet → canonical ledger rows. Takes a sheet exactly as Excel's `Range.values` gives
 * it (plus number formats and merged areas when known), finds the title rows and what they state,
 * the header row (also a two-row header under a merged group row), the ledger kind and each
 * column's field, skips rows that are not records with the reason, and normalises and validates
 * every record row with the shared ledger rules. It never changes the input.
 */
import { type Locale, message } from '../i18n.ts';
import {
  type FieldError,
  LEDGER_KINDS,
  LEDGERS,
  type LedgerKind,
  rowChecker,
} from '../ledgers/index.ts';
import { enumKey, trimAll } from '../normalize.ts';
import { type OrgTree, shortUnitName } from '../org.ts';
import { columnIndex, columnLetter } from './columns.ts';
import './messages.ts';
import { type IgnoredReason, nonRecordReason } from './skip.ts';

export { columnIndex, columnLetter, parseCell, parseMergedAreas } from './columns.ts';
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

export interface ConvertedRow {
  row: number;
  values: Record<string, unknown>;
  errors: FieldError[];
  /** What the cells held, by field, so every change can be traced to what the clerk typed. */
  original: Record<string, unknown>;
}

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

const HEADER_SCAN_ROWS = 20;

/** The comparable form of a header cell: no spaces or line breaks, no notes in brackets, no `*`. */
export function headerKey(text: string): string {
  return enumKey(text)
    .replace(/[（(][^）)]*[）)]/g, '')
    .replace(/^[*※]+|[*※:：]+$/g, '');
}

interface FieldMatch {
  field: string;
  by: 'label' | 'synonym';
}

/** Header words of each ledger → field, labels first (a label beats another field's synonym). */
const HEADER_LOOKUP: Record<LedgerKind, Map<string, FieldMatch>> = Object.fromEntries(
  LEDGER_KINDS.map((kind) => {
    const lookup = new Map<string, FieldMatch>();
    for (const f of LEDGERS[kind].fields)
      lookup.set(headerKey(f.label.zh), { field: f.key, by: 'label' });
    for (const f of LEDGERS[kind].fields) {
      for (const word of [f.label.en, ...f.synonyms]) {
        const key = headerKey(word);
        if (!lookup.has(key)) lookup.set(key, { field: f.key, by: 'synonym' });
      }
    }
    return [kind, lookup];
  }),
) as Record<LedgerKind, Map<string, FieldMatch>>;

/** Converts one sheet; see the module comment. Throws `ConvertError` when it is not a ledger. */
export function convertSheet(sheet: SheetInput, ctx: ConvertContext): ConvertResult {
  const locale = ctx.locale ?? 'zh';
  const firstRow = ctx.firstRow ?? 1;
  const firstColumn = ctx.firstColumn ?? 1;
  const values = sheet.values;
  const width = values.reduce((max, row) => Math.max(max, row.length), 0);
  const masters = masterIndex(sheet.merges ?? [], values.length, width);
  const textAt = (r: number, c: number): string => {
    const master = masters.get(r * width + c);
    const cell =
      master === undefined ? values[r]?.[c] : values[Math.floor(master / width)]?.[master % width];
    return cell === null || cell === undefined ? '' : trimAll(String(cell));
  };

  const found = findHeader(textAt, values.length, width, ctx);
  const { kind, headerIndex } = found;
  const lookup = HEADER_LOOKUP[kind];

  // —— columns ——
  const columns: ColumnMapping[] = [];
  const mapped = new Set<string>();
  for (let c = 0; c < width; c++) {
    const letter = columnLetter(firstColumn + c);
    const header = textAt(headerIndex, c);
    const group = headerIndex > 0 ? textAt(headerIndex - 1, c) : '';
    let match: FieldMatch | { field: string | null; by: ColumnMapping['by'] } | undefined =
      lookup.get(headerKey(header));
    if (!match && group && group !== header) {
      const grouped = lookup.get(headerKey(group + header));
      if (grouped) match = { field: grouped.field, by: 'group' };
    }
    const recalled = rememberedField(ctx.remembered, kind, header);
    if (recalled !== undefined) match = { field: recalled, by: 'remembered' };
    if (ctx.columns && letter in ctx.columns) {
      const field = ctx.columns[letter] ?? null;
      match = { field, by: 'override' };
    }
    if (match?.field && mapped.has(match.field)) match = { field: null, by: 'repeat' };
    if (match?.field) mapped.add(match.field);
    if (header === '' && !match) continue;
    columns.push({ letter, header, field: match?.field ?? null, by: match?.by ?? 'none' });
  }
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

  // —— title rows ——
  const titleTexts: string[] = [];
  for (let r = 0; r < headerIndex; r++) {
    for (let c = 0; c < width; c++) {
      const text = textAt(r, c);
      if (text !== '' && !masters.has(r * width + c)) titleTexts.push(text);
    }
  }
  const titleYear = ctx.titleYear ?? yearOf(titleTexts);
  const titleUnit = unitOf(titleTexts, ctx.org);

  // —— record rows ——
  const fieldColumns = columns
    .filter((c) => c.field !== null)
    .map((c) => ({ field: c.field!, index: columnIndex(c.letter) - firstColumn }));
  const headerTexts = new Map(
    fieldColumns.map(({ index }) => [index, headerKey(textAt(headerIndex, index))]),
  );
  const dataMerges = (sheet.merges ?? []).some((m) => m.row + m.rowCount - 2 > headerIndex);
  // Every record gets all its fields at once, in column order, copied from one shape: an object
  // grown field by field is reallocated again and again, which on a large sheet is most of the
  // garbage.
  const shape: Record<string, unknown> = {};
  for (const { field } of fieldColumns) shape[field] = '';
  // Each record row is checked as it is read: no list of rows waiting to be checked.
  const check = rowChecker(kind, {
    org: ctx.org,
    unit: ctx.unit,
    asOf: ctx.asOf,
    locale,
    titleYear,
    ...(ctx.areaCode ? { areaCode: ctx.areaCode } : {}),
  });
  const missingKeys = new Set(missing.map((f) => f.key));
  const rows: ConvertedRow[] = [];
  const ignoredRows: ConvertResult['ignoredRows'] = [];
  for (let r = headerIndex + 1; r < values.length; r++) {
    const sheetRow = firstRow + r;
    const cells = values[r] ?? [];
    const reason =
      nonRecordReason(cells) ?? repeatedHeader(cells, r, fieldColumns, headerTexts, textAt);
    if (reason) {
      ignoredRows.push({ row: sheetRow, reason });
      continue;
    }
    const raw: Record<string, unknown> = { ...shape };
    const formats = sheet.numberFormat?.[r];
    let dateCells: Set<string> | undefined;
    for (const { field, index } of fieldColumns) {
      const master = dataMerges ? masters.get(r * width + index) : undefined;
      const cell =
        master === undefined
          ? (cells[index] ?? '')
          : (values[Math.floor(master / width)]?.[master % width] ?? '');
      raw[field] = cell;
      const format = formats?.[index];
      if (typeof cell === 'number' && format !== undefined && isDateFormat(format)) {
        dateCells ??= new Set();
        dateCells.add(field);
      }
    }
    const row = check({ row: sheetRow, values: raw, dateCells, knownFields: true });
    // A missing column is one sheet error, not the same error on every row.
    if (missingKeys.size > 0) row.errors = row.errors.filter((e) => !missingKeys.has(e.field));
    rows.push(row);
  }

  return {
    kind,
    headerRow: firstRow + headerIndex,
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

/** The remembered field of a header, if it is still a field of the ledger (or `null`). */
function rememberedField(
  remembered: RememberedColumns | undefined,
  kind: LedgerKind,
  header: string,
): string | null | undefined {
  const byHeader = remembered?.[kind];
  const key = headerKey(header);
  if (!byHeader || key === '' || !Object.hasOwn(byHeader, key)) return undefined;
  const field = byHeader[key];
  if (field === null) return null;
  return LEDGERS[kind].fields.some((f) => f.key === field) ? field : undefined;
}

/** Maps every slave cell of a merged area (by `r * width + c`, 0-based) to its master cell. */
function masterIndex(
  merges: readonly MergedArea[],
  height: number,
  width: number,
): Map<number, number> {
  const masters = new Map<number, number>();
  for (const m of merges) {
    const top = m.row - 1;
    const left = m.column - 1;
    const master = top * width + left;
    for (let r = top; r < Math.min(top + m.rowCount, height); r++) {
      for (let c = left; c < Math.min(left + m.columnCount, width); c++) {
        if (r !== top || c !== left) masters.set(r * width + c, master);
      }
    }
  }
  return masters;
}

function findHeader(
  textAt: (r: number, c: number) => string,
  height: number,
  width: number,
  ctx: ConvertContext,
): { kind: LedgerKind; headerIndex: number } {
  const kinds = ctx.kind ? [ctx.kind] : LEDGER_KINDS;
  const rowsToScan =
    ctx.headerRow !== undefined
      ? [ctx.headerRow - (ctx.firstRow ?? 1)]
      : range(Math.min(height, HEADER_SCAN_ROWS));
  let best: { kind: LedgerKind; headerIndex: number; score: number; labels: number } | null = null;
  for (const r of rowsToScan) {
    for (const kind of kinds) {
      const fields = new Set<string>();
      let labels = 0;
      for (let c = 0; c < width; c++) {
        const match = HEADER_LOOKUP[kind].get(headerKey(textAt(r, c)));
        if (match && !fields.has(match.field)) {
          fields.add(match.field);
          if (match.by === 'label') labels++;
        }
      }
      const score = fields.size;
      if (!best || score > best.score || (score === best.score && labels > best.labels)) {
        best = { kind, headerIndex: r, score, labels };
      }
    }
  }
  if (!best || best.score < 3 || best.headerIndex < 0 || best.headerIndex >= height) {
    throw new ConvertError(
      'NO_HEADER',
      message('NO_HEADER', { rows: HEADER_SCAN_ROWS }, ctx.locale ?? 'zh'),
    );
  }
  return best;
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/** A header repeated on every printed page, typed in again from paper. */
function repeatedHeader(
  cells: readonly Cell[],
  r: number,
  fieldColumns: readonly { index: number }[],
  headerTexts: ReadonlyMap<number, string>,
  textAt: (r: number, c: number) => string,
): 'HEADER_ROW' | null {
  const sameAsHeader = (index: number) => {
    const cell = cells[index];
    if (typeof cell !== 'string') return false;
    const header = headerTexts.get(index);
    if (header === undefined) return false;
    // A Chinese character has no other written form that keying would turn into it: a cell
    // without the header's first character is not that header (most cells, told without keying).
    const first = header.charCodeAt(0);
    if (first >= 0x4e00 && first <= 0x9fff && !cell.includes(header[0]!)) return false;
    return headerKey(cell) === header;
  };
  const [a, b] = fieldColumns;
  if (!a || !b || !sameAsHeader(a.index) || !sameAsHeader(b.index)) return null;
  let repeated = 0;
  for (const { index } of fieldColumns)
    if (sameAsHeader(index) || headerKey(textAt(r, index)) === headerTexts.get(index)) repeated++;
  return repeated >= fieldColumns.length / 2 ? 'HEADER_ROW' : null;
}

/** True for an Excel number format that shows a date (quoted text and [codes] left out). */
export function isDateFormat(format: string): boolean {
  if (format === '' || format === 'General' || format === '@') return false;
  const bare = format.replace(/"[^"]*"|\[[^\]]*\]|\\./g, '');
  return /[yd]/i.test(bare) || /e+/.test(bare);
}

const YEAR = /(?<!\d)((?:19|20)\d{2})(?!\d)/;

function yearOf(texts: readonly string[]): number | null {
  // The title states the ledger's year; a 填报日期 line is the filing date, used only as a fallback.
  const ordered = [...texts.filter((t) => !/日期/.test(t)), ...texts.filter((t) => /日期/.test(t))];
  for (const text of ordered) {
    const match = YEAR.exec(text);
    if (match) return Number(match[1]);
  }
  return null;
}

function unitOf(texts: readonly string[], org: OrgTree): string | null {
  for (const text of texts) {
    const named = /(?:填报|报送|填表)?单位\s*[:：]\s*(\S+)/.exec(text);
    if (named) {
      const unit = org.find(named[1]!);
      if (unit) return unit.code;
    }
  }
  for (const text of texts) {
    let code: string | null = null;
    let length = 0;
    for (const unit of org.units) {
      for (const name of [unit.name, shortUnitName(unit.name)]) {
        if (name.length >= 2 && name.length > length && text.includes(name)) {
          code = unit.code;
          length = name.length;
        }
      }
    }
    if (code !== null) return code;
  }
  return null;
}
