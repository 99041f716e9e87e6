/**
 * One field's normaliser for one batch of rows (docs/rules.md, Normalisation): the field's type,
 * bounds and the batch's context resolved once, so that reading a cell is a few comparisons and,
 * for a written form seen before, one lookup keyed on the cell itself.
 */
import {
  canonicalDate,
  type DateOptions,
  type Normalized,
  normalizeBool,
  normalizeDate,
  normalizeEnum,
  normalizeText,
  plainText,
} from '../normalize.ts';
import {
  canonicalPhone,
  normalizeInt,
  normalizeList,
  normalizePeriod,
  normalizePhone,
  normalizeScore,
} from '../normalize-codes.ts';
import type { OrgTree, Unit } from '../org.ts';
import type { FieldDef } from './fields.ts';

/** What a reader needs of the batch: where it comes from and the day it is filled in on. */
export interface ReaderContext {
  org: OrgTree;
  unit: string;
  asOf: string;
  titleYear?: number | null;
  areaCode?: string;
}

/** What `FieldReader.read` gives for a cell that fails: `FieldReader.failure` says why. */
export const FAILED: unique symbol = Symbol('failed');

export type Failure = Extract<Normalized<unknown>, { ok: false }>;

/**
 * Written forms remembered per field within one batch. A sheet repeats few of them (areas,
 * statuses, dates), so each is read once; the bound keeps a column of distinct values (phones) from
 * holding them all. Free text and lists are never remembered.
 */
const REMEMBERED_FORMS = 4096;

/**
 * A field's reader: `read` gives a cell's canonical value (or `FAILED`). A cell already canonical
 * and within the field's rules — plain text, an enumeration word written exactly, an ISO date, a
 * canonical phone — is its own value, found without building a result; any other written form is
 * normalised once per batch and remembered. The reader is a function of the cell and the batch
 * alone, so a remembered result is the one it would give again.
 */
export class FieldReader {
  readonly field: FieldDef;
  readonly key: string;
  private readonly type: FieldDef['type'];
  private readonly maxLength: number;
  private readonly lookup: ReadonlyMap<string, string> | undefined;
  private readonly ctx: ReaderContext;
  private readonly written: DateOptions;
  private readonly formatted: DateOptions;
  private readonly blank: Normalized<unknown>;
  private readonly blankValue: unknown;
  /** The last cell read (a string, number or boolean) and its value. */
  private lastCell: unknown;
  private lastDateCell = false;
  private lastValue: unknown;
  private readonly byText = new Map<string, Normalized<unknown>>();
  private readonly byNumber = new Map<number, Normalized<unknown>>();
  private readonly bySerial = new Map<number, Normalized<unknown>>();

  constructor(field: FieldDef, ctx: ReaderContext) {
    this.field = field;
    this.key = field.key;
    this.type = field.type;
    this.maxLength = field.maxLength ?? 200;
    this.lookup = field.lookup;
    this.ctx = ctx;
    this.written = { titleYear: ctx.titleYear ?? null, dateCell: false };
    this.formatted = { titleYear: ctx.titleYear ?? null, dateCell: true };
    this.blank = this.normalize(undefined, false);
    this.blankValue = resultValue(this.blank);
  }

  /** The canonical value of a cell (`null` for none), or `FAILED`. */
  read(cell: unknown, dateCell: boolean): unknown {
    // A list's value is a new array each time: shared, one row's edit would show on another.
    if (this.type === 'list') return resultValue(this.normalize(cell, dateCell));
    if (cell === undefined || cell === null || cell === '') return this.blankValue;
    // A column often repeats the cell above it (the same receiver, status or date).
    if (cell === this.lastCell && dateCell === this.lastDateCell) return this.lastValue;
    const value = this.readWritten(cell, dateCell);
    if (typeof cell !== 'object') {
      this.lastCell = cell;
      this.lastDateCell = dateCell;
      this.lastValue = value;
    }
    return value;
  }

  private readWritten(cell: unknown, dateCell: boolean): unknown {
    switch (this.type) {
      case 'text':
        return plainText(cell, this.maxLength) ?? resultValue(this.normalize(cell, dateCell));
      case 'enum':
        if (typeof cell === 'string') {
          const canonical = this.lookup!.get(cell);
          if (canonical !== undefined) return canonical;
        }
        break;
      case 'phone': {
        const phone = canonicalPhone(cell);
        if (phone !== undefined) return phone;
        break;
      }
      case 'date': {
        const date = canonicalDate(cell);
        if (date !== undefined && !(this.field.notFuture && date > this.ctx.asOf)) return date;
        break;
      }
    }
    return resultValue(this.remembered(cell, dateCell));
  }

  /** Why a cell `read` gave `FAILED` for fails: the same reading, failing again with its code. */
  failure(cell: unknown, dateCell: boolean): Failure {
    const again =
      this.type === 'text' || this.type === 'list'
        ? this.normalize(cell, dateCell)
        : this.remembered(cell, dateCell);
    return again as Failure;
  }

  private remembered(cell: unknown, dateCell: boolean): Normalized<unknown> {
    if (cell === undefined || cell === null || cell === '') return this.blank;
    let known: Map<unknown, Normalized<unknown>>;
    if (typeof cell === 'string') known = this.byText;
    else if (typeof cell === 'number') known = dateCell ? this.bySerial : this.byNumber;
    else return this.normalize(cell, dateCell);
    let result = known.get(cell);
    if (result === undefined) {
      result = this.normalize(cell, dateCell);
      if (known.size < REMEMBERED_FORMS) known.set(cell, result);
    }
    return result;
  }

  /** The field's rules applied to any form of a cell, the way every other path comes to. */
  private normalize(raw: unknown, dateCell: boolean): Normalized<unknown> {
    const field = this.field;
    const result = normalizeByType(field, raw, this.ctx, dateCell ? this.formatted : this.written);
    if (!result.ok) return result;
    const value = result.value;
    if (value === null) {
      if (field.blankValue !== undefined) return { ok: true, value: field.blankValue };
      if (field.required) return { ok: false, code: 'REQUIRED' };
    } else if (field.notFuture && typeof value === 'string' && value > this.ctx.asOf) {
      return { ok: false, code: 'FUTURE_DATE', params: { value } };
    }
    return result;
  }
}

function resultValue(result: Normalized<unknown>): unknown {
  return result.ok ? result.value : FAILED;
}

function normalizeByType(
  field: FieldDef,
  raw: unknown,
  ctx: ReaderContext,
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

function normalizeUnit(field: FieldDef, raw: unknown, ctx: ReaderContext): Normalized<unknown> {
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
function isAssignable(unit: Unit, ctx: ReaderContext): boolean {
  if (unit.kind === 'department') {
    return unit.parent === (ctx.org.districtOf(ctx.unit)?.code ?? null);
  }
  return ctx.org.isWithin(unit.code, ctx.unit);
}
