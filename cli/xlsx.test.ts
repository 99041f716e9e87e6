import { copyFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { messyCaseSheet } from '../bench/convert.ts';
import { convertSheet, parseMergedAreas, type SheetInput } from '../shared/convert/index.ts';
import { timeToSerial } from '../shared/normalize.ts';
import { hasLibreOffice } from './libreoffice.ts';
import { readOrgFile } from './org.ts';
import { runCli } from './run-in-process.ts';
import { readWorkbook } from './xlsx.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../test/fixtures');
const SAMPLES = path.resolve(import.meta.dirname, '../../shared/samples');
const org = readOrgFile();
const LIBREOFFICE = await hasLibreOffice();
// Each LibreOffice start takes seconds, more on a busy machine.
const SLOW = 240_000;

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), 'minqing-test-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

async function records(file: string, read = readWorkbook) {
  const result = convertSheet(await read(file), {
    org,
    unit: 'YP-CB',
    asOf: '2026-11-16',
  });
  return {
    headerRow: result.headerRow,
    titleYear: result.titleYear,
    ignoredRows: result.ignoredRows,
    rows: result.rows.map(({ row, values, errors }) => ({ row, values, errors })),
  };
}

/** Runs `minqing convert` on a file; the clerk reads stderr and the exit code. */
const convert = (file: string, ...flags: string[]) =>
  runCli(['convert', file, '--unit', 'YP-CB', '--as-of', '2026-11-16', ...flags]);

/**
 * The reader the CLI had before it streamed: exceljs's model of the whole workbook, each cell of the
 * first sheet read through it, merged areas' other cells blank. The streaming reader must convert
 * every workbook to exactly what this gave.
 */
async function readWhole(file: string): Promise<SheetInput> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  const sheet = workbook.worksheets[0]!;
  const plain = (value: ExcelJS.CellValue): string | number | boolean => {
    if (value === null || value === undefined) return '';
    if (value instanceof Date) return timeToSerial(value.getTime());
    if (typeof value !== 'object') return value;
    if ('richText' in value) return value.richText.map((part) => part.text).join('');
    if ('result' in value) return plain(value.result as ExcelJS.CellValue);
    if ('text' in value) return String(value.text);
    if ('error' in value) return String(value.error);
    return '';
  };
  const values: (string | number | boolean)[][] = [];
  const numberFormat: string[][] = [];
  for (let r = 1; r <= (sheet.actualRowCount === 0 ? 0 : sheet.rowCount); r++) {
    const row = sheet.getRow(r);
    values.push([]);
    numberFormat.push([]);
    for (let c = 1; c <= sheet.columnCount; c++) {
      const cell = row.getCell(c);
      values
        .at(-1)!
        .push(cell.isMerged && cell.master.address !== cell.address ? '' : plain(cell.value));
      numberFormat
        .at(-1)!
        .push(cell.value instanceof Date ? 'yyyy-mm-dd' : (cell.numFmt ?? 'General'));
    }
  }
  return { values, numberFormat, merges: parseMergedAreas(sheet.model.merges.join(',')) };
}

