/**
 * Ledger sheets in Excel: read the clerk's sheet, write the standard ledger beside it, check it
 * again after edits. Every function takes an `Excel.RequestContext` and syncs a fixed number of
 * times whatever the row count: one read, then one write (a sheet past Excel on the web's 5 MB
 * request limit is written in more parts).
 */
import { chunkRows } from '../../shared/chunk-rows.ts';
import type { Cell, SheetInput } from '../../shared/convert/index.ts';
import { message } from '../../shared/i18n.ts';
import type { Capabilities } from './capabilities.ts';
import {
  absoluteBlock,
  blockAddress,
  cellAddress,
  PAYLOAD_LIMIT,
  sheetNameCandidates,
  sheetReference,
} from './cells.ts';
import { formatColumns } from './column-format.ts';
import {
  type CellMark,
  type LedgerSheetPlan,
  LISTS_SHEET,
  type ListColumn,
  MARK_FILL,
  MARK_FONT,
  type PlanColumn,
  type ProblemEntry,
  planMarks,
  problemRows,
  problemsSheetName,
  type SheetIssue,
  TEXT_FORMAT,
} from './plan.ts';

const UNKNOWN_COLUMN: PlanColumn = {
  key: null,
  header: '',
  numberFormat: 'General',
  width: 64,
  validation: null,
  hint: '',
};

/** How many numbered variants of a wished sheet name are tried in the read phase. */
const NAME_TRIES = 20;

/**
 * Queues lookups of a wished ledger sheet name and its numbered variants, each with its problem
 * list's name; after the sync, gives the first pair where neither sheet exists yet.
 */
function probeNames(
  ctx: Excel.RequestContext,
  wished: string,
): () => { sheetName: string; problemsSheet: string } {
  const probe = (name: string) => {
    const sheet = ctx.workbook.worksheets.getItemOrNullObject(name);
    sheet.load('isNullObject');
    return sheet;
  };
  const pairs = sheetNameCandidates(wished, NAME_TRIES).map((sheetName) => {
    const problemsSheet = problemsSheetName(sheetName);
    return { sheetName, problemsSheet, probes: [probe(sheetName), probe(problemsSheet)] };
  });
  return () => {
    const free = pairs.find((pair) => pair.probes.every((p) => p.isNullObject));
    if (!free) throw new Error(`no free sheet name for ${wished}`);
    return { sheetName: free.sheetName, problemsSheet: free.problemsSheet };
  };
}

export interface WriteOptions {
  caps: Capabilities;
  /** Lists for the hidden lists sheet (all ledgers' enumerations and the unit's areas). */
  lists: readonly ListColumn[];
  locale?: 'zh' | 'en';
}

/**
 * Writes a ledger plan as a new sheet right after the active one (the original is never touched),
 * with its problem list; returns both sheet names.
 */
export async function writeLedgerSheet(
  ctx: Excel.RequestContext,
  plan: LedgerSheetPlan,
  options: WriteOptions,
): Promise<{ sheetName: string; problemsSheet: string }> {
  const { caps } = options;
  const workbook = ctx.workbook;
  // —— read phase: where the original sits, free names, the lists sheet and names ——
  const active = workbook.worksheets.getActiveWorksheet();
  active.load('position');
  const names = probeNames(ctx, plan.sheetName);
  const lists = caps.dataValidation ? probeLists(ctx, options.lists) : null;
  await ctx.sync();

  // —— write phase ——
  const { sheetName, problemsSheet } = names();
  const sheet = workbook.worksheets.add(sheetName);
  sheet.position = active.position + 1;
  if (lists) lists.write();
  const body = plan.body;
  const width = plan.columns.length;
  sheet.getRange(blockAddress(1, 1, 1, width)).values = [plan.columns.map((c) => c.header)];
  formatColumns(sheet, plan, caps, options.locale ?? 'zh');
  const chunks = chunkRows(
    body.map((row, i) => [row, plan.numberFormat[i]!] as const),
    PAYLOAD_LIMIT,
  );
  const writeChunk = (chunk: (typeof chunks)[number]) => {
    const range = sheet.getRange(blockAddress(chunk.start + 2, 1, chunk.rows.length, width));
    // Formats first, so text such as `=1+1` or `-5` lands as text, never as a formula.
    range.numberFormat = chunk.rows.map(([, formats]) => formats);
    range.values = chunk.rows.map(([cells]) => cells);
  };
  if (chunks[0]) writeChunk(chunks[0]);
  const table = sheet.tables.add(
    blockAddress(1, 1, Math.max(plan.formattedRows, 1) + 1, width),
    true,
  );
  table.style = 'TableStyleMedium2';
  sheet.freezePanes.freezeRows(1);
  markCells(sheet, plan.marks, caps);
  writeProblems(workbook.worksheets.add(problemsSheet), sheetName, plan.problems, options.locale);
  sheet.activate();
  await ctx.sync();
  for (const chunk of chunks.slice(1)) {
    writeChunk(chunk);
    await ctx.sync();
  }
  return { sheetName, problemsSheet };
}

/** Highlights each marked cell and, where the host has notes, says on it what is wrong. */
function markCells(sheet: Excel.Worksheet, marks: readonly CellMark[], caps: Capabilities): void {
  for (const mark of marks) {
    const cell = sheet.getRange(cellAddress(mark.row, mark.column));
    cell.format.fill.color = MARK_FILL;
    cell.format.font.color = MARK_FONT;
    if (caps.notes) sheet.notes.add(cellAddress(mark.row, mark.column), mark.note);
  }
}

