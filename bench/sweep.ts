/**
 * The daily escalation sweep through the real Worker on local D1 (`POST /api/sweep`, as the Cron
 * Trigger runs it): 200,000 open cases across the demo district's areas, then the same day again
 * (which must add nothing). Goal (issue 5): under 10 s.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Api } from '../cli/api.ts';
import { loadOrg } from '../cli/org.ts';
import { startLocalWorker } from '../scripts/local-worker.ts';
import { bootstrapDemo, DEMO_PASSWORD } from '../scripts/seed.ts';
import type { BenchRow } from './table.ts';

const CATEGORIES = ['环境卫生', '城市管理', '住房与旧改', '治安与纠纷', '社会救助', '政策咨询'];

export async function benchSweepWorker(n = 200_000): Promise<BenchRow[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'minqing-bench-sweep-'));
  const worker = await startLocalWorker({ persistTo: dir, vars: { ALLOW_BOOTSTRAP: 'true' } });
  try {
    await bootstrapDemo(worker.url);
    const areas = loadOrg()
      .units.filter((u) => u.kind === 'residential')
      .map((u) => u.code);
    const perLedger = 10_000;
    for (let done = 0, ledger = 0; done < n; done += perLedger, ledger++) {
      const unit = areas[ledger % areas.length]!;
      const api = new Api(worker.url);
      await api.login(unit, DEMO_PASSWORD);
      const rows = Array.from({ length: Math.min(perLedger, n - done) }, (_, i) => {
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
            category: CATEGORIES[(done + i) % CATEGORIES.length],
            summary: '反映的问题尚在办理',
            firstReceiver: '李敏',
            status: (done + i) % 3 === 0 ? '上报' : '办理中',
          },
        };
      });
      await api.submit(
        {
          kind: 'case',
          unit,
          period: `2026-${String((ledger % 12) + 1).padStart(2, '0')}`,
          sourceName: 'bench.xlsx',
          rows,
        },
        `sweep-bench-${ledger}`,
      );
    }
    const district = new Api(worker.url);
    await district.login('YP', DEMO_PASSWORD);
    let start = performance.now();
    const first = await district.request<{ climbs: number }>('POST', '/api/sweep', {
      date: '2026-11-15',
    });
    const seconds = (performance.now() - start) / 1000;
    start = performance.now();
    const again = await district.request<{ climbs: number }>('POST', '/api/sweep', {
      date: '2026-11-15',
    });
    const repeat = (performance.now() - start) / 1000;
    return [
      {
        name: `escalation sweep, ${n.toLocaleString('en')} open cases through the Worker (local D1)`,
        figure: `${seconds.toFixed(1)} s, ${first.climbs.toLocaleString('en')} climbs`,
        reference: `same day again: ${repeat.toFixed(1)} s, ${again.climbs} climbs`,
        ratio: seconds / 10,
        goal: '< 10 s',
        met: seconds < 10 && again.climbs === 0,
      },
    ];
  } finally {
    await worker.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
