import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convertSheet } from '../shared/convert/index.ts';
import { hasLibreOffice } from './libreoffice.ts';
import { loadOrg } from './org.ts';
import { runCli } from './run-in-process.ts';
import { readWorkbook } from './xlsx.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../test/fixtures');
const org = loadOrg();
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

async function records(file: string) {
  const result = convertSheet(await readWorkbook(file), {
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
