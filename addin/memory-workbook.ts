/**
 * The workbook port in memory: sheets of cells with formats, highlights and notes. It stands in
 * for Excel in the task pane's browser tests and in the pane's demo mode outside Office; it writes
 * the same plans the Office implementation writes (`excel/plan.ts`, `excel/report.ts`).
 */
import type { Cell, SheetInput } from '../shared/convert/index.ts';
import { cellAddress, parseCell, sheetNameCandidates } from './excel/cells.ts';
import {
  type LedgerSheetPlan,
  LISTS_SHEET,
  type ListColumn,
  MARK_FILL,
  planMarks,
  problemRows,
  problemsSheetName,
} from './excel/plan.ts';
import type { ReadResult, Workbook } from './excel/port.ts';
import { layoutReport } from './excel/report-layout.ts';

export interface MemoryCell {
  value: Cell;
  format: string;
  fill?: string;
  note?: string;
  /** A link to another sheet of the workbook. */
  link?: string;
}

export interface MemorySheet {
  name: string;
  cells: Map<string, MemoryCell>;
  hidden: boolean;
}

export class MemoryWorkbook implements Workbook {
  readonly sheets: MemorySheet[] = [];
  readonly settings = new Map<string, string>();
  active = '';
  /** Called after every change (the demo view redraws). */
  onChange: () => void = () => {};

  /** Puts a sheet into the workbook (as a clerk's file has it) and makes it the active one. */
  load(name: string, input: SheetInput): void {
    const sheet = this.addSheet(name);
    input.values.forEach((row, r) => {
      row.forEach((value, c) => {
        if (value !== '' && value !== null) {
          sheet.cells.set(cellAddress(r + 1, c + 1), {
            value,
            format: input.numberFormat?.[r]?.[c] ?? 'General',
          });
        }
      });
    });
    this.active = name;
    this.onChange();
  }

  /** Types into a cell, as a clerk would. */
  setCell(sheetName: string, address: string, value: Cell): void {
    const sheet = this.sheet(sheetName);
    const cell = sheet.cells.get(address) ?? { value: '', format: 'General' };
    cell.value = value;
    sheet.cells.set(address, cell);
    this.onChange();
  }

  sheet(name: string): MemorySheet {
    const sheet = this.sheets.find((s) => s.name === name);
    if (!sheet) throw new Error(`no sheet ${name}`);
    return sheet;
  }

  /** The sheet's cells as a grid from A1 to its last used cell. */
  grid(name: string): MemoryCell[][] {
    const sheet = this.sheet(name);
    let rows = 0;
    let columns = 0;
    for (const address of sheet.cells.keys()) {
      const { row, column } = parseCell(address);
      rows = Math.max(rows, row);
      columns = Math.max(columns, column);
    }
    return Array.from({ length: rows }, (_, r) =>
      Array.from(
        { length: columns },
        (_, c) => sheet.cells.get(cellAddress(r + 1, c + 1)) ?? { value: '', format: 'General' },
      ),
    );
  }

  // —— the port ——

  async readActiveSheet(): Promise<ReadResult> {
    return this.readNamedSheet(this.active);
  }

  async readNamedSheet(name: string): Promise<ReadResult> {
    const grid = this.grid(name);
    return {
      name,
      sheet: {
        values: grid.map((row) => row.map((cell) => cell.value)),
        numberFormat: grid.map((row) => row.map((cell) => cell.format)),
        merges: [],
      },
      firstRow: 1,
      firstColumn: 1,
    };
  }

  async writeLedgerSheet(
    plan: LedgerSheetPlan,
    lists: readonly ListColumn[],
  ): Promise<{ sheetName: string; problemsSheet: string }> {
    const taken = new Set(this.sheets.map((s) => s.name));
    const sheetName = sheetNameCandidates(plan.sheetName, 50).find(
      (name) => !taken.has(name) && !taken.has(problemsSheetName(name)),
    )!;
    const problemsSheet = problemsSheetName(sheetName);
    const sheet = this.addSheet(
      sheetName,
      this.sheets.findIndex((s) => s.name === this.active) + 1,
    );
    this.writeGrid(
      sheet,
      [plan.columns.map((c) => c.header), ...plan.body],
      [plan.columns.map(() => '@'), ...plan.numberFormat],
    );
    this.mark(sheet, plan.marks);
    this.writeProblems(problemsSheet, sheetName, plan.problems);
    if (!taken.has(LISTS_SHEET)) {
      const listSheet = this.addSheet(LISTS_SHEET);
      listSheet.hidden = true;
      const height = Math.max(...lists.map((l) => l.values.length)) + 1;
      this.writeGrid(
        listSheet,
        Array.from({ length: height }, (_, r) =>
          lists.map((l) => (r === 0 ? l.header : (l.values[r - 1] ?? ''))),
        ),
      );
    }
    this.active = sheetName;
    this.onChange();
    return { sheetName, problemsSheet };
  }

