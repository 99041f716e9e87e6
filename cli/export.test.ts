import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { convertSheet } from '../shared/convert/index.ts';
import { ledgerWorkbook } from './export.ts';
import { readOrgFile } from './org.ts';
import { readWorkbook } from './xlsx.ts';

const hostile = {
  caseNo: '=1+1',
  receivedOn: '2026-03-01',
  channel: '来电',
  reporterName: '@SUM(A1:A9)',
  reporterPhone: '13912345678',
  address: '+cmd|" /C calc"!A0',
  area: 'YP-CB-001',
  category: '其他',
  summary: '=HYPERLINK("http://evil.example","点我")',
  firstReceiver: '-2+3',
  assignee: null,
  status: '已受理',
  repliedOn: null,
  resolvedOn: null,
  result: null,
  signedOff: null,
  revisitOn: null,
  satisfaction: '未评价',
  remarks: null,
};

describe('exported ledgers', () => {
  it('write text that starts with = + - @ as text, never as a formula', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'minqing-export-')), 'cases.xlsx');
    await ledgerWorkbook('case', [hostile]).xlsx.writeFile(file);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const row = workbook.worksheets[0]!.getRow(2);
    const cells: ExcelJS.Cell[] = [];
    row.eachCell((cell) => cells.push(cell));
    expect(cells.some((cell) => cell.type === ExcelJS.ValueType.Formula)).toBe(false);
    expect(row.getCell(1).value).toBe('=1+1');
    expect(row.getCell(9).value).toBe('=HYPERLINK("http://evil.example","点我")');
  });

  it('convert back to the same canonical records', async () => {
    const record = {
      ...hostile,
      caseNo: 'CB-1',
      status: '已办结',
      repliedOn: '2026-03-02',
      resolvedOn: '2026-03-05',
      result: '已处理',
      signedOff: true,
    };
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'minqing-export-')), 'cases.xlsx');
    await ledgerWorkbook('case', [record], readOrgFile()).xlsx.writeFile(file);
    const result = convertSheet(await readWorkbook(file), {
      org: readOrgFile(),
      unit: 'YP-CB',
      asOf: '2026-11-16',
    });
    expect(result.rows[0]).toMatchObject({ errors: [], values: record });
  });

  it('show areas by name as a clerk writes them, the code hidden at the end', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'minqing-export-')), 'cases.xlsx');
    await ledgerWorkbook('case', [{ ...hostile, area: 'YP-CB-003' }], readOrgFile()).xlsx.writeFile(
      file,
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const sheet = workbook.worksheets[0]!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    const at = (name: string) => header.indexOf(name) + 1;
    expect(sheet.getRow(2).getCell(at('居民区')).value).toBe('上理');
    expect(sheet.getRow(2).getCell(at('居民区代码')).value).toBe('YP-CB-003');
    expect(sheet.getColumn(at('居民区代码')).hidden).toBe(true);
    expect(sheet.getColumn(at('居民区')).hidden).toBe(false);
  });
});
