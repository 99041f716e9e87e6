import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readOrgFile } from '../../cli/org.ts';
import { readWorkbook } from '../../cli/xlsx.ts';
import { type Cell, convertSheet, type SheetInput } from '../../shared/convert/index.ts';
import { LEDGERS, type LedgerKind } from '../../shared/ledgers/index.ts';
import { buildOrgTree } from '../../shared/org.ts';
import { FakeExcel } from '../../test/excel/fake-excel.ts';
import { ALL_CAPABILITIES, type Capabilities } from './capabilities.ts';
import { blockAddress, cellAddress } from './cells.ts';
import { revalidate, writeLedgerSheet } from './ledger.ts';
import {
  checkLedgerSheet,
  ledgerColumns,
  listColumns,
  MARK_FILL,
  planLedgerSheet,
  planTemplate,
  toCell,
  unitLabel,
} from './plan.ts';
import { readSheet } from './sheet-read.ts';

const SAMPLES = path.resolve(import.meta.dirname, '../../../shared/samples');
const org = readOrgFile();
const areasOf = (unit: string) =>
  org
    .subtree(unit)
    .filter((u) => u.kind === 'residential')
    .map((u) => unitLabel(org, u.code));

interface Expected {
  kind: LedgerKind;
  submittingUnit: string;
  asOf: string;
  rows: { row: number; values: Record<string, unknown>; errors: { field: string }[] }[];
}

function fakeWith(name: string, sheet: SheetInput): FakeExcel {
  return new FakeExcel([
    {
      name,
      values: sheet.values,
      ...(sheet.numberFormat ? { numberFormat: sheet.numberFormat } : {}),
      merges: (sheet.merges ?? []).map((m) =>
        blockAddress(m.row, m.column, m.rowCount, m.columnCount),
      ),
    },
  ]);
}

/** The whole flow the 转换 panel runs: read, convert, write. */
async function convertInExcel(
  excel: FakeExcel,
  ctx: { unit: string; asOf: string },
  caps: Capabilities = ALL_CAPABILITIES,
) {
  const read = await readSheet(excel.context, caps);
  const converted = convertSheet(read.sheet, {
    org,
    ...ctx,
    firstRow: read.firstRow,
    firstColumn: read.firstColumn,
  });
  const plan = planLedgerSheet(converted, { areas: areasOf(ctx.unit), org });
  const written = await writeLedgerSheet(excel.context, plan, {
    caps,
    lists: listColumns(areasOf(ctx.unit)),
  });
  return { converted, plan, ...written };
}

