/**
 * The columns of a standard ledger sheet, as plain data: canonical Chinese headers, number formats,
 * data validation with the hint it shows, the hidden unit-code columns and dropdown lists; and how
 * a canonical value sits in a cell.
 */
import type { Cell } from '../../shared/convert/index.ts';
import { type Locale, message } from '../../shared/i18n.ts';
import {
  type FieldDef,
  LEDGER_KINDS,
  LEDGERS,
  type LedgerKind,
} from '../../shared/ledgers/index.ts';
import { isoToSerial } from '../../shared/normalize.ts';
import { type OrgTree, unitLabel } from '../../shared/org.ts';
import './messages.ts';

export const DATE_FORMAT = 'yyyy-mm-dd';
export const TEXT_FORMAT = '@';
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

export interface ListColumn {
  name: string;
  header: string;
  values: string[];
}

export interface PlanOptions {
  locale?: Locale;
  /** Names of the areas the submitting unit may write (the area dropdown, see `unitLabel`). */
  areas?: readonly string[];
  /** The organisation, to show units by name; without it a unit shows as its code. */
  org?: OrgTree;
}

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

type Hint = (code: string, params?: Record<string, string | number>) => string;
type ColumnBase = Pick<PlanColumn, 'key' | 'header' | 'width'>;

function columnFor(kind: LedgerKind, field: FieldDef, options: PlanOptions): PlanColumn {
  const locale = options.locale ?? 'zh';
  const header = field.label.zh;
  const hint: Hint = (code, params = {}) => message(code, params, locale);
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
    default:
      return textColumnFor(field, base, hint, options);
  }
}

/** The columns typed as text: units, phones, periods, case lists and free text. */
function textColumnFor(
  field: FieldDef,
  base: ColumnBase,
  hint: Hint,
  options: PlanOptions,
): PlanColumn {
  const column = (width: number, validation: Validation, text: string): PlanColumn => ({
    ...base,
    width: Math.max(base.width, width),
    numberFormat: TEXT_FORMAT,
    validation,
    hint: text,
  });
  const length = (min: number, max: number): Validation => ({ type: 'textLength', min, max });
  switch (field.type) {
    case 'unit': {
      const areas = field.withinUnit && options.areas?.length;
      const validation: Validation = areas ? { type: 'list', name: AREA_LIST } : length(1, 60);
      return column(90, validation, hint('HINT_UNIT'));
    }
    case 'phone':
      return column(100, length(7, 16), hint('HINT_PHONE'));
    case 'period':
      return column(0, length(4, 7), hint('HINT_PERIOD'));
    case 'list':
      return column(120, length(0, 2000), hint('HINT_CASE_LIST'));
    default: {
      // 'text', the one type left.
      const max = field.maxLength ?? 200;
      const text = column(90, length(0, max), hint('HINT_TEXT', { max }));
      return max > 200 ? { ...text, width: 240 } : text;
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
export function asCell(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return value;
  }
  return JSON.stringify(value);
}

/** What a cell held, as the text a note or the problem list shows. */
export function displayOriginal(original: unknown): string {
  const cell = asCell(original);
  return cell === null ? '' : String(cell);
}