  async revalidate(
    sheetName: string,
    columns: Parameters<Workbook['revalidate']>[1],
    check: Parameters<Workbook['revalidate']>[2],
  ): Promise<{ issues: ReturnType<typeof check>; rows: number }> {
    const read = await this.readNamedSheet(sheetName);
    const issues = check(read.sheet);
    const header = read.sheet.values[0] ?? [];
    const placed = header.map(
      (h) =>
        columns.find((c) => c.header === String(h)) ?? {
          key: null,
          header: String(h),
          numberFormat: 'General',
          width: 64,
          validation: null,
          hint: '',
        },
    );
    const { marks, problems } = planMarks(placed, issues);
    const sheet = this.sheet(sheetName);
    for (const cell of sheet.cells.values()) {
      delete cell.fill;
      delete cell.note;
    }
    this.mark(sheet, marks);
    this.writeProblems(problemsSheetName(sheetName), sheetName, problems);
    this.onChange();
    return { issues, rows: read.sheet.values.length - 1 };
  }

  async writeReports(specs: Parameters<Workbook['writeReports']>[0]): Promise<void> {
    for (const spec of specs) {
      const layout = layoutReport(spec);
      const existing = this.sheets.find((s) => s.name === spec.name);
      const sheet = existing ?? this.addSheet(spec.name);
      sheet.cells.clear();
      this.writeGrid(sheet, layout.grid, layout.formats);
      this.active = spec.name;
    }
    this.onChange();
  }

  async linkCell(sheet: string, address: string, target: string): Promise<void> {
    const cells = this.sheet(sheet).cells;
    const cell = cells.get(address) ?? { value: '', format: 'General' };
    cell.link = target;
    cells.set(address, cell);
    this.onChange();
  }

  async readSetting<T>(key: string): Promise<T | null> {
    const value = this.settings.get(key);
    return value === undefined ? null : (JSON.parse(value) as T);
  }

  async writeSetting(key: string, value: unknown): Promise<void> {
    this.settings.set(key, JSON.stringify(value));
  }

  // —— inside ——

  private addSheet(name: string, position = this.sheets.length): MemorySheet {
    if (this.sheets.some((s) => s.name === name)) throw new Error(`sheet ${name} exists`);
    const sheet: MemorySheet = { name, cells: new Map(), hidden: false };
    this.sheets.splice(position, 0, sheet);
    return sheet;
  }

  private writeGrid(sheet: MemorySheet, values: Cell[][], formats?: string[][]): void {
    values.forEach((row, r) => {
      row.forEach((value, c) => {
        sheet.cells.set(cellAddress(r + 1, c + 1), {
          value,
          format: formats?.[r]?.[c] ?? 'General',
        });
      });
    });
  }

  private mark(sheet: MemorySheet, marks: LedgerSheetPlan['marks']): void {
    for (const mark of marks) {
      const address = cellAddress(mark.row, mark.column);
      const cell = sheet.cells.get(address) ?? { value: '', format: 'General' };
      cell.fill = MARK_FILL;
      cell.note = mark.note;
      sheet.cells.set(address, cell);
    }
  }

  private writeProblems(name: string, ledgerSheet: string, problems: LedgerSheetPlan['problems']) {
    const existing = this.sheets.find((s) => s.name === name);
    const sheet =
      existing ?? this.addSheet(name, this.sheets.findIndex((s) => s.name === ledgerSheet) + 1);
    sheet.cells.clear();
    const rows = problemRows(problems);
    this.writeGrid(
      sheet,
      rows.map((row, r) => [...row, r === 0 ? '位置' : (problems[r - 1]?.cell ?? '')]),
    );
  }
}
