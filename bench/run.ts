/**
 * `npm run bench`: every performance figure beside its reference, in one table. Reports, never
 * fails the tests. Sections are added by the capabilities they measure.
 */
import { benchAddin } from './addin.ts';
import { benchConvert } from './convert.ts';
import { benchImport } from './import.ts';
import { benchScores, benchSweep } from './scores.ts';
import { benchSubmission } from './submission.ts';
import { benchSweepWorker } from './sweep.ts';
import { type BenchRow, printTable } from './table.ts';

const sections: [string, () => Promise<BenchRow[]>][] = [
  ['conversion', () => benchConvert()],
  ['escalation sweep', async () => benchSweep()],
  ['escalation sweep (Worker)', () => benchSweepWorker()],
  ['scores', () => benchScores()],
  ['submission', () => benchSubmission()],
  ['import', () => benchImport()],
  ['add-in', () => benchAddin()],
];

const rows: BenchRow[] = [];
for (const [name, run] of sections) {
  process.stderr.write(`bench: ${name}…\n`);
  try {
    rows.push(...(await run()));
  } catch (error) {
    rows.push({ name, figure: `failed: ${(error as Error).message}`, goal: '', met: false });
  }
}
console.log(printTable(rows));
