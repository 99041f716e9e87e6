/**
 * A workbook for tests of the Excel layer, built from `office-addin-mock` objects: every object
 * the code gets (sheets, ranges, names, notes…) is an `OfficeMockObject`, so reading a property
 * that was not loaded, or not synced, gives the mock's error instead of data. Writes take effect at
 * `context.sync()` — a write never synced is lost, as in Excel — and the syncs are counted.
 * Test support only; the add-in never loads it.
 */
import { OfficeMockObject } from 'office-addin-mock';
import { isValidError } from 'office-addin-mock/lib/possibleErrors.js';
import { blockAddress, cellAddress, parseCell } from '../../addin/excel/cells.ts';
import type { Cell } from '../../shared/convert/index.ts';
import { columnIndex } from '../../shared/convert/index.ts';

export interface FakeCell {
  value: Cell;
  format: string;
  formula?: string;
  fill?: string;
  font?: string;
  bold?: boolean;
  /** A hyperlink's target inside the workbook (`'Sheet'!A1`). */
  link?: string;
}

export interface FakeValidation {
  address: string;
  rule: Excel.DataValidationRule;
  errorAlert?: Excel.DataValidationErrorAlert;
  prompt?: Excel.DataValidationPrompt;
}

export interface FakeChart {
  name: string;
  type: string;
  source: string;
  title?: string;
}

export interface FakeSheet {
  name: string;
  position: number;
  visibility: string;
  cells: Map<string, FakeCell>;
  merges: string[];
  validations: FakeValidation[];
  tables: { address: string; style?: string }[];
  frozenRows: number;
  notes: Map<string, string>;
  charts: FakeChart[];
  conditionalFormats: { address: string; type: string; detail: unknown }[];
  columnWidths: Map<number, number>;
  hiddenColumns: Set<number>;
  pageLayout: Record<string, unknown>;
}

type MockOf = OfficeMockObject & Record<string, unknown>;
type Block = { top: number; left: number; bottom: number; right: number };

/** A block from an A1 address (`C5`, `A1:T9`, `C:D`); whole columns end at row 1,048,576. */
function parseBlock(address: string): Block {
  const bare = address.slice(address.lastIndexOf('!') + 1).replace(/\$/g, '');
  const [from, to = from] = bare.split(':') as [string, string?];
  if (/^[A-Z]+$/i.test(from)) {
    return { top: 1, left: columnIndex(from), bottom: 1_048_576, right: columnIndex(to) };
  }
  const a = parseCell(from);
  const b = parseCell(to);
  return { top: a.row, left: a.column, bottom: b.row, right: b.column };
}

const key = (row: number, column: number) => cellAddress(row, column);

export class FakeExcel {
  readonly sheets: FakeSheet[] = [];
  readonly names = new Map<string, string>();
  readonly settings = new Map<string, unknown>();
  syncs = 0;
  activeSheet: string;
  readonly context: Excel.RequestContext;
  /** Work queued since the last sync: calls in order, then property writes on each object. */
  private pendingCalls: (() => void)[] = [];
  private tracked: { mock: OfficeMockObject; flush: () => void }[] = [];

  constructor(
    sheets: { name: string; values: Cell[][]; numberFormat?: string[][]; merges?: string[] }[],
  ) {
    for (const input of sheets) this.load(input);
    this.activeSheet = sheets[0]?.name ?? '';
    // The context is not tracked: its sync is the fake's own.
    const context = new OfficeMockObject({ workbook: this.workbookData() }, 'excel' as never);
    context.sync = async () => this.sync();
    this.context = context as unknown as Excel.RequestContext;
  }

  /** Adds a sheet as a clerk's file has it (the active sheet stays as it was). */
  load(input: { name: string; values: Cell[][]; numberFormat?: string[][]; merges?: string[] }) {
    const sheet = this.addSheet(input.name);
    input.values.forEach((row, r) => {
      row.forEach((value, c) => {
        if (value === '' || value === null) return;
        sheet.cells.set(key(r + 1, c + 1), {
          value,
          format: input.numberFormat?.[r]?.[c] ?? 'General',
        });
      });
    });
    sheet.merges = input.merges ?? [];
  }

  sheet(name: string): FakeSheet {
    const sheet = this.sheets.find((s) => s.name === name);
    if (!sheet)
      throw new Error(`no sheet ${name}; have ${this.sheets.map((s) => s.name).join(', ')}`);
    return sheet;
  }