describe.each([
  'changbai-cases-2026',
  'shangli-households-2026',
  'changbai-visits-2026',
  'yangpu-evaluations-2026',
])('converting sample %s in Excel', async (name) => {
  const expected: Expected = JSON.parse(
    readFileSync(path.join(SAMPLES, `${name}.expected.json`), 'utf8'),
  );
  const input = await readWorkbook(path.join(SAMPLES, `${name}.xlsx`));
  const ctx = { unit: expected.submittingUnit, asOf: expected.asOf };
  const excel = fakeWith('原表', input);
  const before = structuredClone([...excel.sheet('原表').cells]);
  const { plan, sheetName, problemsSheet } = await convertInExcel(excel, ctx);
  const ledger = excel.sheet(sheetName);
  const fields = LEDGERS[expected.kind].fields;
  const sheetRowOf = new Map(plan.body.map((row, i) => [row[fields.length], i + 2]));

  it('writes a new sheet right after the original and leaves the original as it was', () => {
    expect(excel.sheets.map((s) => s.name).slice(0, 2)).toEqual(['原表', sheetName]);
    expect(ledger.position).toBe(1);
    expect([...excel.sheet('原表').cells]).toEqual(before);
    expect(excel.activeSheet).toBe(sheetName);
  });

  it('heads the table with the canonical Chinese headers and freezes them', () => {
    const units = fields.filter((f) => f.type === 'unit');
    const width = fields.length + 1 + units.length;
    expect(excel.values(sheetName, blockAddress(1, 1, 1, width))[0]).toEqual([
      ...fields.map((f) => f.label.zh),
      '原表行',
      ...units.map((f) => `${f.label.zh}代码`),
    ]);
    // The code columns ride along hidden: a clerk sees names only.
    expect([...ledger.hiddenColumns].sort((a, b) => a - b)).toEqual(
      units.map((_, i) => fields.length + 2 + i),
    );
    expect(ledger.tables).toHaveLength(1);
    expect(ledger.tables[0]!.address).toBe(blockAddress(1, 1, plan.body.length + 1, width));
    expect(ledger.frozenRows).toBe(1);
  });

  it('writes every clean row with its canonical values', () => {
    const clean = expected.rows.filter((r) => r.errors.length === 0);
    expect(clean.length).toBeGreaterThan(5);
    for (const want of clean) {
      const sheetRow = sheetRowOf.get(want.row)!;
      const got = excel.values(sheetName, blockAddress(sheetRow, 1, 1, fields.length))[0];
      const wanted = fields.map((f) => {
        const cell = toCell(f, want.values[f.key], org);
        return cell === null ? '' : cell;
      });
      expect({ row: want.row, cells: got }).toEqual({ row: want.row, cells: wanted });
    }
  });

  it('highlights every rejected cell with a note and lists it with a link', () => {
    const rejected = expected.rows.flatMap((r) => r.errors.map((e) => ({ row: r.row, ...e })));
    if (rejected.length === 0) {
      expect(plan.marks).toEqual([]);
      expect(excel.values(problemsSheet, 'A2')).toEqual([['没有问题']]);
      return;
    }
    for (const { row, field } of rejected) {
      const column = fields.findIndex((f) => f.key === field) + 1;
      const address = cellAddress(sheetRowOf.get(row)!, column);
      expect(ledger.cells.get(address)?.fill, `${row} ${field}`).toBe(MARK_FILL);
      expect(ledger.notes.get(address), `${row} ${field}`).toMatch(/\S/);
    }
    const problems = excel.sheet(problemsSheet);
    const listed = excel.values(problemsSheet, `A2:B${plan.problems.length + 1}`);
    for (const { row } of rejected) {
      expect(
        listed.some(([sourceRow]) => sourceRow === row),
        String(row),
      ).toBe(true);
    }
    const link = problems.cells.get(cellAddress(2, 6))?.formula ?? '';
    expect(link).toMatch(new RegExp(`^=HYPERLINK\\("#'${sheetName}'!${plan.problems[0]!.cell}"`));
  });

  it('validates every column: lists from the hidden sheet, dates, numbers and lengths', () => {
    const byColumn = new Map(ledger.validations.map((v) => [v.address.replace(/\d+/g, ''), v]));
    fields.forEach((field, i) => {
      const letter = cellAddress(1, i + 1).replace('1', '');
      const validation = byColumn.get(`${letter}:${letter}`);
      expect(validation, field.key).toBeDefined();
      const rule = validation!.rule;
      if (field.type === 'enum') {
        const name = String(rule.list?.source).slice(1);
        const reference = excel.names.get(name)!;
        expect(reference).toMatch(/^='_lists'!\$[A-Z]+\$2:\$[A-Z]+\$\d+$/);
        const listed = excel.values('_lists', reference.slice(11).replace(/\$/g, '')).flat();
        expect(listed).toEqual([...field.values!]);
      }
      if (field.type === 'date') expect(rule.date).toBeDefined();
      if (field.type === 'int') {
        expect(rule.wholeNumber).toMatchObject({ formula1: field.min, formula2: field.max });
      }
      if (field.type === 'text') expect(rule.textLength?.formula2).toBe(field.maxLength ?? 200);
    });
    expect(excel.sheet('_lists').visibility).toBe('Hidden');
  });

  it('formats date columns as dates and never writes a formula', () => {
    fields.forEach((field, i) => {
      if (field.type !== 'date') return;
      const cells = plan.body.map((_, r) => ledger.cells.get(cellAddress(r + 2, i + 1)));
      const dated = cells.filter((c) => typeof c?.value === 'number');
      for (const cell of dated) expect(cell!.format).toBe('yyyy-mm-dd');
    });
    expect([...ledger.cells.values()].filter((c) => c.formula !== undefined)).toEqual([]);
  });
});

