/**
 * Reading a standard ledger sheet back, as the clerk has edited it: checking it again with the
 * same rules, unit names turned back into the codes beside them, and the server's row issues
 * placed on the cells they concern.
 */
import {
  type ConvertContext,
  type ConvertResult,
  convertSheet,
  type SheetInput,
} from '../../shared/convert/index.ts';
import { message } from '../../shared/i18n.ts';
import { LEDGERS, type LedgerKind } from '../../shared/ledgers/index.ts';
import { type OrgTree, shortUnitName, unitLabel } from '../../shared/org.ts';
import { asCell, codeColumns } from './ledger-columns.ts';
import type { SheetIssue } from './plan.ts';

/** Column (1-based) of each header on a ledger sheet's first row. */
function headerColumns(sheet: SheetInput): Map<string, number> {
  const header = sheet.values[0] ?? [];
  return new Map(header.map((cell, i) => [String(cell ?? '').trim(), i + 1]));
}

function sourceRowOf(sheet: SheetInput, row: number, column: number | undefined): number | null {
  if (column === undefined) return null;
  const cell = sheet.values[row - 1]?.[column - 1];
  return typeof cell === 'number' ? cell : null;
}

/**
 * Checks a standard ledger sheet again, as the clerk has edited it: the same conversion, told the
 * kind and that the header is row 1, so the same rules judge typed and converted values alike.
 */
export function checkLedgerSheet(
  sheet: SheetInput,
  kind: LedgerKind,
  ctx: Omit<ConvertContext, 'kind' | 'headerRow'>,
): { converted: ConvertResult; issues: SheetIssue[] } {
  const converted = convertSheet(withUnitCodes(sheet, kind, ctx.org, ctx.unit), {
    ...ctx,
    kind,
    headerRow: 1,
  });
  const sourceColumn = headerColumns(sheet).get(message('SHEET_SOURCE_ROW', {}, 'zh'));
  const issues = converted.rows.flatMap((row) =>
    row.errors.map((error) => ({
      row: row.row,
      field: error.field,
      message: error.message,
      original: asCell(row.original[error.field]),
      sourceRow: sourceRowOf(sheet, row.row, sourceColumn),
    })),
  );
  return { converted, issues };
}

/**
 * The sheet as the converter should read it: each unit name replaced by the code the hidden code
 * column carries beside it while the two still agree; a name the clerk changed (from the dropdown
 * or typed) by the one unit of that name the submitting unit may write; anything else left as
 * written for the rules to judge. The code columns themselves are left out.
 */
export function withUnitCodes(
  sheet: SheetInput,
  kind: LedgerKind,
  org: OrgTree,
  unit: string,
): SheetInput {
  const columns = headerColumns(sheet);
  const labels = new Map(LEDGERS[kind].fields.map((f) => [f.key, f.label.zh]));
  const pairs = codeColumns(kind).flatMap((code) => {
    const named = columns.get(labels.get(code.codeOf!) ?? '');
    const coded = columns.get(code.header);
    return named === undefined ? [] : [{ named: named - 1, coded: coded && coded - 1 }];
  });
  const dropped = new Set(
    codeColumns(kind).flatMap((code) => {
      const index = columns.get(code.header);
      return index === undefined ? [] : [index - 1];
    }),
  );
  if (pairs.length === 0 && dropped.size === 0) return sheet;
  const inScope = unitsByLabel(org, unit);
  const keep = <T>(row: readonly T[]) => row.filter((_, c) => !dropped.has(c));
  const values = sheet.values.map((row, r) => {
    if (r === 0) return keep(row);
    const out = [...row];
    for (const { named, coded } of pairs) {
      const text = String(row[named] ?? '').trim();
      if (text === '') continue;
      const code = coded === undefined ? '' : String(row[coded] ?? '').trim();
      const carried = code ? org.get(code) : null;
      if (carried && [carried.code, carried.name, unitLabel(org, carried.code)].includes(text)) {
        out[named] = carried.code;
      } else {
        const found = inScope.get(text);
        if (found) out[named] = found;
      }
    }
    return keep(out);
  });
  return {
    ...sheet,
    values,
    ...(sheet.numberFormat ? { numberFormat: sheet.numberFormat.map(keep) } : {}),
  };
}

/**
 * The units a unit may write, by full and short name: those below it and its district's
 * departments. A name two of them share maps to nothing (the rules then judge the text).
 */
function unitsByLabel(org: OrgTree, unit: string): Map<string, string> {
  const district = org.districtOf(unit)?.code;
  const units = [
    ...org.subtree(unit),
    ...(district ? org.children(district).filter((u) => u.kind === 'department') : []),
  ];
  const byLabel = new Map<string, string | null>();
  for (const u of units) {
    for (const label of new Set([u.name, shortUnitName(u.name)])) {
      const seen = byLabel.get(label);
      byLabel.set(label, seen === undefined || seen === u.code ? u.code : null);
    }
  }
  return new Map([...byLabel].filter((entry): entry is [string, string] => entry[1] !== null));
}

/** The server's row issues placed on the sheet the rows were read from (row = sheet row). */
export function placeIssues(
  sheet: SheetInput,
  kind: LedgerKind,
  issues: readonly { row: number; field: string; message: string }[],
): SheetIssue[] {
  const columns = headerColumns(sheet);
  const sourceColumn = columns.get(message('SHEET_SOURCE_ROW', {}, 'zh'));
  const labels = new Map(LEDGERS[kind].fields.map((f) => [f.key, f.label.zh]));
  return issues.map((issue) => {
    const column = columns.get(labels.get(issue.field) ?? '');
    return {
      row: issue.row,
      field: issue.field,
      message: issue.message,
      original: column === undefined ? null : (sheet.values[issue.row - 1]?.[column - 1] ?? null),
      sourceRow: sourceRowOf(sheet, issue.row, sourceColumn),
    };
  });
}