  /** The values of a block as a 2-D array (`''` for empty cells). */
  values(sheetName: string, address: string): Cell[][] {
    const sheet = this.sheet(sheetName);
    const block = parseBlock(address);
    const rows: Cell[][] = [];
    for (let r = block.top; r <= block.bottom; r++) {
      const row: Cell[] = [];
      for (let c = block.left; c <= block.right; c++)
        row.push(sheet.cells.get(key(r, c))?.value ?? '');
      rows.push(row);
    }
    return rows;
  }

  cell(sheetName: string, address: string): FakeCell | undefined {
    return this.sheet(sheetName).cells.get(address);
  }

  /** The used block of a sheet: from A1 (as Excel's used range starts here) to the last cell. */
  usedBlock(sheet: FakeSheet): Block | null {
    let bottom = 0;
    let right = 0;
    let top = Number.POSITIVE_INFINITY;
    let left = Number.POSITIVE_INFINITY;
    for (const [address, cell] of sheet.cells) {
      if (cell.value === '' && cell.formula === undefined) continue;
      const { row, column } = parseCell(address);
      top = Math.min(top, row);
      left = Math.min(left, column);
      bottom = Math.max(bottom, row);
      right = Math.max(right, column);
    }
    return bottom === 0 ? null : { top, left, bottom, right };
  }

  /** Types a value into a cell, as a clerk would. */
  type(sheetName: string, address: string, value: Cell): void {
    const sheet = this.sheet(sheetName);
    const cell = sheet.cells.get(address) ?? { value: '', format: 'General' };
    cell.value = value;
    sheet.cells.set(address, cell);
  }

  // —— the mock object model ——

  private async sync(): Promise<void> {
    this.syncs++;
    const calls = this.pendingCalls;
    this.pendingCalls = [];
    for (const call of calls) call();
    for (const { flush } of this.tracked) flush();
    for (const { mock } of this.tracked) await mock.sync();
  }

  /**
   * A mock object; `flush` runs at each sync to carry its property writes into the workbook, with
   * `changed(prop, value, initial)` true once per new value written (so a write applies once).
   */
  private mock(
    data: Record<string, unknown>,
    flush?: (
      mock: MockOf,
      changed: (prop: string, value: unknown, initial: unknown) => boolean,
    ) => void,
  ) {
    const mock = new OfficeMockObject(data, 'excel' as never) as MockOf;
    const seen = new Map<string, unknown>();
    const changed = (prop: string, value: unknown, initial: unknown) => {
      if (!written(value, seen.has(prop) ? seen.get(prop) : initial)) return false;
      seen.set(prop, value);
      return true;
    };
    this.tracked.push({ mock, flush: () => flush?.(mock, changed) });
    return mock;
  }

  private queue(call: () => void): void {
    this.pendingCalls.push(call);
  }

  private addSheet(name: string): FakeSheet {
    if (this.sheets.some((s) => s.name === name)) throw new Error(`sheet ${name} exists`);
    const sheet: FakeSheet = {
      name,
      position: this.sheets.length,
      visibility: 'Visible',
      cells: new Map(),
      merges: [],
      validations: [],
      tables: [],
      frozenRows: 0,
      notes: new Map(),
      charts: [],
      conditionalFormats: [],
      columnWidths: new Map(),
      hiddenColumns: new Set(),
      pageLayout: {},
    };
    this.sheets.push(sheet);
    return sheet;
  }

  private workbookData() {
    const worksheets = {
      getActiveWorksheet: () => this.worksheetMock(() => this.sheet(this.activeSheet)),
      getItem: (name: string) => this.worksheetMock(() => this.sheet(name)),
      getItemOrNullObject: (name: string) =>
        this.sheets.some((s) => s.name === name)
          ? this.worksheetMock(() => this.sheet(name))
          : this.nullMock(),
      add: (name: string) => {
        this.queue(() => this.addSheet(name));
        return this.worksheetMock(() => this.sheet(name));
      },
    };
    const names = {
      getItemOrNullObject: (name: string) =>
        this.names.has(name)
          ? this.mock(
              { isNullObject: false, name, formula: this.names.get(name)! },
              (m, changed) => {
                if (changed('formula', m.formula, this.names.get(name))) {
                  this.names.set(name, m.formula as string);
                }
              },
            )
          : this.nullMock(),
      add: (name: string, reference: string) => {
        this.queue(() => {
          if (this.names.has(name)) throw new Error(`name ${name} exists`);
          this.names.set(name, reference);
        });
        return this.mock({ name });
      },
    };
    const settings = {
      getItemOrNullObject: (name: string) =>
        this.settings.has(name)
          ? this.mock({ isNullObject: false, key: name, value: this.settings.get(name) as string })
          : this.nullMock(),
      add: (name: string, value: unknown) => {
        this.queue(() => this.settings.set(name, value));
        return this.mock({ key: name });
      },
    };
    return { worksheets, names, settings };
  }