describe('the streaming reader', () => {
  it('converts every sample and the legacy fixture exactly as the whole-workbook reader did', async () => {
    const files = [
      ...(await readdir(SAMPLES))
        .filter((name) => name.endsWith('.xlsx'))
        .map((name) => path.join(SAMPLES, name)),
      path.join(FIXTURES, 'legacy-ledger.xlsx'),
    ];
    expect(files.length).toBeGreaterThanOrEqual(5);
    for (const file of files) {
      const streamed = await readWorkbook(file);
      const whole = await readWhole(file);
      expect(streamed.values, path.basename(file)).toEqual(whole.values);
      expect(await records(file), path.basename(file)).toEqual(await records(file, readWhole));
    }
  });

  it('reads an intact workbook whose first read fails as the library now and then fails it', async () => {
    const file = path.join(FIXTURES, 'legacy-ledger.xlsx');
    const expected = await readWorkbook(file);
    // The library's failure when it reads a workbook's part as nothing.
    const failing = function (this: object) {
      return {
        async *[Symbol.asyncIterator]() {
          yield* [];
          throw new TypeError("Cannot read properties of undefined (reading 'sheets')");
        },
      };
    } as unknown as typeof ExcelJS.stream.xlsx.WorkbookReader;
    const reader = vi.spyOn(ExcelJS.stream.xlsx, 'WorkbookReader').mockImplementationOnce(failing);
    try {
      expect(await readWorkbook(file)).toEqual(expected);
      expect(reader).toHaveBeenCalledTimes(2);
    } finally {
      reader.mockRestore();
    }
  });

  it('gives each row of a merged 居民区 cell its value, and a merged title its year', async () => {
    const file = path.join(folder, 'merged.xlsx');
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('台账');
    for (const row of messyCaseSheet(6)) sheet.addRow(row);
    sheet.mergeCells('A1:S1');
    // 居民区 (column G) written once for the first three cases, as clerks do on paper.
    sheet.getCell('G4').value = '上理居民区';
    sheet.mergeCells('G4:G6');
    sheet.getCell('B7').value = new Date(Date.UTC(2026, 2, 5));
    await workbook.xlsx.writeFile(file);

    const streamed = await readWorkbook(file);
    expect(streamed.merges).toEqual([
      { row: 1, column: 1, rowCount: 1, columnCount: 19 },
      { row: 4, column: 7, rowCount: 3, columnCount: 1 },
    ]);
    const converted = await records(file);
    expect(converted.titleYear).toBe(2026);
    expect(converted.rows.slice(0, 4).map((r) => [r.values.caseNo, r.values.area])).toEqual([
      ['CB-0', 'YP-CB-003'],
      ['CB-1', 'YP-CB-003'],
      ['CB-2', 'YP-CB-003'],
      ['CB-3', 'YP-CB-004'],
    ]);
    expect(converted.rows[3]!.values.receivedOn).toBe('2026-03-05');
    expect(converted).toEqual(await records(file, readWhole));
  });
});

describe('the .xlsx twin of the legacy fixtures', () => {
  it('converts to the records the fixture was written with', async () => {
    const twin = await records(path.join(FIXTURES, 'legacy-ledger.xlsx'));
    expect(twin.ignoredRows.map((r) => r.reason)).toEqual([
      'BLANK_ROW',
      'TOTALS_ROW',
      'FOOTER_ROW',
    ]);
    expect(
      twin.rows.map((r) => [r.values.caseNo, r.values.receivedOn, r.values.reporterPhone]),
    ).toEqual([
      ['CB-1', '2026-03-05', '13912345678'],
      ['CB-2', '2026-03-09', '021-65432100'],
      ['CB-3', '2026-04-01', '021-65012345'],
      ['CB-4', '2026-04-02', null],
      ['CB-5', '2026-05-06', null],
    ]);
    expect(twin.rows.map((r) => r.errors.map((e) => e.code))).toEqual([
      [],
      [],
      [],
      ['BAD_PHONE'],
      ['NOT_IN_UNIT'],
    ]);
  });
});

describe.skipIf(!LIBREOFFICE)(
  LIBREOFFICE
    ? 'legacy formats through LibreOffice'
    : 'legacy formats through LibreOffice — skipped: soffice not found (apt-get install libreoffice-calc-nogui)',
  () => {
    it.each(['legacy-ledger.xls', 'legacy-ledger.ods'])(
      'reads %s to the same records as its .xlsx twin',
      async (name) => {
        const twin = await records(path.join(FIXTURES, 'legacy-ledger.xlsx'));
        expect(await records(path.join(FIXTURES, name))).toEqual(twin);
      },
      SLOW,
    );

    it(
      'reads a WPS .et (the binary Excel format under its own name) the same way',
      async () => {
        const et = path.join(folder, '台账.et');
        await copyFile(path.join(FIXTURES, 'legacy-ledger.xls'), et);
        const twin = await records(path.join(FIXTURES, 'legacy-ledger.xlsx'));
        expect(await records(et)).toEqual(twin);
      },
      SLOW,
    );
  },
);

