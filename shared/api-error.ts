/**
 * A failed call to the Worker's API as its clients (the pane, the CLI) see it: the API's one error
 * shape `{ error: { code, message, issues? } }` with the HTTP status.
 */
import type { RowIssue } from './ledgers/index.ts';

export class ApiError extends Error {
  readonly status: number;
  /** The stable English code programs read (`INVALID_REQUEST`, `FORBIDDEN`, …). */
  readonly code: string;
  /** The rows and fields at fault, when the request was a ledger. */
  readonly issues: RowIssue[];
  constructor(status: number, code: string, text: string, issues: RowIssue[] = []) {
    super(text);
    this.status = status;
    this.code = code;
    this.issues = issues;
  }
}