  /** An object whose use after a sync shows it did not exist; writing to it is an error. */
  private nullMock() {
    const initial = { address: '', name: '', value: '', formula: '', position: 0, visibility: '' };
    return this.mock(
      {
        isNullObject: true,
        ...initial,
        delete: () => {
          throw new Error('delete() on a null object');
        },
      },
      (m, changed) => {
        for (const [prop, value] of Object.entries(initial)) {
          if (changed(prop, m[prop], value)) {
            throw new Error(`wrote ${prop} on a null object`);
          }
        }
      },
    );
  }

  private worksheetMock(sheetOf: () => FakeSheet) {
    // A sheet added in this batch exists only after the sync; look it up lazily.
    const existing = (() => {
      try {
        return sheetOf();
      } catch {
        return null;
      }
    })();
    const state = () => sheetOf();
    const notes = [...(existing?.notes.keys() ?? [])].map((address) =>
      this.mock({
        delete: () => this.queue(() => state().notes.delete(address)),
      }),
    );
    const charts = (existing?.charts ?? []).map((chart) =>
      this.mock({ name: chart.name, delete: () => this.queue(() => removeChart(state(), chart)) }),
    );
    const initial = {
      position: existing?.position ?? -1,
      visibility: existing?.visibility ?? 'Visible',
    };
    const data = {
      isNullObject: false,
      name: existing?.name ?? '',
      position: initial.position,
      visibility: initial.visibility,
      getRange: (address?: string) => this.rangeMock(state, address ?? 'A1:XFD1048576'),
      getUsedRange: () => this.usedRangeMock(state, existing, false),
      getUsedRangeOrNullObject: () => this.usedRangeMock(state, existing, true),
      activate: () => this.queue(() => (this.activeSheet = state().name)),
      delete: () => this.queue(() => this.sheets.splice(this.sheets.indexOf(state()), 1)),
      tables: {
        add: (address: string) => {
          const table = { address, style: undefined as string | undefined };
          this.queue(() => state().tables.push(table));
          return this.mock({ style: '', name: '' }, (m) => {
            if (m.style) table.style = m.style as string;
          });
        },
      },
      freezePanes: { freezeRows: (n: number) => this.queue(() => (state().frozenRows = n)) },
      notes: {
        items: notes,
        add: (address: string, text: string) =>
          this.queue(() => {
            if (state().notes.has(address)) throw new Error(`note exists at ${address}`);
            state().notes.set(address, text);
          }),
      },
      charts: {
        items: charts,
        add: (type: string, source: { address?: string }, _seriesBy?: string) => {
          const chart: FakeChart = { name: '', type, source: String(source.address) };
          this.queue(() => state().charts.push(chart));
          return this.chartMock(chart);
        },
        getItemOrNullObject: (name: string) => {
          const chart = existing?.charts.find((c) => c.name === name);
          return chart
            ? this.mock({
                isNullObject: false,
                delete: () => this.queue(() => removeChart(state(), chart)),
              })
            : this.nullMock();
        },
      },
      pageLayout: {
        orientation: '',
        centerHorizontally: '',
        paperSize: '',
        setPrintTitleRows: (address: string) =>
          this.queue(() => (state().pageLayout.printTitleRows = address)),
        setPrintArea: (address: string) =>
          this.queue(() => (state().pageLayout.printArea = address)),
      },
    };
    return this.mock(data, (m, changed) => {
      const sheet = state();
      if (changed('position', m.position, initial.position)) sheet.position = m.position as number;
      if (changed('visibility', m.visibility, initial.visibility)) {
        sheet.visibility = m.visibility as string;
      }
      const layout = m.pageLayout as Record<string, unknown>;
      for (const prop of ['orientation', 'centerHorizontally', 'paperSize']) {
        if (changed(prop, layout[prop], '')) {
          sheet.pageLayout[prop] = layout[prop];
        }
      }
    });
  }

