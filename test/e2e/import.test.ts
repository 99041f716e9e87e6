/**
 * `minqing import` against the real local Worker, several files at once: files of one ledger still
 * become its versions in the order given (the last one's rows are the ledger's), and importing the
 * same files again writes nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
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

/** A 2026 case ledger of Changbai with `rows` cases numbered `prefix-0`, `prefix-1`, … */
async function caseWorkbook(name: string, prefix: string, rows: number): Promise<string> {
  const file = path.join(folder, name);
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('台账');
  for (const row of messyCaseSheet(rows)) {
    const number = typeof row[0] === 'string' ? /^CB-(\d+)$/.exec(row[0]) : null;
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
  return { code, table: out.at(-1)! };
}

/** The version each file's receipt names, by file. */
function versions(table: string): Record<string, string | undefined> {
  const of = (file: string) => new RegExp(`${file}\\.xlsx\\s.*第 (\\d+) 版`).exec(table)?.[1];
  return { first: of('first'), second: of('second'), third: of('third') };
}

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
});
