/**
 * Row validation shared by the add-in, the CLI and the Worker: every field normalised by its type,
 * then the ledger's cross-field rules, then duplicates within the batch. Written (paper) forms and
 * canonical values both go in; canonical values come out. Nothing is guessed: a value that cannot
 * be read with certainty is an error on its row and field.
 */
import { type Locale, message } from '../i18n.ts';
import { shown } from '../normalize.ts';
import type { OrgTree } from '../org.ts';
import { FAILED, FieldReader } from './field-reader.ts';
import type { FieldDef, FieldProblem, LedgerDef } from './fields.ts';
import { FirstRows } from './first-rows.ts';
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
  const normalizer = new RowNormalizer(ledger, ctx);
  const out: NormalizedRow[] = [];
  for (const input of rows) out.push(normalizer.row(input));
  return out;
}

/**
 * `normalizeRows` one row at a time, for a caller that reads rows as it goes (the converter): the
 * rows given to one normaliser are one batch, in order, and a repeated identity is found across them.
 * `columns` (by field, in the ledger's order: the index of its cell in a sheet row, or -1) lets
 * the converter give rows as cells.
 */
export function rowNormalizer(
  ledger: LedgerDef,
  ctx: ValidationContext,
  columns?: readonly number[],
): RowNormalizer {
  return new RowNormalizer(ledger, ctx, columns);
}

/** See `rowNormalizer`. Every field's reader and the batch's context are resolved once. */
export class RowNormalizer {
  private readonly ledger: LedgerDef;
  private readonly ctx: ValidationContext;
  private readonly locale: Locale;
  private readonly readers: readonly FieldReader[];
  private readonly fieldsByKey: ReadonlyMap<string, FieldDef>;
  private readonly columns: readonly number[] | null;
  /** Each record is copied from one shape with all the ledger's fields, in order, all `null`. */
  private readonly shape: Record<string, unknown> = {};
  private readonly seen = new FirstRows();
  private readonly unitName: string;
  /** The problems of the row being read; `null` while it has none (most rows never allocate one). */
  private problems: FieldProblem[] | null = null;

  constructor(ledger: LedgerDef, ctx: ValidationContext, columns?: readonly number[]) {
    this.ledger = ledger;
    this.ctx = ctx;
    this.locale = ctx.locale ?? 'zh';
    this.readers = ledger.fields.map((field) => new FieldReader(field, ctx));
    this.fieldsByKey = new Map(ledger.fields.map((f) => [f.key, f]));
    this.columns = columns ?? null;
    for (const field of ledger.fields) this.shape[field.key] = null;
    const submitting = ctx.org.get(ctx.unit);
    this.unitName = submitting ? `${submitting.name}（${submitting.code}）` : ctx.unit;
  }

  /** A row given by field: a request's (which may hold anything) or a sheet's. */
  row(input: RowInput): NormalizedRow {
    const raw = this.ledger.prepare ? this.ledger.prepare(input.values) : input.values;
    this.problems = null;
    // Rows converted from a sheet hold known fields only; rows from a request may hold anything.
    if (!input.knownFields) {
      for (const key in raw) {
        if (this.fieldsByKey.has(key)) continue;
        const params = { ledger: this.ledger.label.zh };
        this.problems = withProblem(this.problems, { field: key, code: 'UNKNOWN_FIELD', params });
      }
    }
    return this.finish(input.row, this.read(raw, null, input.dateCells), raw, input.values);
  }

  /**
   * A sheet row read by column: field i is `cells[columns[i]]`, with no object to look fields up
   * in by name; `original` is what those cells hold, by field.
   */
  cells(
    row: number,
    cells: readonly unknown[],
    original: Record<string, unknown>,
    dateCells?: ReadonlySet<string>,
  ): NormalizedRow {
    // A ledger that splits cells first reads the split ones, by name.
    if (this.columns === null || this.ledger.prepare)
      return this.row({ row, values: original, dateCells, knownFields: true });
    this.problems = null;
    return this.finish(row, this.read(original, cells, dateCells), original, original);
  }