  private chartMock(chart: FakeChart) {
    return this.mock(
      {
        name: '',
        title: { text: '' },
        setPosition: () => {},
        legend: { position: '' },
        axes: { valueAxis: { maximum: '', minimum: '' } },
      },
      (m) => {
        if (m.name) chart.name = m.name as string;
        const title = (m.title as Record<string, unknown>).text;
        if (title) chart.title = title as string;
      },
    );
  }

  private usedRangeMock(state: () => FakeSheet, existing: FakeSheet | null, orNull: boolean) {
    const block = existing ? this.usedBlock(existing) : null;
    if (!block) {
      if (orNull) return this.nullMock();
      return this.rangeMock(state, 'A1');
    }
    return this.rangeMock(
      state,
      blockAddress(
        block.top,
        block.left,
        block.bottom - block.top + 1,
        block.right - block.left + 1,
      ),
    );
  }

  private rangeMock(state: () => FakeSheet, address: string) {
    const block = parseBlock(address);
    const existing = (() => {
      try {
        return state();
      } catch {
        return null;
      }
    })();
    // Whole-sheet and whole-column ranges are only formatted or cleared, never read cell by cell.
    const small = (block.bottom - block.top + 1) * (block.right - block.left + 1) <= 500_000;
    const read = (pick: (cell: FakeCell | undefined) => Cell) =>
      existing && small
        ? Array.from({ length: block.bottom - block.top + 1 }, (_, r) =>
            Array.from({ length: block.right - block.left + 1 }, (_, c) =>
              pick(existing.cells.get(key(block.top + r, block.left + c))),
            ),
          )
        : [];
    const mergedAddress = (existing?.merges ?? []).join(', ');
    const data = {
      isNullObject: false,
      address: `${existing?.name ?? ''}!${address}`,
      values: read((cell) => cell?.value ?? ''),
      numberFormat: read((cell) => cell?.format ?? 'General'),
      formulas: read((cell) => cell?.formula ?? cell?.value ?? ''),
      rowIndex: block.top - 1,
      columnIndex: block.left - 1,
      rowCount: block.bottom - block.top + 1,
      columnCount: block.right - block.left + 1,
      format: {
        fill: {
          color: '',
          clear: () => this.queue(() => this.eachCell(state(), block, (c) => delete c.fill)),
        },
        font: { color: '', bold: '', size: '' },
        columnWidth: '',
      },
      columnHidden: '',
      dataValidation: { rule: '', errorAlert: '', prompt: '' },
      hyperlink: '',
      conditionalFormats: {
        add: (type: string) => {
          const entry = { address, type, detail: {} as Record<string, unknown> };
          this.queue(() => state().conditionalFormats.push(entry));
          return this.conditionalMock(entry);
        },
      },
      getMergedAreasOrNullObject: () =>
        mergedAddress
          ? this.mock({ isNullObject: false, address: mergedAddress })
          : this.nullMock(),
      clear: (applyTo?: string) =>
        this.queue(() => {
          const sheet = state();
          for (const [k] of [...sheet.cells]) {
            const { row, column } = parseCell(k);
            if (
              row < block.top ||
              row > block.bottom ||
              column < block.left ||
              column > block.right
            )
              continue;
            if (applyTo === 'Contents') sheet.cells.get(k)!.value = '';
            else sheet.cells.delete(k);
          }
          if (applyTo !== 'Contents') sheet.conditionalFormats = [];
        }),
      merge: () => this.queue(() => state().merges.push(address)),
    };
    const before = {
      values: data.values,
      numberFormat: data.numberFormat,
      formulas: data.formulas,
    };
    return this.mock(data, (m, changed) => {
      const sheet = state();
      const format = m.format as Record<string, Record<string, unknown>>;
      if (changed('numberFormat', m.numberFormat, before.numberFormat)) {
        this.writeGrid(
          sheet,
          block,
          m.numberFormat as unknown[][],
          (cell, v) => (cell.format = String(v)),
        );
      }
      if (changed('values', m.values, before.values)) {
        this.writeGrid(sheet, block, m.values as Cell[][], (cell, v) =>
          this.typeInto(cell, v as Cell),
        );
      }
      if (changed('formulas', m.formulas, before.formulas)) {
        this.writeGrid(sheet, block, m.formulas as Cell[][], (cell, v) => {
          cell.formula = String(v);
          cell.value = String(v).startsWith('=') ? '' : (v as Cell);
        });
      }
      if (changed('fill', format.fill!.color, ''))
        this.eachCell(sheet, block, (c) => (c.fill = format.fill!.color as string));
      if (changed('font', format.font!.color, ''))
        this.eachCell(sheet, block, (c) => (c.font = format.font!.color as string));
      if (changed('bold', format.font!.bold, ''))
        this.eachCell(sheet, block, (c) => (c.bold = !!format.font!.bold));
      if (changed('columnWidth', format.columnWidth, '')) {
        for (let c = block.left; c <= block.right; c++)
          sheet.columnWidths.set(c, format.columnWidth as unknown as number);
      }
      if (changed('columnHidden', m.columnHidden, '')) {
        for (let c = block.left; c <= block.right; c++) {
          if (m.columnHidden) sheet.hiddenColumns.add(c);
          else sheet.hiddenColumns.delete(c);
        }
      }
      if (changed('hyperlink', m.hyperlink, '')) {
        const link = m.hyperlink as { documentReference?: string };
        this.eachCell(sheet, block, (c) => (c.link = link.documentReference ?? ''));
      }
      const dv = m.dataValidation as Record<string, unknown>;
      if (changed('rule', dv.rule, '')) {
        sheet.validations.push({
          address,
          rule: dv.rule as Excel.DataValidationRule,
          ...(dv.errorAlert ? { errorAlert: dv.errorAlert as Excel.DataValidationErrorAlert } : {}),
          ...(dv.prompt ? { prompt: dv.prompt as Excel.DataValidationPrompt } : {}),
        });
      }
    });
  }

