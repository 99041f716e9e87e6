/**
 * The ledgers of mass work (docs/rules.md, "Ledgers") and the cadre register and their validation: one definition per ledger gives
 * its record type, field list with labels and header synonyms, enumerations, field and cross-field
 * rules and the zod schema; `validateRows` applies them for the add-in, the CLI and the Worker alike.
 */
import type { Locale } from '../i18n.ts';
import { type CadreRecord, cadreLedger } from './cadre.ts';
import { type CaseRecord, caseLedger } from './case.ts';
import { type EvaluationRecord, evaluationLedger } from './evaluation.ts';
import type { LedgerDef, RecordType } from './fields.ts';
import { type HouseholdRecord, householdLedger } from './household.ts';
import {
  type NormalizedRow,
  normalizeRows,
  type RowInput,
  type RowIssue,
  type RowNormalizer,
  recordKeys,
  rowNormalizer,
  type ValidationContext,
} from './validate.ts';
import { type VisitRecord, visitLedger } from './visit.ts';

export {
  CATEGORY_SYNONYMS,
  CHANNEL_SYNONYMS,
  SATISFACTION_SYNONYMS,
  STATUS_SYNONYMS,
} from './case.ts';
export type { CrossRule, FieldDef, FieldType, Label, LedgerDef } from './fields.ts';
export type { LedgerStorage, ListFilter } from './storage.ts';
export type {
  FieldError,
  NormalizedRow,
  RowInput,
  RowIssue,
  RowNormalizer,
  ValidationContext,
} from './validate.ts';
export type { CadreRecord, CaseRecord, EvaluationRecord, HouseholdRecord, VisitRecord };

/**
 * The registry: every ledger kind and its definition. A new ledger is its definition file, its
 * migration and one entry here (with its import); the Worker, the CLI and the seed derive the rest.
 */
const DEFINITIONS = {
  case: caseLedger,
  household: householdLedger,
  visit: visitLedger,
  evaluation: evaluationLedger,
  cadre: cadreLedger,
};

type Definitions = typeof DEFINITIONS;
export type LedgerKind = keyof Definitions;
export const LEDGER_KINDS = Object.keys(DEFINITIONS) as [LedgerKind, ...LedgerKind[]];

export type LedgerRecords = { [K in LedgerKind]: RecordType<Definitions[K]> };
/** Each kind's API path, as a literal type (the typed client's routes are built from it). */
export type LedgerPaths = { [K in LedgerKind]: Definitions[K]['path'] };

export const LEDGERS = DEFINITIONS as unknown as Record<LedgerKind, LedgerDef>;

const valuesOf = (kind: LedgerKind, key: string): readonly string[] =>
  LEDGERS[kind].fields.find((f) => f.key === key)?.values ?? [];

export const CHANNELS = valuesOf('case', 'channel');
export const CATEGORIES = valuesOf('case', 'category');
export const STATUSES = valuesOf('case', 'status');
export const SATISFACTIONS = valuesOf('case', 'satisfaction');
export const HOUSEHOLD_TYPES = valuesOf('household', 'householdType');
export const RANKS = valuesOf('visit', 'rank');
export const VISIT_TYPES = valuesOf('visit', 'visitType');
export const SUBJECT_KINDS = valuesOf('evaluation', 'subjectKind');
export const EVALUATOR_GROUPS = valuesOf('evaluation', 'evaluatorGroup');
export const OVERALLS = valuesOf('evaluation', 'overall');
export const VETO_REASONS = valuesOf('evaluation', 'vetoReason');

/** Every row normalised, with its errors (rows with errors keep what could be read). */
export function checkRows(
  kind: LedgerKind,
  rows: readonly RowInput[],
  ctx: ValidationContext,
): NormalizedRow[] {
  return normalizeRows(LEDGERS[kind], rows, ctx);
}

/** `checkRows` one row at a time: the rows given to one checker are one batch, in order. */
export function rowChecker(
  kind: LedgerKind,
  ctx: ValidationContext,
  columns?: readonly number[],
): RowNormalizer {
  return rowNormalizer(LEDGERS[kind], ctx, columns);
}

/**
 * Validates a batch of rows of one ledger: the canonical records of the rows without errors, and
 * every problem of the others with its row, field, stable code and message.
 */
export function validateRows<K extends LedgerKind>(
  kind: K,
  rows: readonly RowInput[],
  ctx: ValidationContext & { locale?: Locale },
): { records: { row: number; values: LedgerRecords[K] }[]; issues: RowIssue[] } {
  const records: { row: number; values: LedgerRecords[K] }[] = [];
  const issues: RowIssue[] = [];
  for (const result of checkRows(kind, rows, ctx)) {
    if (result.errors.length === 0) {
      records.push({ row: result.row, values: result.values as unknown as LedgerRecords[K] });
    } else for (const error of result.errors) issues.push({ row: result.row, ...error });
  }
  return { records, issues };
}

/** The identity of each record within (unit, kind), in order — see `recordKeys`. */
export function naturalKeys(kind: LedgerKind, records: readonly object[]): string[] {
  return recordKeys(LEDGERS[kind], records as Record<string, unknown>[]);
}
