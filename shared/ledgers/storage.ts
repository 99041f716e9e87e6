/**
 * Where a ledger's records live and how they are served: the D1 table, which column holds which
 * field of the canonical record (`data` keeps only the fields without one), the list's sort and
 * text-search columns, and the API path. Plain data — the Worker generates its SQL from it, the
 * CLI and the seed find their routes and tables in it, so a new ledger is declared in one place.
 */
export interface LedgerStorage<Field extends string = string> {
  table: string;
  /**
   * The view lists and details read instead, when what they show is kept beside the table (a
   * case's level and current due date, docs/decisions/0018).
   */
  readFrom?: string;
  /** SQL column → record field. */
  columns: Readonly<Record<string, Field>>;
  /** Columns holding JSON (lists), written with `->` instead of `->>`. */
  jsonColumns?: readonly string[];
  /** Fields a later submission never changes (首问负责制: the first receiver stays). */
  fixed?: Readonly<Record<string, Field>>;
  /** Columns computed by the Worker per record (`x` of each row item), set on insert only. */
  extras?: Readonly<Record<string, string>>;
  /** Extras that follow a resubmission only when their column changes (due dates follow receipt). */
  extrasFollow?: readonly { column: string; extras: readonly string[] }[];
  /** Extras that follow every resubmission. */
  extrasAlways?: readonly string[];
  /** The list's sort keys (`?sort=`) → column; ties go by id. */
  sortColumns: Readonly<Record<string, string>>;
  /** The list's order when none is asked for (`-key` descending). */
  defaultSort: string;
  /** Columns searched by `q`. */
  textColumns: readonly string[];
  /** Of those, the residents' columns: searched only where the viewer sees them unmasked. */
  personalColumns?: readonly string[];
  /** Of those, the free text masked for the viewers who do not see the residents in full. */
  freeTextColumns?: readonly string[];
  /** The resident's name column (its given name is masked in the free text). */
  nameColumn?: string;
}

/**
 * One filter of a ledger's list, as data (the Worker turns it into SQL): a column equal to the
 * value, a date column within a period (2026, 2026H1, 2026Q2, 2026-05), an integer column equal to
 * a value in bounds, or a filter the Worker defines by name (a case's `overdue`).
 */
export type ListFilter =
  | { equals: string }
  | { within: string }
  | { int: string; min: number; max: number }
  | { named: 'overdue' };
