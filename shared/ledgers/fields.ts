/**
 * The vocabulary every ledger definition is written in: a field (key, Chinese/English label, header
 * synonyms, type, bounds) and an enumeration (canonical term → synonyms). One ledger file lists its
 * fields and cross-field rules once; headers, validation, the zod schema and the Excel data
 * validation all come from that list.
 */
import { z } from 'zod';
import { enumLookup } from '../normalize.ts';
import type { OrgTree } from '../org.ts';
import { periodSchema } from '../periods.ts';
import type { LedgerStorage, ListFilter } from './storage.ts';

export type FieldType =
  | 'text'
  | 'date'
  | 'phone'
  | 'enum'
  | 'bool'
  | 'unit'
  | 'int'
  | 'score'
  | 'list'
  | 'period';

export interface Label {
  zh: string;
  en: string;
}

export interface FieldDef {
  key: string;
  label: Label;
  /** Other header words seen on paper forms for this column (docs/rules.md, Ledgers). */
  synonyms: readonly string[];
  type: FieldType;
  required: boolean;
  /** Canonical values of an enumeration, in display order. */
  values?: readonly string[];
  /** Canonical value → synonyms that normalise to it. */
  valueSynonyms?: Readonly<Record<string, readonly string[]>>;
  /** Written form (synonyms included) → canonical value. */
  lookup?: ReadonlyMap<string, string>;
  /** Value a blank enumeration cell stands for (满意度 blank = 未评价). */
  blankValue?: string;
  maxLength?: number;
  min?: number;
  max?: number;
  /** Dates: must not lie after the as-of date. */
  notFuture?: boolean;
  /** Units: must lie within the submitting unit's subtree. */
  withinUnit?: boolean;
  /**
   * Units a case may be handed to: a functional department of the district, or a unit within the
   * submitting unit's subtree (a 承办单位 is data; only a dispatch grants access — docs/rules.md).
   */
  assignable?: boolean;
}

/** A rule over several fields of one record; `field` is where the error shows. */
export interface CrossRule<R> {
  field: keyof R & string;
  code: string;
  /** Fields the rule reads: it is skipped while any of them has its own error. */
  reads: readonly (keyof R & string)[];
  holds(record: R): boolean;
  /** Message parameters (e.g. the other field's label and value). */
  params?(record: R): Record<string, string | number>;
}

/**
 * A date that may not lie before another of the same record (a reply before the case was
 * received). The message names the other field by its label, in the reader's language.
 */
export function notBefore<R>(
  field: keyof R & string,
  earlier: keyof R & string,
  code: string,
): CrossRule<R> {
  return {
    field,
    code,
    reads: [field, earlier],
    holds: (record) => {
      const [date, other] = [record[field], record[earlier]];
      return date === null || other === null || String(date) >= String(other);
    },
    params: (record) => ({ otherField: earlier, otherValue: String(record[earlier] ?? '') }),
  };
}

export interface LedgerDef<R = Record<string, unknown>> {
  kind: string;
  label: Label;
  fields: readonly FieldDef[];
  rules: readonly CrossRule<R>[];
  /** Fields whose values together identify a record within one unit's ledger. */
  identity: readonly (keyof R & string)[];
  /** Whether two rows with the same identity are an error (else a repeat is a new record). */
  uniqueIdentity: boolean;
  /** Canonical record schema: type, API validation and OpenAPI document. */
  schema: z.ZodType<R>;
  /** Splits a cell that holds two fields (`是（不作为）` → veto + reason) before normalising. */
  prepare?(raw: Record<string, unknown>): Record<string, unknown>;
  /** Resolves a field that needs the org tree once the record is normalised (a unit's name → code). */
  resolve?(record: R, org: OrgTree): FieldProblem[];
  /** The list and detail routes' path (`/api/households`); the CLI's export reads it too. */
  path: string;
  /** The list's filters besides `unit`, `q`, `sort`, `cursor` and `limit`. */
  filters: Readonly<Record<string, ListFilter>>;
  storage: LedgerStorage;
}

/** A problem with one field, before it is placed on a row and given its message. */
export interface FieldProblem {
  field: string;
  code: string;
  params?: Record<string, string | number>;
}

/** A field as a ledger file declares it: everything but the key, plus its canonical schema. */
export type FieldSpec<T> = Omit<FieldDef, 'key'> & { schema: z.ZodType<T> };

type Common = { label: Label; synonyms?: readonly string[] };
type Req<R extends boolean, T> = R extends true ? T : T | null;

function spec<T>(type: FieldType, options: Common & Partial<FieldDef>, schema: z.ZodType<T>) {
  const { synonyms = [], required = false, ...rest } = options;
  return { ...rest, type, synonyms, required, schema } as FieldSpec<T>;
}
const maybe = <T>(schema: z.ZodType<T>, required: boolean) =>
  (required ? schema : schema.nullable()) as z.ZodType<T>;

