/**
 * The import of 100 old workbooks (`minqing import`) into the real local Worker: each file is
 * read, converted and submitted; then the same 100 again, which must change nothing. Figures:
 * seconds, files/s and rows/s for the first import, and the repeat's seconds.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { run as importFiles } from '../cli/import.ts';
import { startLocalWorker } from '../scripts/local-worker.ts';
import { bootstrapDemo, DEMO_PASSWORD } from '../scripts/seed.ts';
import { messyCaseSheet } from './convert.ts';
import type { BenchRow } from './table.ts';

const FILES = 100;
const ROWS_PER_FILE = 200;

/** Writes one paper-style case ledger; case numbers are made unique per file. */
async function writeWorkbook(file: string, index: number): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('台账');
  const values = messyCaseSheet(ROWS_PER_FILE);
  for (const [r, row] of values.entries()) {
    const cells =
      r >= 3 && typeof row[0] === 'string' && row[0].startsWith('CB-')
        ? [`F${index}-${row[0]}`, ...row.slice(1)]
        : row;
    sheet.addRow(cells);
  }
  await workbook.xlsx.writeFile(file);
}

export async function benchImport(): Promise<BenchRow[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'minqing-bench-import-'));
  const worker = await startLocalWorker({
    persistTo: path.join(dir, 'state'),
    vars: { ALLOW_BOOTSTRAP: 'true' },
  });
  try {
    await bootstrapDemo(worker.url);
    const files = Array.from({ length: FILES }, (_, i) =>
      path.join(dir, `ledger-${String(i).padStart(3, '0')}.xlsx`),
    );
    await Promise.all(files.map((file, i) => writeWorkbook(file, i)));
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
    ];

    let start = performance.now();
    const first = await importFiles(args, io);
    const seconds = (performance.now() - start) / 1000;
    const firstTable = outputs.at(-1);
    start = performance.now();
    const again = await importFiles(args, io);
    const repeat = (performance.now() - start) / 1000;
    const unchanged = firstTable !== undefined && outputs.at(-1) === firstTable;
    const rows = FILES * ROWS_PER_FILE;
    return [
      {
        name: `import of ${FILES} workbooks (${rows.toLocaleString('en')} rows)`,
        figure: `${seconds.toFixed(1)} s · ${(FILES / seconds).toFixed(1)} files/s · ${Math.round(rows / seconds).toLocaleString('en')} rows/s${first === 0 ? '' : ' (had errors)'}`,
        reference: `again: ${repeat.toFixed(1)} s, ${unchanged ? 'same receipts, nothing written' : 'RECEIPTS CHANGED'}${again === 0 ? '' : ' (had errors)'}`,
        ratio: repeat / seconds,
        goal: 'report; the repeat writes nothing',
        met: first === 0 && again === 0 && unchanged,
      },
    ];
  } finally {
    await worker.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
