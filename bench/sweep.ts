/**
 * The daily escalation sweep through the real Worker on local D1 (`POST /api/sweep`, as the Cron
 * Trigger runs it) over 200,000 open cases across the demo district's areas, each ledger its own
 * (unit, period) so that none replaces another (docs/decisions/0007). Goals (decision 0015):
 * - the first sweep (a full one) within 4× the shared `escalate` over the same cases in memory;
 * - the same day again adds nothing;
 * - the next day with nothing new submitted within 0.1× of the first.
 * `BENCH_SWEEP_CASES` sets a smaller size while iterating.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Api } from '../cli/api.ts';
import { readOrgFile } from '../cli/org.ts';
import { startLocalWorker } from '../scripts/local-worker.ts';
import { bootstrapDemo, DEMO_PASSWORD } from '../scripts/seed.ts';
import { seedCalendar } from '../shared/calendar.ts';
import { type EscalationCase, escalate, reporterIndex } from '../shared/escalation.ts';
import { DEFAULT_SETTINGS } from '../shared/settings.ts';
import { benchCases, benchOrg } from './scores.ts';
import type { BenchRow } from './table.ts';

const CATEGORIES = ['环境卫生', '城市管理', '住房与旧改', '治安与纠纷', '社会救助', '政策咨询'];
const DATE = '2026-11-15';
const NEXT_DAY = '2026-11-16';
const PER_LEDGER = 10_000;

/** The case rows of ledger `ledger` (cases `done`… of the run), all open. */
function ledgerRows(ledger: number, done: number, count: number, unit: string) {
  return Array.from({ length: count }, (_, i) => {
    const day = (done + i) % 300;
    return {
      row: i + 3,
      values: {
        caseNo: `SW-${ledger}-${i}`,
        receivedOn: new Date(Date.UTC(2026, 0, 1 + day)).toISOString().slice(0, 10),
        channel: '来电',
        reporterName: '王建华',
        reporterPhone: `139${String((done + i) % 40_000).padStart(8, '0')}`,
        area: unit,
        category: CATEGORIES[(done + i) % CATEGORIES.length]!,
        summary: '反映的问题尚在办理',
        firstReceiver: '李敏',
        status: (done + i) % 3 === 0 ? '上报' : '办理中',
      },
    };
  });
}

/** The shared sweep of the cases in memory: what the Worker's sweep computes, without D1. */
function inMemorySweep(
  cases: readonly EscalationCase[],
  asOf: string,
): { ms: number; climbs: number } {
  const calendar = seedCalendar();
  const t0 = performance.now();
  const index = reporterIndex(cases, DEFAULT_SETTINGS.repeatDays, DEFAULT_SETTINGS.repeatCount);
  let climbs = 0;
  for (const record of cases) {
    const state = escalate(
      record,
      [],
      DEFAULT_SETTINGS,
      calendar,
      asOf,
      index.priorCasesOf(record),
    );
    climbs += state.climbs.length;
  }
  return { ms: performance.now() - t0, climbs };
}

/** The sweep's computation: `escalate` for 200,000 open cases, repeats looked up by reporter. */
export function benchSweep(n = 200_000): BenchRow[] {
  const areas = benchOrg()
    .filter((u) => u.kind === 'residential')
    .map((u) => u.code);
  const { ms } = inMemorySweep(benchCases(areas, n, 1), DATE);
  return [
    {
      name: `escalation sweep, ${n.toLocaleString('en')} open cases (shared escalate, in memory)`,
      figure: `${(ms / 1000).toFixed(2)} s`,
      ratio: ms / 10_000,
      goal: '< 10 s',
      met: ms < 10_000,
    },
  ];
}

type Swept = { cases: number; recomputed: number; full: boolean; climbs: number };

/**
 * Submits `n` open cases to the Worker, ledgers of 10,000 rows each its own (unit, period) — one
 * area's ledgers are its months — and gives them as the shared sweep reads them.
 */