/** A case ledger of `n` rows, every tenth with a bad phone, one summary that looks like a formula. */
function caseSheet(n: number): SheetInput {
  const header = LEDGERS.case.fields.map((f) => f.label.zh);
  const rows: Cell[][] = [['长白新村街道一事一表（2026年）'], header];
  for (let i = 1; i <= n; i++) {
    rows.push([
      `CB-${i}`,
      '2026-03-05',
      '来电',
      '匿名',
      i % 10 === 0 ? '12345' : '13912345678',
      '安波路1号',
      'YP-CB-001',
      '环境卫生',
      i === 1 ? '=HYPERLINK("http://x","点我")' : i === 2 ? '-楼道堆物' : '楼道堆物',
      '陆建华',
      '',
      // 派单日期, 承办人, 办理方案: not dispatched.
      '',
      '',
      '',
      '办理中',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
    ]);
  }
  return { values: rows };
}

describe('writing a ledger sheet', () => {
  const ctx = { unit: 'YP-CB', asOf: '2026-11-16' };

  it('syncs as often for 10,000 rows as for 100', async () => {
    const small = fakeWith('原表', caseSheet(100));
    await convertInExcel(small, ctx);
    const large = fakeWith('原表', caseSheet(10_000));
    const { plan } = await convertInExcel(large, ctx);
    expect(plan.body).toHaveLength(10_000);
    expect(plan.marks).toHaveLength(1_000);
    expect(small.syncs).toBeGreaterThan(0);
    expect(large.syncs).toBe(small.syncs);
  });

  it('keeps text that starts with = or - as text, never as a formula', async () => {
    const excel = fakeWith('原表', caseSheet(3));
    const { sheetName } = await convertInExcel(excel, ctx);
    const summary = LEDGERS.case.fields.findIndex((f) => f.key === 'summary') + 1;
    const first = excel.cell(sheetName, cellAddress(2, summary))!;
    expect(first).toMatchObject({ value: '=HYPERLINK("http://x","点我")', format: '@' });
    expect(first.formula).toBeUndefined();
    expect(excel.cell(sheetName, cellAddress(3, summary))).toMatchObject({ value: '-楼道堆物' });
  });

  it('still highlights and lists problems where the host has no data validation or notes', async () => {
    const excel = fakeWith('原表', caseSheet(20));
    const caps = { dataValidation: false, notes: false, mergedAreas: false };
    const { sheetName, problemsSheet, plan } = await convertInExcel(excel, ctx, caps);
    const ledger = excel.sheet(sheetName);
    expect(ledger.validations).toEqual([]);
    expect(ledger.notes.size).toBe(0);
    expect(plan.marks).toHaveLength(2);
    for (const mark of plan.marks) {
      expect(ledger.cells.get(cellAddress(mark.row, mark.column))?.fill).toBe(MARK_FILL);
    }
    expect(excel.values(problemsSheet, 'B2:B3').flat()).toEqual([11, 21]);
    expect(excel.sheets.some((s) => s.name === '_lists')).toBe(false);
  });

  it('writes a second ledger of the same kind under a new name, reusing the lists', async () => {
    const excel = fakeWith('原表', caseSheet(5));
    const first = await convertInExcel(excel, ctx);
    excel.activeSheet = '原表';
    const second = await convertInExcel(excel, ctx);
    expect(second.sheetName).toBe(`${first.sheetName} (2)`);
    expect(second.problemsSheet).not.toBe(first.problemsSheet);
    expect(excel.sheets.filter((s) => s.name === '_lists')).toHaveLength(1);
  });

  it('writes a blank template with validation over its empty rows', async () => {
    const excel = new FakeExcel([{ name: 'Sheet1', values: [] }]);
    const plan = planTemplate('visit');
    const { sheetName } = await writeLedgerSheet(excel.context, plan, {
      caps: ALL_CAPABILITIES,
      lists: listColumns(),
    });
    const sheet = excel.sheet(sheetName);
    expect(excel.values(sheetName, 'A1:B1')[0]).toEqual(['走访日期', '走访干部']);
    expect(sheet.validations[0]!.address).toBe('A2:A501');
    expect(sheet.cells.get('A501')?.format).toBe('yyyy-mm-dd');
  });
});

