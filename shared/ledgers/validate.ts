/**
 * Row validation shared by the add-in, the CLI and the Worker: every field normalised by its type,
 * then the ledger's cross-field rules, then duplicates within the batch. Written (paper) forms and
 * canonical values both go in; canonical values come out. Nothing is guessed: a value that cannot
 * be read with certainty is an error on its row and field.
 */
import { type Locale, message } from '../i18n.ts';
import {
  canonicalDate,
  canonicalPhone,
  type DateOptions,
  type Normalized,
  normalizeBool,
  normalizeDate,
  normalizeEnum,
  normalizeInt,
  normalizeList,
  normalizePeriod,
  normalizePhone,
  normalizeScore,
  normalizeText,
  plainText,
  shown,
} from '../normalize.ts';
import type { OrgTree, Unit } from '../org.ts';
import type { FieldDef, FieldProblem, FieldType, LedgerDef } from './fields.ts';
import './messages.ts';

export interface RowInput {
  /** The 1-based sheet row (or the row number the sender gives). */
  row: number;
  values: Record<string, unknown>;
  /** Fields whose cell is formatted as a date: a number there is certainly a serial. */
  dateCells?: ReadonlySet<string>;
  /** Set by the converter: `values` holds only the ledger's own fields. */
  knownFields?: boolean;
}

export interface FieldError {
  field: string;
  code: string;
  message: string;
}

export interface RowIssue extends FieldError {
  row: number;
}

export interface NormalizedRow {
  row: number;
  values: Record<string, unknown>;
  errors: FieldError[];
  /** What the row held before normalising (never changed), so every change can be traced. */
  original: Record<string, unknown>;
}

export interface ValidationContext {
  org: OrgTree;
  /** Code of the submitting unit: areas must lie within it. */
  unit: string;
  /** ISO date the ledger is filled in on: no date may lie after it. */
  asOf: string;
  locale?: Locale;
  /** Year from the title rows, for dates written without a year. */
  titleYear?: number | null;
  /** Area code local 8-digit phone numbers take (the district's; `021` by default). */
  areaCode?: string;
}

/** The errors of a clean row: one shared, frozen empty list (a 50,000-row sheet allocates none). */
const NO_ERRORS: FieldError[] = Object.freeze([]) as unknown as FieldError[];

/** Adds a problem to a row's list, creating the list on the first one. */
function withProblem(list: FieldProblem[] | null, problem: FieldProblem): FieldProblem[] {
  if (list === null) return [problem];
  list.push(problem);
  return list;
}

/** Normalises every row and reports every problem; rows keep their order and numbers. */
export function normalizeRows(
  ledger: LedgerDef,
  rows: readonly RowInput[],
  ctx: ValidationContext,
): NormalizedRow[] {
  const normalize = rowNormalizer(ledger, ctx);
  const out: NormalizedRow[] = [];
  for (const input of rows) out.push(normalize(input));
  return out;
}

/**
 * `normalizeRows` one row at a time, for a caller that reads rows as it goes (the converter): the
 * rows given to one normaliser are one batch, in order, and a repeated identity is found across them.
 */