async function submitOpenCases(url: string, n: number): Promise<EscalationCase[]> {
  const areas = readOrgFile()
    .units.filter((u) => u.kind === 'residential')
    .map((u) => u.code);
  const cases: EscalationCase[] = [];
  for (let done = 0, ledger = 0; done < n; done += PER_LEDGER, ledger++) {
    const unit = areas[ledger % areas.length]!;
    const month = Math.floor(ledger / areas.length) + 1;
    const rows = ledgerRows(ledger, done, Math.min(PER_LEDGER, n - done), unit);
    const api = new Api(url);
    await api.login(unit, DEMO_PASSWORD);
    const period = `2026-${String(month).padStart(2, '0')}`;
    await api.submit(
      { kind: 'case', unit, period, sourceName: 'bench.xlsx', rows },
      `sweep-bench-${ledger}`,
    );
    for (const { values } of rows) {
      cases.push({
        // The Worker breaks same-day ties by row id, which follows this order.
        caseNo: String(cases.length).padStart(12, '0'),
        receivedOn: values.receivedOn,
        status: values.status,
        repliedOn: null,
        resolvedOn: null,
        satisfaction: null,
        category: values.category,
        reporterPhone: values.reporterPhone,
        address: null,
        area: unit,
        receivedLevel: 0,
      });
    }
  }
  return cases;
}

export async function benchSweepWorker(
  n = Number(process.env.BENCH_SWEEP_CASES) || 200_000,
): Promise<BenchRow[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'minqing-bench-sweep-'));
  const worker = await startLocalWorker({ persistTo: dir, vars: { ALLOW_BOOTSTRAP: 'true' } });
  try {
    await bootstrapDemo(worker.url);
    // The reference is the median of three runs: a single one, cold, varied 1.5–2.6 s.
    const cases = await submitOpenCases(worker.url, n);
    const runs = [0, 1, 2].map(() => inMemorySweep(cases, DATE)).sort((a, b) => a.ms - b.ms);
    const memory = runs[1]!;

    const district = new Api(worker.url);
    await district.login('YP', DEMO_PASSWORD);
    const sweep = async (date: string): Promise<[Swept, number]> => {
      const t0 = performance.now();
      const result = await district.request<Swept>('POST', '/api/sweep', { date });
      return [result, (performance.now() - t0) / 1000];
    };
    const [first, firstS] = await sweep(DATE);
    if (first.cases !== n) throw new Error(`${first.cases} open cases stored, not ${n}`);
    const [again, againS] = await sweep(DATE);
    const [next, nextS] = await sweep(NEXT_DAY);
    const memoryS = memory.ms / 1000;
    const label = `${n.toLocaleString('en')} open cases through the Worker (local D1)`;
    return [
      {
        name: `escalation sweep, ${label}: first (full) sweep`,
        figure: `${firstS.toFixed(1)} s, ${first.climbs.toLocaleString('en')} climbs`,
        reference: `shared sweep in memory ${memoryS.toFixed(2)} s (median of 3), ${memory.climbs.toLocaleString('en')} climbs`,
        ratio: firstS / memoryS,
        goal: '≤ 4× in memory',
        met: firstS <= 4 * memoryS && first.climbs === memory.climbs,
      },
      {
        name: `escalation sweep, ${label}: same day again`,
        figure: `${againS.toFixed(2)} s, ${again.climbs} climbs, ${again.recomputed} cases looked at`,
        reference: `first ${firstS.toFixed(1)} s`,
        ratio: againS / firstS,
        goal: 'adds nothing',
        met: again.climbs === 0,
      },
      {
        name: `escalation sweep, ${label}: next day, nothing new`,
        figure: `${nextS.toFixed(2)} s, ${next.recomputed.toLocaleString('en')} cases looked at, ${next.climbs.toLocaleString('en')} climbs`,
        reference: `first ${firstS.toFixed(1)} s`,
        ratio: nextS / firstS,
        goal: '≤ 0.1× the first',
        met: !next.full && nextS <= 0.1 * firstS,
      },
    ];
  } finally {
    await worker.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