  /** Every field's value, read from `cells` by column when given, else from `raw` by name. */
  private read(
    raw: Record<string, unknown>,
    cells: readonly unknown[] | null,
    dateCells: ReadonlySet<string> | undefined,
  ): Record<string, unknown> {
    const values: Record<string, unknown> = { ...this.shape };
    const readers = this.readers;
    const columns = this.columns;
    for (let i = 0; i < readers.length; i++) {
      const reader = readers[i]!;
      let cell: unknown;
      if (cells === null || columns === null) cell = raw[reader.key];
      else {
        const column = columns[i]!;
        cell = column < 0 ? undefined : (cells[column] ?? '');
      }
      const dateCell = dateCells?.has(reader.key) === true;
      const value = reader.read(cell, dateCell);
      if (value === FAILED) {
        if (reader.field.type === 'list') values[reader.key] = [];
        const { code, params = {} } = reader.failure(cell, dateCell);
        this.problems = withProblem(this.problems, { field: reader.key, code, params });
        // The shape holds `null` already: a blank value needs no store.
      } else if (value !== null) values[reader.key] = value;
    }
    return values;
  }

  /** The cross-field rules, the ledger's own resolution and the batch's duplicates, then messages. */
  private finish(
    row: number,
    values: Record<string, unknown>,
    raw: Record<string, unknown>,
    original: Record<string, unknown>,
  ): NormalizedRow {
    const ledger = this.ledger;
    const failed = this.problems === null ? null : new Set(this.problems.map((p) => p.field));
    for (const rule of ledger.rules) {
      if (failed && rule.reads.some((key) => failed.has(key))) continue;
      if (!rule.holds(values)) {
        this.problems = withProblem(this.problems, {
          field: rule.field,
          code: rule.code,
          params: { value: displayValue(values[rule.field]), ...rule.params?.(values) },
        });
      }
    }
    if (this.problems === null && ledger.resolve) {
      const resolved = ledger.resolve(values, this.ctx.org);
      if (resolved.length > 0) this.problems = resolved;
    }
    if (ledger.uniqueIdentity) this.duplicate(row, values);
    const problems = this.problems;
    return {
      row,
      values,
      original,
      errors: problems === null ? NO_ERRORS : problems.map((p) => this.error(p, raw)),
    };
  }

  /** A record whose identity (all of it given) an earlier row of the batch already has. */
  private duplicate(row: number, values: Record<string, unknown>): void {
    const identity = this.ledger.identity;
    for (const key of identity) if (values[key] === null) return;
    const key =
      identity.length === 1
        ? String(values[identity[0]!])
        : identity.map((k) => String(values[k])).join('|');
    const firstRow = this.seen.firstRow(key, row);
    if (firstRow !== undefined) {
      const field = identity[0]!;
      this.problems = withProblem(this.problems, {
        field,
        code: 'DUPLICATE',
        params: { value: String(values[field]), firstRow },
      });
    }
  }

  private error(problem: FieldProblem, raw: Record<string, unknown>): FieldError {
    const locale = this.locale;
    const params = problem.params;
    // A rule naming another field (`otherField`) shows that field's label as `{other}`.
    const other = params?.otherField;
    return {
      field: problem.field,
      code: problem.code,
      message: message(
        problem.code,
        {
          field: fieldLabel(this.fieldsByKey.get(problem.field), problem.field, locale),
          value: displayValue(raw[problem.field]),
          asOf: this.ctx.asOf,
          unit: this.unitName,
          ...params,
          ...(typeof other === 'string'
            ? { other: fieldLabel(this.fieldsByKey.get(other), other, locale) }
            : {}),
        },
        locale,
      ),
    };
  }
}

function fieldLabel(field: FieldDef | undefined, key: string, locale: Locale): string {
  return field ? field.label[locale] : key;
}

function displayValue(raw: unknown): string {
  if (raw === null || raw === undefined) return '';
  const text = shown(raw);
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
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
