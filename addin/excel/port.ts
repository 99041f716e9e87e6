/**
 * What the task pane asks of a workbook. The Office implementation runs each call as one Excel
 * batch; the in-memory one (`addin/memory-workbook.ts`) stands in for Excel in the pane's browser
 * tests. The pane never touches `Excel` itself.
 */
import type { SheetInput } from '../../shared/convert/index.ts';
import type { LedgerSheetPlan, ListColumn, PlanColumn, SheetIssue } from './plan.ts';
import type { ReportSheet } from './report-layout.ts';

export interface ReadResult {
  name: string;
  sheet: SheetInput;
  firstRow: number;
  firstColumn: number;
}

export interface Workbook {
  /** The sheet the clerk is looking at. */
  readActiveSheet(): Promise<ReadResult>;
  readNamedSheet(name: string): Promise<ReadResult>;
  /** A new ledger sheet (and its problem list) beside the active sheet. */
  writeLedgerSheet(
    plan: LedgerSheetPlan,
    lists: readonly ListColumn[],
  ): Promise<{ sheetName: string; problemsSheet: string }>;
  /** Reads a ledger sheet, asks `check` for its issues and shows them (highlights, notes, list). */
  revalidate(
    sheetName: string,
    columns: readonly PlanColumn[],
    check: (sheet: SheetInput) => SheetIssue[],
  ): Promise<{ issues: SheetIssue[]; rows: number }>;
  /** Writes or refreshes report sheets (汇总, 督办清单, 公示…). */
  writeReports(specs: readonly ReportSheet[]): Promise<void>;
  /** Links a cell to another sheet of the workbook (a figure to its explanation sheet). */
  linkCell(sheet: string, address: string, target: string, tip: string): Promise<void>;
  readSetting<T>(key: string): Promise<T | null>;
  writeSetting(key: string, value: unknown): Promise<void>;
}