/** The problem list: one row per problem, each with a link to its cell on the ledger sheet. */
function writeProblems(
  sheet: Excel.Worksheet,
  ledgerSheet: string,
  problems: readonly ProblemEntry[],
  locale: 'zh' | 'en' = 'zh',
): void {
  const rows = problemRows(problems, locale);
  const width = rows[0]!.length;
  const range = sheet.getRange(blockAddress(1, 1, rows.length, width));
  range.numberFormat = rows.map((row) => row.map((_, c) => (c < 2 ? 'General' : TEXT_FORMAT)));
  range.values = rows;
  const link = sheet.getRange(blockAddress(1, width + 1, rows.length, 1));
  link.formulas = [
    [message('SHEET_LINK', {}, locale)],
    ...problems.map((p) => [
      `=HYPERLINK("#${sheetReference(ledgerSheet, p.cell).replace(/"/g, '""')}","${p.cell}")`,
    ]),
  ];
  if (problems.length === 0) {
    sheet.getRange('A2').values = [[message('SHEET_NO_PROBLEMS', {}, locale)]];
  }
  sheet.getRange(blockAddress(1, 1, 1, width + 1)).format.font.bold = true;
  sheet.getRange('E:E').format.columnWidth = 320;
  sheet.getRange('C:D').format.columnWidth = 90;
  sheet.freezePanes.freezeRows(1);
}

/**
 * The hidden lists sheet and its named ranges: looked up in the read phase, then written (created
 * or refreshed) in the write phase. Each list gets a workbook name the dropdowns refer to.
 */
function probeLists(ctx: Excel.RequestContext, lists: readonly ListColumn[]): { write(): void } {
  const workbook = ctx.workbook;
  const existing = workbook.worksheets.getItemOrNullObject(LISTS_SHEET);
  existing.load('isNullObject');
  const names = lists.map((list) => {
    const item = workbook.names.getItemOrNullObject(list.name);
    item.load('isNullObject');
    return { list, item };
  });
  return {
    write() {
      let sheet: Excel.Worksheet;
      if (existing.isNullObject) {
        sheet = workbook.worksheets.add(LISTS_SHEET);
        sheet.visibility = 'Hidden';
      } else {
        sheet = existing;
        sheet.getRange().clear('Contents');
      }
      const height = Math.max(...lists.map((l) => l.values.length)) + 1;
      const grid: Cell[][] = Array.from({ length: height }, (_, r) =>
        lists.map((list) => (r === 0 ? list.header : (list.values[r - 1] ?? ''))),
      );
      const block = sheet.getRange(blockAddress(1, 1, height, lists.length));
      block.numberFormat = grid.map((row) => row.map(() => TEXT_FORMAT));
      block.values = grid;
      names.forEach(({ list, item }, c) => {
        const formula = `=${sheetReference(LISTS_SHEET, absoluteBlock(2, c + 1, list.values.length, 1))}`;
        if (item.isNullObject) workbook.names.add(list.name, formula);
        else item.formula = formula;
      });
    },
  };
}

/**
 * Checks a ledger sheet again and shows the result: `check` gets the sheet as read and returns its
 * issues (the shared rules, or the server's row errors placed on the sheet); old highlights and
 * notes are cleared and the problem list rewritten. Two syncs.
 */
export async function revalidate(
  ctx: Excel.RequestContext,
  sheetName: string,
  columns: readonly PlanColumn[],
  check: (sheet: SheetInput) => SheetIssue[],
  options: { caps: Capabilities; locale?: 'zh' | 'en' },
): Promise<{ issues: SheetIssue[]; rows: number }> {
  const { caps } = options;
  const workbook = ctx.workbook;
  const sheet = workbook.worksheets.getItem(sheetName);
  const used = sheet.getUsedRange(false);
  used.load('values, numberFormat, rowCount, columnCount');
  const notes = caps.notes ? sheet.notes : null;
  notes?.load('items');
  const problemsName = problemsSheetName(sheetName);
  const problems = workbook.worksheets.getItemOrNullObject(problemsName);
  problems.load('isNullObject');
  await ctx.sync();

  const read: SheetInput = {
    values: used.values as Cell[][],
    numberFormat: used.numberFormat as string[][],
  };
  const issues = check(read);
  // The clerk may have moved columns: place marks by the headers the sheet has now.
  const placed = (read.values[0] ?? []).map(
    (header) =>
      columns.find((c) => c.header === String(header ?? '').trim()) ?? {
        ...UNKNOWN_COLUMN,
        header: String(header ?? ''),
      },
  );
  const { marks, problems: entries } = planMarks(placed, issues);
  const bodyRows = used.rowCount - 1;
  if (bodyRows > 0) {
    const bodyRange = sheet.getRange(blockAddress(2, 1, bodyRows, used.columnCount));
    bodyRange.format.fill.clear();
    bodyRange.format.font.color = '#000000';
  }
  for (const note of notes?.items ?? []) note.delete();
  markCells(sheet, marks, caps);
  let problemSheet: Excel.Worksheet;
  if (problems.isNullObject) problemSheet = workbook.worksheets.add(problemsName);
  else {
    problemSheet = problems;
    problemSheet.getRange().clear('All');
  }
  writeProblems(problemSheet, sheetName, entries, options.locale);
  await ctx.sync();
  return { issues, rows: bodyRows };
}
