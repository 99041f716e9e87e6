/**
 * `npm run bench`: every performance figure beside its reference, in one table. Reports, never
 * fails the tests. Sections are added by the capabilities they measure.
 * `npm run bench -- scores sweep` runs only the sections whose names contain one of the words.
 */
import { benchAddin } from './addin.ts';
import { benchAssessment } from './assessment.ts';
import { benchCliConvert, benchCliStart } from './cli.ts';
import { benchConvert } from './convert.ts';
import { benchImport } from './import.ts';
import { benchScores } from './scores.ts';
import { benchStorage } from './storage.ts';
import { benchSubmission } from './submission.ts';
import { benchSweep, benchSweepWorker } from './sweep.ts';
import { type BenchRow, printTable } from './table.ts';

const sections: [string, () => Promise<BenchRow[]>][] = [
  ['conversion', () => benchConvert()],
  ['CLI start-up', () => benchCliStart()],
  // BENCH_CLI_ROWS: a smaller workbook while iterating.
  ['CLI convert', () => benchCliConvert(Number(process.env.BENCH_CLI_ROWS) || undefined)],
  ['escalation sweep', async () => benchSweep()],
  ['escalation sweep (Worker)', () => benchSweepWorker()],
  ['scores', () => benchScores()],
  ['assessment', () => benchAssessment()],
  ['submission', () => benchSubmission()],
  ['storage of a district-year', () => benchStorage()],
  // BENCH_IMPORT_FILES: fewer workbooks while iterating.
  ['import', () => benchImport(Number(process.env.BENCH_IMPORT_FILES) || undefined)],
  ['add-in', () => benchAddin()],
];

const only = process.argv.slice(2);
const chosen = sections.filter(([name]) => only.length === 0 || only.some((w) => name.includes(w)));
const rows: BenchRow[] = [];
for (const [name, run] of chosen) {
  process.stderr.write(`bench: ${name}…\n`);
  try {
    rows.push(...(await run()));
  } catch (error) {
    rows.push({ name, figure: `failed: ${(error as Error).message}`, goal: '', met: false });
  }
}
console.log(printTable(rows));