  private conditionalMock(entry: { detail: unknown }) {
    const detail = entry.detail as Record<string, unknown>;
    return this.mock(
      {
        colorScale: { criteria: '' },
        dataBar: { barDirection: '' },
        textComparison: { format: { fill: { color: '' }, font: { color: '' } }, rule: '' },
        cellValue: { format: { fill: { color: '' }, font: { color: '' } }, rule: '' },
      },
      (m) => {
        for (const kind of ['colorScale', 'textComparison', 'cellValue'] as const) {
          const part = m[kind] as Record<string, unknown>;
          const rule = part.criteria ?? part.rule;
          if (rule)
            detail[kind] = {
              rule,
              fill: (part.format as { fill?: { color?: string } })?.fill?.color,
            };
        }
      },
    );
  }

  /** Writes as Excel does: in a cell formatted as text a value stays text; else `=` makes a formula. */
  private typeInto(cell: FakeCell, value: Cell): void {
    if (typeof value === 'string' && value.startsWith('=') && cell.format !== '@') {
      cell.formula = value;
      cell.value = '';
      return;
    }
    delete cell.formula;
    cell.value = value;
  }

  private writeGrid(
    sheet: FakeSheet,
    block: Block,
    grid: unknown[][],
    set: (cell: FakeCell, value: unknown) => void,
  ) {
    const rows = block.bottom - block.top + 1;
    const columns = block.right - block.left + 1;
    if (grid.length !== rows || grid.some((row) => row.length !== columns)) {
      throw new Error(`a ${grid.length}-row grid written into ${rows}×${columns} cells`);
    }
    grid.forEach((row, r) => {
      row.forEach((value, c) => {
        const k = key(block.top + r, block.left + c);
        const cell = sheet.cells.get(k) ?? { value: '', format: 'General' };
        set(cell, value);
        sheet.cells.set(k, cell);
      });
    });
  }

  private eachCell(sheet: FakeSheet, block: Block, apply: (cell: FakeCell) => void) {
    const bottom =
      block.bottom > 100_000
        ? Math.min(block.bottom, this.usedBlock(sheet)?.bottom ?? 1)
        : block.bottom;
    for (let r = block.top; r <= bottom; r++) {
      for (let c = block.left; c <= block.right; c++) {
        const k = key(r, c);
        const cell = sheet.cells.get(k) ?? { value: '', format: 'General' };
        apply(cell);
        sheet.cells.set(k, cell);
      }
    }
  }
}

/** Whether the code set a property: a new value, not the mock's "not loaded" error text. */
function written(value: unknown, initial: unknown): boolean {
  return value !== initial && value !== '' && !(typeof value === 'string' && isValidError(value));
}

function removeChart(sheet: FakeSheet, chart: FakeChart): void {
  sheet.charts = sheet.charts.filter((c) => c !== chart);
}