export const field = {
  text<R extends boolean = false>(o: Common & { required?: R; maxLength?: number }) {
    const max = o.maxLength ?? 200;
    return spec<Req<R, string>>(
      'text',
      { ...o, maxLength: max },
      maybe(z.string().min(1).max(max), !!o.required) as z.ZodType<Req<R, string>>,
    );
  },
  date<R extends boolean = false>(o: Common & { required?: R; notFuture?: boolean }) {
    return spec<Req<R, string>>(
      'date',
      o,
      maybe(z.iso.date(), !!o.required) as z.ZodType<Req<R, string>>,
    );
  },
  phone(o: Common) {
    return spec<string | null>(
      'phone',
      o,
      z
        .string()
        .regex(/^(1[3-9]\d{9}|0\d{2,3}-\d{7,8})$/)
        .nullable(),
    );
  },
  enum<const V extends string, R extends boolean = false>(
    o: Common & {
      required?: R;
      values: Readonly<Record<V, readonly string[]>>;
      blankValue?: NoInfer<V>;
    },
  ) {
    const values = Object.keys(o.values) as [V, ...V[]];
    const { values: valueSynonyms, ...rest } = o;
    return spec<Req<R, V>>(
      'enum',
      { ...rest, values, valueSynonyms, lookup: enumLookup(valueSynonyms) } as Common &
        Partial<FieldDef>,
      maybe(z.enum(values), !!o.required || o.blankValue !== undefined) as unknown as z.ZodType<
        Req<R, V>
      >,
    );
  },
  bool(o: Common) {
    return spec<boolean | null>('bool', o, z.boolean().nullable());
  },
  unit<R extends boolean = false>(
    o: Common & { required?: R; withinUnit?: boolean; assignable?: boolean },
  ) {
    return spec<Req<R, string>>(
      'unit',
      o,
      maybe(z.string().min(1).max(40), !!o.required) as z.ZodType<Req<R, string>>,
    );
  },
  int(o: Common & { min: number; max: number; required?: boolean }) {
    return spec<number | null>('int', o, z.number().int().min(o.min).max(o.max).nullable());
  },
  score(o: Common & { required?: boolean }) {
    return spec<number | null>(
      'score',
      { ...o, min: 0, max: 100 },
      z.number().min(0).max(100).nullable(),
    );
  },
  list(o: Common) {
    return spec<string[]>('list', o, z.array(z.string().min(1).max(50)).max(200));
  },
  period<R extends boolean = false>(o: Common & { required?: R }) {
    return spec<Req<R, string>>(
      'period',
      o,
      maybe(periodSchema, !!o.required) as z.ZodType<Req<R, string>>,
    );
  },
};

/** The canonical record type of a defined ledger. */
export type RecordType<L> = L extends LedgerDef<infer R> ? R : never;

/** The canonical record type a ledger's field specs describe. */
export type RecordOf<F extends Record<string, FieldSpec<unknown>>> = {
  [K in keyof F]: F[K] extends FieldSpec<infer T> ? T : never;
};

/**
 * Defines a ledger from its field specs (in column order) and cross-field rules: the field list,
 * the canonical record schema (zod, with the rules as refinements) and the record type, all from
 * this one definition — and, beside them, where its records are stored and served.
 */
export function defineLedger<
  F extends Record<string, FieldSpec<unknown>>,
  const P extends `/api/${string}`,
>(definition: {
  kind: string;
  path: P;
  label: Label;
  fields: F;
  rules: readonly CrossRule<RecordOf<F>>[];
  identity: readonly (keyof F & string)[];
  uniqueIdentity: boolean;
  prepare?: LedgerDef<RecordOf<F>>['prepare'];
  resolve?: LedgerDef<RecordOf<F>>['resolve'];
  filters: Readonly<Record<string, ListFilter>>;
  storage: LedgerStorage<keyof F & string>;
}): LedgerDef<RecordOf<F>> & { path: P } {
  const fields = Object.entries(definition.fields).map(([key, { schema: _schema, ...def }]) => ({
    key,
    ...def,
  })) as FieldDef[];
  const shape = Object.fromEntries(
    Object.entries(definition.fields).map(([key, fieldSpec]) => [key, fieldSpec.schema]),
  );
  const schema = z
    .object(shape)
    .strict()
    .superRefine((record, ctx) => {
      for (const rule of definition.rules) {
        if (!rule.holds(record as RecordOf<F>)) {
          ctx.addIssue({ code: 'custom', path: [rule.field], message: rule.code });
        }
      }
    }) as unknown as z.ZodType<RecordOf<F>>;
  return { ...definition, fields, schema };
}