describe('cells as Excel leaves them', () => {
  const ctx = { unit: 'YP-CB', asOf: '2026-11-16' };

  it('writes a landline from a number cell with its zero back and marks what stays an error', async () => {
    const header = ['编号', '受理日期', '反映人', '联系电话', '诉求内容', '首问责任人'];
    const values: Cell[][] = [
      ['长白新村街道一事一表（2026年）', '', '', '', '', ''],
      header,
      ['A-1', '2026-03-05', '王', 2165432100, '路灯', '李'],
      ['A-2', '2026-03-05', '张', '2165432100', '路灯', '李'],
      ['A-3', '2026-03-05', '赵', 1012345678, '路灯', '李'],
      ['A-4', '3/5', '钱', '13912345678', '路灯', '李'],
    ];
    // As Excel reports them: the phone column formatted as a number, except the one typed as text.
    const numberFormat = values.map((row, r) =>
      row.map((_, c) => (c === 3 && r !== 3 ? '0' : '@')),
    );
    const excel = fakeWith('原表', { values, numberFormat });
    const { sheetName, plan } = await convertInExcel(excel, ctx);
    const fields = LEDGERS.case.fields;
    const phone = fields.findIndex((f) => f.key === 'reporterPhone') + 1;
    const received = fields.findIndex((f) => f.key === 'receivedOn') + 1;
    expect(excel.cell(sheetName, cellAddress(2, phone))?.value).toBe('021-65432100');
    const ledger = excel.sheet(sheetName);
    expect(ledger.cells.get(cellAddress(2, phone))?.fill).toBeUndefined();
    for (const row of [3, 4]) {
      expect(ledger.cells.get(cellAddress(row, phone))?.fill).toBe(MARK_FILL);
      expect(ledger.notes.get(cellAddress(row, phone))).toMatch(/不是有效电话/);
    }
    expect(ledger.notes.get(cellAddress(5, received))).toMatch(/「3\/5」.*不明确/);
    expect(plan.marks).toHaveLength(3);
  });
});

describe('checking a ledger sheet again', () => {
  const ctx = { unit: 'YP-CB', asOf: '2026-11-16' };

  it('clears the highlight and note of a fixed cell and keeps the others', async () => {
    const excel = fakeWith('原表', caseSheet(20));
    const { sheetName, problemsSheet, plan } = await convertInExcel(excel, ctx);
    const [fixed, kept] = plan.marks;
    const address = cellAddress(fixed!.row, fixed!.column);
    excel.type(sheetName, address, '13812345678');
    const syncsBefore = excel.syncs;
    const columns = ledgerColumns('case', {}, true);
    const result = await revalidate(
      excel.context,
      sheetName,
      columns,
      (sheet) => checkLedgerSheet(sheet, 'case', { org, ...ctx }).issues,
      { caps: ALL_CAPABILITIES },
    );
    expect(excel.syncs - syncsBefore).toBe(2);
    expect(result.issues).toHaveLength(1);
    const ledger = excel.sheet(sheetName);
    expect(ledger.cells.get(address)?.fill).toBeUndefined();
    expect(ledger.notes.has(address)).toBe(false);
    const keptAddress = cellAddress(kept!.row, kept!.column);
    expect(ledger.cells.get(keptAddress)?.fill).toBe(MARK_FILL);
    expect(ledger.notes.get(keptAddress)).toMatch(/联系电话/);
    // Left: the row on the original sheet (below its title and header); right: on this sheet.
    expect(excel.values(problemsSheet, 'A2:B3')).toEqual([
      [22, 21],
      ['', ''],
    ]);
  });
});