export function rowNormalizer(
  ledger: LedgerDef,
  ctx: ValidationContext,
): (input: RowInput) => NormalizedRow {
  const locale = ctx.locale ?? 'zh';
  const fieldsByKey = new Map(ledger.fields.map((f) => [f.key, f]));
  const seen = new Map<string, number>();
  const fields = ledger.fields;
  const normalizers = fields.map((field) => fieldNormalizer(field, ctx));
  const settles = fields.map((field) => SETTLING_TYPES.has(field.type));
  // Each record is copied from one shape with all the ledger's fields, in order (see convertSheet).
  const shape: Record<string, unknown> = {};
  for (const field of ledger.fields) shape[field.key] = null;
  const submitting = ctx.org.get(ctx.unit);
  const unitName = submitting ? `${submitting.name}（${submitting.code}）` : ctx.unit;
  // A rule naming another field (`otherField`) shows that field's label as `{other}`.
  const otherLabel = (key: string | number | undefined): Record<string, string> =>
    typeof key === 'string' ? { other: fieldLabel(fieldsByKey.get(key), key, locale) } : {};
  return (input) => {
    const raw = ledger.prepare ? ledger.prepare(input.values) : input.values;
    const values: Record<string, unknown> = { ...shape };
    // Most rows are clean: their list of problems is never allocated.
    let problems: FieldProblem[] | null = null;
    // Rows converted from a sheet hold known fields only; rows from a request may hold anything.
    if (!input.knownFields)
      for (const key in raw) {
        if (!fieldsByKey.has(key)) {
          problems = withProblem(problems, {
            field: key,
            code: 'UNKNOWN_FIELD',
            params: { ledger: ledger.label.zh },
          });
        }
      }
    const dateCells = input.dateCells;
    for (let i = 0; i < fields.length; i++) {
      const field = fields[i]!;
      const cell = raw[field.key];
      const settled = settles[i] ? settledValue(field, cell, ctx.asOf) : undefined;
      if (settled !== undefined) {
        values[field.key] = settled;
        continue;
      }
      const result = normalizers[i]!(cell, dateCells?.has(field.key) === true);
      if (result.ok) {
        values[field.key] = result.value;
      } else {
        values[field.key] = field.type === 'list' ? [] : null;
        problems = withProblem(problems, {
          field: field.key,
          code: result.code,
          params: result.params ?? {},
        });
      }
    }
    const failed = problems === null ? null : new Set(problems.map((p) => p.field));
    for (const rule of ledger.rules) {
      if (failed && rule.reads.some((key) => failed.has(key))) continue;
      if (!rule.holds(values)) {
        problems = withProblem(problems, {
          field: rule.field,
          code: rule.code,
          params: { value: displayValue(values[rule.field]), ...rule.params?.(values) },
        });
      }
    }
    if (problems === null && ledger.resolve) {
      const resolved = ledger.resolve(values, ctx.org);
      if (resolved.length > 0) problems = resolved;
    }
    if (ledger.uniqueIdentity && ledger.identity.every((key) => values[key] !== null)) {
      const key =
        ledger.identity.length === 1
          ? String(values[ledger.identity[0]!])
          : ledger.identity.map((k) => String(values[k])).join('|');
      const firstRow = seen.get(key);
      if (firstRow === undefined) seen.set(key, input.row);
      else {
        const field = ledger.identity[0]!;
        problems = withProblem(problems, {
          field,
          code: 'DUPLICATE',
          params: { value: String(values[field]), firstRow },
        });
      }
    }
    return {
      row: input.row,
      values,
      original: input.values,
      errors:
        problems === null
          ? NO_ERRORS
          : problems.map((p) => ({
              field: p.field,
              code: p.code,
              message: message(
                p.code,
                {
                  field: fieldLabel(fieldsByKey.get(p.field), p.field, locale),
                  value: displayValue(raw[p.field]),
                  asOf: ctx.asOf,
                  unit: unitName,
                  ...p.params,
                  ...otherLabel(p.params?.otherField),
                },
                locale,
              ),
            })),
    };
  };
}

function fieldLabel(field: FieldDef | undefined, key: string, locale: Locale): string {
  return field ? field.label[locale] : key;
}

