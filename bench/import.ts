/**
 * The import of 100 old workbooks (`minqing import`) into the real local Worker, the same files
 * each time into a fresh Worker: one after the other (`--concurrency 1`: read, send, wait) against
 * the default pipeline (the next workbooks read while the Worker stores the last); then the same
 * 100 again, which must change nothing. Figures: seconds, files/s and rows/s of both runs, their
 * ratio, and the repeat's seconds.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { convertFile } from '../cli/convert.ts';
import { DEFAULT_CONCURRENCY, run as importFiles } from '../cli/import.ts';
import { readOrgFile } from '../cli/org.ts';
import { startLocalWorker } from '../scripts/local-worker.ts';
import { bootstrapDemo, DEMO_PASSWORD } from '../scripts/seed.ts';
import { messyCaseSheet } from './convert.ts';
import type { BenchRow } from './table.ts';

const FILES = 100;
const ROWS_PER_FILE = 200;
const YEARS = 10;

/**
 * Writes one paper-style case ledger; case numbers are made unique per file. A district's old
 * workbooks span years: the files take the ten years up to 2026 in turn (a title year each), so
 * each year's ledger gets ten versions, submitted in file order.
 */
async function writeWorkbook(file: string, index: number): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('台账');
  const values = messyCaseSheet(ROWS_PER_FILE);
  values[0]![0] = `长白新村街道“一线工作法”一事一表登记台账（${2026 - (index % YEARS)}年）`;
  for (const [r, row] of values.entries()) {
    const cells =
      r >= 3 && typeof row[0] === 'string' && row[0].startsWith('CB-')
        ? [`F${index}-${row[0]}`, ...row.slice(1)]
        : row;
    sheet.addRow(cells);
  }
  await workbook.xlsx.writeFile(file);
}

/** An import that had errors: the files not stored and why, on stderr beside the table. */
function showRefusals(code: number, outputs: readonly string[]) {
  if (code === 0) return;
  const lines = (outputs.at(-1) ?? '')
    .split('\n')
    .filter((line) => /被拒绝|未导入|未提交/.test(line));
  process.stderr.write(`import had errors:\n${lines.join('\n')}\n`);
}

/** One import into a fresh local Worker; `again` imports the same files a second time. */
async function importInto(
  dir: string,
  files: string[],
  concurrency: number,
  again: boolean,
): Promise<{
  seconds: number;
  code: number;
  repeat?: { seconds: number; same: boolean; code: number };
}> {
  const worker = await startLocalWorker({
    persistTo: path.join(dir, `state-${concurrency}`),
    vars: { ALLOW_BOOTSTRAP: 'true' },
  });
  try {
    await bootstrapDemo(worker.url);
    // Each run's final table: the second must show the first run's receipts, unchanged.
    const outputs: string[] = [];
    const io = {
      stdout: (text: string) => outputs.push(text),
      stderr: () => {},
      stdin: async () => DEMO_PASSWORD,
    };
    const args = [
      ...files,
      '--server',
      worker.url,
      '--user',
      'YP-CB',
      '--password-stdin',
      '--as-of',
      '2026-11-16',
      '--concurrency',
      String(concurrency),
    ];
    let start = performance.now();
    const code = await importFiles(args, io);
    const seconds = (performance.now() - start) / 1000;
    showRefusals(code, outputs);
    if (!again) return { seconds, code };
    const firstTable = outputs.at(-1);
    start = performance.now();
    const repeatCode = await importFiles(args, io);
    const repeat = (performance.now() - start) / 1000;
    showRefusals(repeatCode, outputs);
    const same = firstTable !== undefined && outputs.at(-1) === firstTable;
    return { seconds, code, repeat: { seconds: repeat, same, code: repeatCode } };
  } finally {
    await worker.stop();
  }
}

/**
 * The same files imported one after the other and then with `DEFAULT_CONCURRENCY` in hand, each
 * into a fresh Worker; then again, which must write nothing.
 */
export async function benchImport(files = FILES): Promise<BenchRow[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'minqing-bench-import-'));
  try {
    const paths = Array.from({ length: files }, (_, i) =>
      path.join(dir, `ledger-${String(i).padStart(3, '0')}.xlsx`),
    );
    await Promise.all(paths.map((file, i) => writeWorkbook(file, i)));
    // Untimed: the first run must not pay alone for compiling the reader and the converter.
    const org = readOrgFile();
    for (const file of paths.slice(0, 3)) {
      await convertFile({ file, unit: 'YP-CB', asOf: '2026-11-16', org, locale: 'zh' });
    }
    const sequential = await importInto(dir, paths, 1, false);
    const concurrent = await importInto(dir, paths, DEFAULT_CONCURRENCY, true);
    const rows = files * ROWS_PER_FILE;
    const rate = (seconds: number) => Math.round(rows / seconds).toLocaleString('en');
    const speedUp = sequential.seconds / concurrent.seconds;
    const repeat = concurrent.repeat!;
    return [
      {
        name: `import of ${files} workbooks (${rows.toLocaleString('en')} rows), pipelined (--concurrency ${DEFAULT_CONCURRENCY})`,
        figure: `${concurrent.seconds.toFixed(1)} s · ${(files / concurrent.seconds).toFixed(1)} files/s · ${rate(concurrent.seconds)} rows/s${concurrent.code === 0 ? '' : ' (had errors)'}`,
        reference: `one after the other: ${sequential.seconds.toFixed(1)} s · ${(files / sequential.seconds).toFixed(1)} files/s · ${rate(sequential.seconds)} rows/s${sequential.code === 0 ? '' : ' (had errors)'}`,
        ratio: speedUp,
        goal: '≥ 1.5× one after the other',
        met: concurrent.code === 0 && sequential.code === 0 && speedUp >= 1.5,
      },
      {
        name: 'import of the same workbooks again',
        figure: `${repeat.seconds.toFixed(1)} s, ${repeat.same ? 'same receipts, nothing written' : 'RECEIPTS CHANGED'}${repeat.code === 0 ? '' : ' (had errors)'}`,
        reference: `first: ${concurrent.seconds.toFixed(1)} s`,
        ratio: repeat.seconds / concurrent.seconds,
        goal: 'the repeat writes nothing',
        met: repeat.code === 0 && repeat.same,
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
