/**
 * The command line as a user meets it, each figure beside its reference measured alternately in
 * the same run: `minqing --help` against a bare `node -e 0`, both on the machine's own Node (what
 * `npx` starts), and `minqing convert` of a 50,000-row workbook against exceljs reading that
 * workbook whole, in time and in peak memory (each in its own process; the median of three).
 */
import { execFileSync, spawn } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { messyCaseSheet } from './convert.ts';
import type { BenchRow } from './table.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const BIN = path.join(ROOT, 'bin/minqing.js');
/** Loaded into a measured process: reports its peak resident memory when it exits. */
const REPORT_PEAK = `data:text/javascript,process.on('exit',()=>process.stderr.write('\\npeak-rss '+process.resourceUsage().maxRSS+'\\n'))`;

/** The first `node` on the PATH outside node_modules (npm puts the project's own first). */
export function machineNode(): string {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir === '' || dir.includes('node_modules')) continue;
    const candidate = path.join(dir, 'node');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {}
  }
  return process.execPath;
}

interface Run {
  seconds: number;
  /** Peak resident memory in bytes, when the process reported it. */
  peak: number;
}

function timed(node: string, args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(node, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = (performance.now() - start) / 1000;
      if (code !== 0 && code !== 1) {
        reject(new Error(`${args.join(' ')} → ${code}: ${stderr}`));
        return;
      }
      const kib = /peak-rss (\d+)/.exec(stderr)?.[1];
      resolve({ seconds, peak: kib ? Number(kib) * 1024 : 0 });
    });
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function benchCliStart(times = 11): Promise<BenchRow[]> {
  const node = machineNode();
  const bare: number[] = [];
  const help: number[] = [];
  await timed(node, ['-e', '0']); // the file cache warm for both
  for (let i = 0; i < times; i++) {
    bare.push((await timed(node, ['-e', '0'])).seconds);
    help.push((await timed(node, [BIN, '--help'])).seconds);
  }
  const ratio = median(help) / median(bare);
  const version = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
  return [
    {
      name: `CLI start-up: node bin/minqing.js --help (${node} ${version})`,
      figure: `${(median(help) * 1000).toFixed(0)} ms (median of ${times})`,
      reference: `node -e 0: ${(median(bare) * 1000).toFixed(0)} ms`,
      ratio,
      goal: '≤ 4× node -e 0',
      met: ratio <= 4,
    },
  ];
}

/** Writes the bench's messy case ledger as an .xlsx the way Excel stores it (shared strings). */
export async function writeCaseWorkbook(file: string, rows: number): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: file,
    useSharedStrings: true,
    useStyles: true,
  });
  const sheet = workbook.addWorksheet('台账');
  const [title, ...rest] = messyCaseSheet(rows);
  sheet.addRow(title!);
  sheet.mergeCells('A1:S1');
  for (const row of rest) sheet.addRow(row).commit();
  await sheet.commit();
  await workbook.commit();
}

export async function benchCliConvert(rows = 50_000, times = 3): Promise<BenchRow[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'minqing-bench-cli-'));
  try {
    const file = path.join(dir, 'ledger.xlsx');
    await writeCaseWorkbook(file, rows);
    const exceljs = [
      `--import=${REPORT_PEAK}`,
      '--input-type=module',
      '-e',
      `import E from 'exceljs'; await new E.Workbook().xlsx.readFile(${JSON.stringify(file)});`,
    ];
    const convert = [
      `--import=${REPORT_PEAK}`,
      BIN,
      'convert',
      file,
      '--unit',
      'YP-CB',
      '--as-of',
      '2026-11-16',
    ];
    const reference: Run[] = [];
    const cli: Run[] = [];
    for (let i = 0; i < times; i++) {
      reference.push(await timed(process.execPath, exceljs));
      cli.push(await timed(process.execPath, convert));
    }
    const seconds = median(cli.map((r) => r.seconds));
    const readSeconds = median(reference.map((r) => r.seconds));
    const peak = median(cli.map((r) => r.peak));
    const readPeak = median(reference.map((r) => r.peak));
    const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
    const label = `minqing convert, ${rows.toLocaleString('en')}-row workbook`;
    return [
      {
        name: `${label}: time`,
        figure: `${seconds.toFixed(2)} s (median of ${times})`,
        reference: `exceljs reads it: ${readSeconds.toFixed(2)} s`,
        ratio: seconds / readSeconds,
        goal: '≤ 1.3× exceljs',
        met: seconds / readSeconds <= 1.3,
      },
      {
        name: `${label}: peak memory`,
        figure: mib(peak),
        reference: `exceljs reads it: ${mib(readPeak)}`,
        ratio: peak / readPeak,
        goal: '≤ 1.5× exceljs',
        met: peak / readPeak <= 1.5,
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