function displayValue(raw: unknown): string {
  if (raw === null || raw === undefined) return '';
  const text = shown(raw);
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

/** The field types whose canonical cells `settledValue` recognises. */
const SETTLING_TYPES: ReadonlySet<FieldType> = new Set(['text', 'enum', 'phone', 'date']);

/**
 * The value of a cell that is already canonical and within its field's rules — plain text, an
 * enumeration word written exactly, an ISO date, a canonical phone — found without building a
 * result (most cells of a large sheet, nearly all a re-validating Worker sees). `undefined` sends
 * the cell the full way through `normalizeField`, which applies the same rules to every form.
 */
function settledValue(field: FieldDef, cell: unknown, asOf: string): unknown {
  switch (field.type) {
    case 'text':
      return plainText(cell, field.maxLength ?? 200);
    case 'enum':
      return typeof cell === 'string' ? field.lookup!.get(cell) : undefined;
    case 'phone':
      return canonicalPhone(cell);
    case 'date': {
      const date = canonicalDate(cell);
      return date !== undefined && field.notFuture && date > asOf ? undefined : date;
    }
    default:
      return undefined;
  }
}

/** A field's normaliser for one batch: `cell` and whether its cell is formatted as a date. */
type FieldNormalizer = (cell: unknown, dateCell: boolean) => Normalized<unknown>;

/**
 * Written forms remembered per field within one batch. A sheet repeats few of them (areas,
 * statuses, dates), so each is read once; the bound keeps a column of distinct values (phones) from
 * holding them all. Free text and lists are never remembered.
 */
const REMEMBERED_FORMS = 4096;

/**
 * The normaliser of one field for one batch: the batch's context bound once, a blank cell's result
 * computed once, and each repeated written form (text or number) normalised once. A normaliser is
 * a function of the cell and the batch alone, so a remembered result is the one it would give again.
 */
function fieldNormalizer(field: FieldDef, ctx: ValidationContext): FieldNormalizer {
  const written: DateOptions = { titleYear: ctx.titleYear ?? null, dateCell: false };
  const formatted: DateOptions = { titleYear: ctx.titleYear ?? null, dateCell: true };
  const normalize = (cell: unknown, dateCell: boolean) =>
    normalizeField(field, cell, ctx, dateCell ? formatted : written);
  // A list's value is a new array each time: shared, one row's edit would show on another.
  if (field.type === 'list') return normalize;
  const blank = normalize(undefined, false);
  const remember = field.type !== 'text';
  const byText = new Map<string, Normalized<unknown>>();
  const byNumber = new Map<number, Normalized<unknown>>();
  const bySerial = new Map<number, Normalized<unknown>>();
  return (cell, dateCell) => {
    if (cell === undefined || cell === null || cell === '') return blank;
    if (!remember) return normalize(cell, dateCell);
    let known: Map<string, Normalized<unknown>> | Map<number, Normalized<unknown>>;
    if (typeof cell === 'string') known = byText;
    else if (typeof cell === 'number') known = dateCell ? bySerial : byNumber;
    else return normalize(cell, dateCell);
    let result = (known as Map<unknown, Normalized<unknown>>).get(cell);
    if (result === undefined) {
      result = normalize(cell, dateCell);
      if (known.size < REMEMBERED_FORMS)
        (known as Map<unknown, Normalized<unknown>>).set(cell, result);
    }
    return result;
  };
}

function normalizeField(
  field: FieldDef,
  raw: unknown,
  ctx: ValidationContext,
  dateOptions: DateOptions,
): Normalized<unknown> {
  const result = normalizeByType(field, raw, ctx, dateOptions);
  if (!result.ok) return result;
  const value = result.value;
  if (value === null) {
    if (field.blankValue !== undefined) return { ok: true, value: field.blankValue };
    if (field.required) return { ok: false, code: 'REQUIRED' };
  } else if (field.notFuture && typeof value === 'string' && value > ctx.asOf) {
    return { ok: false, code: 'FUTURE_DATE', params: { value } };
  }
  return result;
}

function normalizeUnit(field: FieldDef, raw: unknown, ctx: ValidationContext): Normalized<unknown> {
  const text = normalizeText(raw, 60);
  if (!text.ok || text.value === null) return text;
  const unit = ctx.org.find(text.value);
  if (!unit) return { ok: false, code: 'UNKNOWN_UNIT', params: { value: text.value } };
  if (field.withinUnit && (!ctx.org.isWithin(unit.code, ctx.unit) || unit.kind === 'department')) {
    return { ok: false, code: 'NOT_IN_UNIT', params: { value: text.value } };
  }
  if (field.assignable && !isAssignable(unit, ctx)) {
    return { ok: false, code: 'NOT_ASSIGNABLE', params: { value: text.value } };
  }
  return { ok: true, value: unit.code };
}

/** A department of the submitting unit's district, or a unit inside the submitting unit. */
function isAssignable(unit: Unit, ctx: ValidationContext): boolean {
  if (unit.kind === 'department') {
    return unit.parent === (ctx.org.districtOf(ctx.unit)?.code ?? null);
  }
  return ctx.org.isWithin(unit.code, ctx.unit);
}

function normalizeByType(
  field: FieldDef,
  raw: unknown,
  ctx: ValidationContext,
  dateOptions: DateOptions,
): Normalized<unknown> {
  switch (field.type) {
    case 'text':
      return normalizeText(raw, field.maxLength);
    case 'date':
      return normalizeDate(raw, dateOptions);
    case 'phone':
      return normalizePhone(raw, ctx.areaCode);
    case 'enum':
      return normalizeEnum(raw, field.lookup!, field.values!);
    case 'bool':
      return normalizeBool(raw);
    case 'int':
      return normalizeInt(raw, field.min ?? 0, field.max ?? Number.MAX_SAFE_INTEGER);
    case 'score':
      return normalizeScore(raw, field.min, field.max);
    case 'list':
      return normalizeList(raw);
    case 'period':
      return normalizePeriod(raw);
    case 'unit':
      return normalizeUnit(field, raw, ctx);
  }
}

/**
 * The identity of each record within one unit's ledger, in row order. For ledgers whose identity
 * may repeat (visits, ratings) the n-th repeat gets `#n`, so resubmitting the same sheet maps each
 * row to the same record again.
 */
export function recordKeys(
  ledger: LedgerDef,
  records: readonly Record<string, unknown>[],
): string[] {
  const counts = new Map<string, number>();
  return records.map((values) => {
    const key = ledger.identity.map((k) => String(values[k] ?? '')).join('|');
    if (ledger.uniqueIdentity) return key;
    const n = (counts.get(key) ?? 0) + 1;
    counts.set(key, n);
    return `${key}#${n}`;
  });
}
