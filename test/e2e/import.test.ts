/**
 * `minqing import` against the real local Worker, several files at once: files of one ledger still
 * become its versions in the order given (the last one's rows are the ledger's), and importing the
 * same files again writes nothing.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messyCaseSheet } from '../../bench/convert.ts';
import { run as importFiles } from '../../cli/import.ts';
import { type LocalWorker, startLocalWorker } from '../../scripts/local-worker.ts';
import { bootstrapDemo, DEMO_PASSWORD } from '../../scripts/seed.ts';

const SAMPLES = path.resolve(import.meta.dirname, '../../../shared/samples');
let worker: LocalWorker;
let folder: string;

beforeAll(async () => {
  folder = mkdtempSync(path.join(tmpdir(), 'minqing-import-'));
  worker = await startLocalWorker({
    persistTo: path.join(folder, 'state'),
    vars: { ALLOW_BOOTSTRAP: 'true' },
  });
  expect(await bootstrapDemo(worker.url)).toBe(true);
}, 180_000);

afterAll(async () => {
  await worker?.stop();
  rmSync(folder, { recursive: true, force: true });
});

/**
 * A case ledger of Changbai with `rows` cases numbered `prefix-0`, `prefix-1`, …, titled with
 * `year`; `badDateAt` gives that case a receipt date no calendar has.
 */
async function caseWorkbook(
  name: string,
  prefix: string,
  rows: number,
  { year = 2026, badDateAt }: { year?: number; badDateAt?: number } = {},
): Promise<string> {
  const file = path.join(folder, name);
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('台账');
  const values = messyCaseSheet(rows);
  values[0]![0] = `长白新村街道“一线工作法”一事一表登记台账（${year}年）`;
  for (const row of values) {
    const number = typeof row[0] === 'string' ? /^CB-(\d+)$/.exec(row[0]) : null;
    if (number && Number(number[1]) === badDateAt) row[1] = '2026-13-45';
    sheet.addRow(number ? [`${prefix}-${number[1]}`, ...row.slice(1)] : row);
  }
  await workbook.xlsx.writeFile(file);
  return file;
}

async function importAll(files: string[]) {
  const out: string[] = [];
  const code = await importFiles(
    [
      ...files,
      '--server',
      worker.url,
      '--user',
      'YP-CB',
      '--password-stdin',
      '--as-of',
      '2026-11-16',
      '--concurrency',
      '4',
    ],
    { stdout: (t) => out.push(t), stderr: () => {}, stdin: async () => `${DEMO_PASSWORD}\n` },
  );
  return { code, table: out.at(-1)!, out };
}

/** The version each file's receipt names, by file. */
function versions(table: string): Record<string, string | undefined> {
  const of = (file: string) => new RegExp(`${file}\\.xlsx\\s.*第 (\\d+) 版`).exec(table)?.[1];
  return { first: of('first'), second: of('second'), third: of('third') };
}

/** The case numbers of the unit's current ledgers (every year's). */
async function currentCaseNumbers(): Promise<string[]> {
  const login = await fetch(`${worker.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'YP-CB', password: DEMO_PASSWORD }),
  });
  const { token } = (await login.json()) as { token: string };
  const response = await fetch(`${worker.url}/api/cases?unit=YP-CB&limit=500`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const page = (await response.json()) as { items: { values: { caseNo: string } }[] };
  return page.items.map((c) => c.values.caseNo).sort();
}

describe('minqing import, several files at once', () => {
  it('submits one ledger’s files as its versions in the order given, and a repeat writes nothing', async () => {
    // The first file is the largest, so it finishes converting last: sent in the order files
    // finish, the small ones would become the earlier versions.
    const files = [
      await caseWorkbook('first.xlsx', 'A', 2000),
      path.join(SAMPLES, 'changbai-visits-2026.xlsx'),
      await caseWorkbook('second.xlsx', 'B', 3),
      await caseWorkbook('third.xlsx', 'C', 2),
    ];
    const first = await importAll(files);
    expect(first.code).toBe(0);
    expect(versions(first.table)).toEqual({ first: '1', second: '2', third: '3' });
    expect(first.table).toMatch(/changbai-visits-2026\.xlsx\s+visit\s+40\s+0\s+#\S+ 第 1 版/);
    // The ledger's rows are its latest version's: the third file's two cases.
    expect(await currentCaseNumbers()).toEqual(['C-0', 'C-1']);

    const again = await importAll(files);
    expect(again.code).toBe(0);
    expect(again.table).toBe(first.table);
    expect(await currentCaseNumbers()).toEqual(['C-0', 'C-1']);
  }, 180_000);

  it('reports the one bad workbook among good ones and stores the rest', async () => {
    const junk = path.join(folder, 'notes.xlsx');
    writeFileSync(junk, '这不是表格');
    const files = [
      await caseWorkbook('good-2024.xlsx', 'G', 3, { year: 2024 }),
      await caseWorkbook('bad-2023.xlsx', 'X', 4, { year: 2023, badDateAt: 2 }),
      junk,
      await caseWorkbook('good-2025.xlsx', 'H', 2, { year: 2025 }),
    ];
    const { code, table, out } = await importAll(files);
    expect(code).toBe(1);
    // The bad workbook's error names its row: title, blank line and header above case X-2.
    const report = out.slice(0, -1).join('\n');
    expect(report).toContain('bad-2023.xlsx');
    expect(report).toMatch(/第 6 行/);
    expect(table).toMatch(/good-2024\.xlsx\s+case\s+3\s+0\s+#\S+ 第 1 版/);
    expect(table).toMatch(/bad-2023\.xlsx\s+case\s+4\s+1\s+未提交（有错误）/);
    expect(table).toMatch(/notes\.xlsx\s+0\s+0\s+未导入：/);
    expect(table).toMatch(/good-2025\.xlsx\s+case\s+2\s+0\s+#\S+ 第 1 版/);
    // The files appear in the table in the order given.
    const order = ['good-2024', 'bad-2023', 'notes', 'good-2025'].map((f) => table.indexOf(f));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(await currentCaseNumbers()).toEqual(['C-0', 'C-1', 'G-0', 'G-1', 'G-2', 'H-0', 'H-1']);
  }, 180_000);
});