describe('the standard sheet in the clerk’s words', () => {
  const ctx = { unit: 'YP-CB', asOf: '2026-11-16' };
  const fields = LEDGERS.case.fields;
  const column = (key: string) => fields.findIndex((f) => f.key === key) + 1;
  const codeColumn = (key: string) =>
    fields.length + 2 + fields.filter((f) => f.type === 'unit').findIndex((f) => f.key === key);

  /** Two cases, one written with its area's code, one with its name; the second dispatched. */
  function sheet(): SheetInput {
    const { values } = caseSheet(2);
    values[2]![column('area') - 1] = 'YP-CB-003';
    values[3]![column('area') - 1] = '长白一村居民区';
    values[3]![column('dispatchedOn') - 1] = '2026-03-06';
    values[3]![column('assignee') - 1] = '区房管局';
    return { values };
  }

  async function recheck(excel: FakeExcel, sheetName: string) {
    let issues: ReturnType<typeof checkLedgerSheet> | null = null;
    await revalidate(
      excel.context,
      sheetName,
      ledgerColumns('case', {}, true),
      (read) => {
        issues = checkLedgerSheet(read, 'case', { org, ...ctx });
        return issues.issues;
      },
      { caps: ALL_CAPABILITIES },
    );
    return issues!;
  }

  it('shows areas and departments by name, with each code in a hidden column beside', async () => {
    const excel = fakeWith('原表', sheet());
    const { sheetName } = await convertInExcel(excel, ctx);
    const at = (row: number, col: number) => excel.cell(sheetName, cellAddress(row, col))?.value;
    expect([at(2, column('area')), at(3, column('area'))]).toEqual(['上理', '长白一村']);
    expect(at(3, column('assignee'))).toBe('区房管局');
    expect([at(2, codeColumn('area')), at(3, codeColumn('area'))]).toEqual([
      'YP-CB-003',
      'YP-CB-001',
    ]);
    expect(at(3, codeColumn('assignee'))).toBe('YP-D-FG');
    expect(excel.sheet(sheetName).hiddenColumns.has(codeColumn('area'))).toBe(true);
    // The area dropdown lists the names of the sub-district's five areas.
    const rule = excel
      .sheet(sheetName)
      .validations.find((v) => v.address.startsWith(cellAddress(2, column('area'))));
    const reference = excel.names.get(String(rule?.rule.list?.source).slice(1))!;
    const listed = excel.values('_lists', reference.slice(11).replace(/\$/g, '')).flat();
    expect(listed).toEqual(['长白一村', '长白二村', '上理', '太丁', '长白228街坊']);
  });

  it('reads the names back as the codes the server needs when checked again', async () => {
    const excel = fakeWith('原表', sheet());
    const { sheetName } = await convertInExcel(excel, ctx);
    const { converted, issues } = await recheck(excel, sheetName);
    expect(issues).toEqual([]);
    expect(converted.rows.map((r) => [r.values.area, r.values.assignee])).toEqual([
      ['YP-CB-003', null],
      ['YP-CB-001', 'YP-D-FG'],
    ]);
  });

  it('follows a name the clerk picks instead, and marks one outside the sub-district', async () => {
    const excel = fakeWith('原表', sheet());
    const { sheetName } = await convertInExcel(excel, ctx);
    // The hidden code still says 上理 (YP-CB-003); the name picked from the dropdown wins.
    excel.type(sheetName, cellAddress(2, column('area')), '太丁');
    // 国定一 is an area of 五角场街道, not of 长白新村街道.
    excel.type(sheetName, cellAddress(3, column('area')), '国定一');
    const { converted, issues } = await recheck(excel, sheetName);
    expect(converted.rows[0]!.values.area).toBe('YP-CB-004');
    expect(issues.map((i) => [i.row, i.field])).toEqual([[3, 'area']]);
    expect(excel.cell(sheetName, cellAddress(3, column('area')))?.fill).toBe(MARK_FILL);
  });

  it('tells two areas of the same name apart by the code beside each', () => {
    // Two sub-districts each with a 新村 (names repeat across a district; codes never do).
    const twins = buildOrgTree([
      { code: 'D', name: '某区', kind: 'district', parent: null },
      { code: 'D-A', name: '甲街道', kind: 'subdistrict', parent: 'D' },
      { code: 'D-B', name: '乙街道', kind: 'subdistrict', parent: 'D' },
      { code: 'D-A-1', name: '新村居民区', kind: 'residential', parent: 'D-A' },
      { code: 'D-B-1', name: '新村居民区', kind: 'residential', parent: 'D-B' },
    ]);
    const header = [...ledgerColumns('household', {}, true).map((c) => c.header)];
    const areaAt = header.indexOf('居民区');
    const codeAt = header.indexOf('居民区代码');
    const row = (code: string): Cell[] =>
      header.map((_, i) =>
        i === areaAt ? '新村' : i === codeAt ? code : i === 0 ? `H-${code}` : '',
      );
    const read: SheetInput = { values: [header, row('D-B-1'), row('D-A-1')] };
    const { converted } = checkLedgerSheet(read, 'household', {
      org: twins,
      unit: 'D',
      asOf: '2026-11-16',
    });
    expect(converted.rows.map((r) => r.values.area)).toEqual(['D-B-1', 'D-A-1']);
  });
});