describe('files the CLI cannot read, each with one clear message', () => {
  it.each([
    ['legacy-ledger.xls', '.xls (Excel 97–2003)'],
    ['legacy-ledger.ods', '.ods (OpenDocument)'],
  ])('without LibreOffice, refuses %s naming %s and the remedy', async (name, format) => {
    const saved = process.env.MINQING_SOFFICE;
    process.env.MINQING_SOFFICE = path.join(folder, 'no-such-soffice');
    try {
      const { code, stderr } = await convert(path.join(FIXTURES, name));
      expect(code).toBe(2);
      expect(stderr).toBe(
        `「${name}」是 ${format} 格式，本机未安装 LibreOffice，无法读取：请在 Excel 或 WPS 中打开，另存为 .xlsx；或安装 LibreOffice 后重试`,
      );
    } finally {
      if (saved === undefined) delete process.env.MINQING_SOFFICE;
      else process.env.MINQING_SOFFICE = saved;
    }
  });

  it('names a WPS .et as such when LibreOffice is absent', async () => {
    const saved = process.env.MINQING_SOFFICE;
    process.env.MINQING_SOFFICE = path.join(folder, 'no-such-soffice');
    const et = path.join(folder, '旧台账.et');
    await copyFile(path.join(FIXTURES, 'legacy-ledger.xls'), et);
    try {
      const { stderr } = await convert(et, '--lang', 'en');
      expect(stderr).toBe(
        '"旧台账.et" is in .et (WPS) format and LibreOffice is not installed to read it: open it in Excel or WPS and save it as .xlsx, or install LibreOffice and try again',
      );
    } finally {
      if (saved === undefined) delete process.env.MINQING_SOFFICE;
      else process.env.MINQING_SOFFICE = saved;
    }
  });

  it.each(['password-protected.xlsx', 'password-protected.xls'])(
    'calls a password-protected workbook (%s) what it is, LibreOffice or not',
    async (name) => {
      const { code, stderr } = await convert(path.join(FIXTURES, name));
      expect(code).toBe(2);
      expect(stderr).toBe(
        `「${name}」设有打开密码，无法读取：请在 Excel 或 WPS 中用密码打开，取消密码后另存为 .xlsx`,
      );
    },
  );

  it('calls a text file renamed .xlsx not a spreadsheet', async () => {
    const renamed = path.join(folder, '名单.xlsx');
    await writeFile(renamed, '编号,姓名\nA-1,王阿姨\n');
    const { code, stderr } = await convert(renamed);
    expect(code).toBe(2);
    expect(stderr).toBe(
      '「名单.xlsx」不是电子表格（是文本或其他文件，只是名字像表格）：请在 Excel 或 WPS 中打开原表，另存为 .xlsx',
    );
  });

  it('calls an empty file empty', async () => {
    const empty = path.join(folder, 'empty.xls');
    await writeFile(empty, '');
    const { code, stderr } = await convert(empty);
    expect(code).toBe(2);
    expect(stderr).toBe('「empty.xls」是空文件（0 字节），不是工作簿：请选择填好的 .xlsx 台账');
  });

  it('calls a cut-off .xlsx damaged, in words and not the zip library’s', async () => {
    const cut = path.join(folder, 'cut.xlsx');
    const whole = await readFile(path.join(FIXTURES, 'legacy-ledger.xlsx'));
    await writeFile(cut, whole.subarray(0, 2000));
    const { code, stderr } = await convert(cut);
    expect(code).toBe(2);
    expect(stderr).toBe(
      '「cut.xlsx」无法作为 .xlsx 工作簿读取（文件可能已损坏或不完整）：请在 Excel 或 WPS 中打开，另存为 .xlsx',
    );
  });

  it('names the sheets a workbook has when the asked one is missing', async () => {
    const { code, stderr } = await convert(
      path.join(FIXTURES, 'legacy-ledger.xlsx'),
      '--sheet',
      '二月',
    );
    expect(code).toBe(2);
    expect(stderr).toBe('「legacy-ledger.xlsx」中没有名为「二月」的工作表；有：一事一表');
  });

  it('says a folder cannot be opened as a file', async () => {
    const { code, stderr } = await convert(folder);
    expect(code).toBe(2);
    expect(stderr).toBe(`无法打开「${path.basename(folder)}」：它不是普通文件，或没有读取权限`);
  });
});
