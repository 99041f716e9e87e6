/**
 * The D1 size of a Yangpu-size district-year through the real local Worker: 300 residential areas
 * with 30,000 cases, 150,000 households and 50,000 visits, about 1,000 cadres, each ledger in
 * three versions (the second and the third each alter a different tenth of its rows). Goal: under
 * 2% of D1's 10 GB per database (docs/decisions/0013).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Api } from '../cli/api.ts';
import { type DemoSubmission, generateDemoDistrict } from '../scripts/demo-data.ts';
import { ROOT, startLocalWorker } from '../scripts/local-worker.ts';
import { buildOrgTree, parseOrgCsv } from '../shared/org.ts';
import { d1Bytes, d1Largest } from './submission.ts';
import type { BenchRow } from './table.ts';

const PASSWORD = 'minqing-demo';
const D1_LIMIT_BYTES = 10e9;
const SUBDISTRICTS = 12;
const AREAS_PER_SUBDISTRICT = 25;

/** The district, its departments (as in the demo) and 12 sub-districts of 25 areas each. */
function yangpuOrgCsv(): string {
  const demo = readFileSync(path.join(ROOT, 'data/demo-org.csv'), 'utf8').trim().split('\n');
  const lines = demo.filter((l, i) => i === 0 || /,(district|department),/.test(l));
  for (let s = 1; s <= SUBDISTRICTS; s++) {
    const sub = `YP-S${String(s).padStart(2, '0')}`;
    lines.push(`${sub},第${s}街道,subdistrict,YP`);
    for (let a = 1; a <= AREAS_PER_SUBDISTRICT; a++) {
      lines.push(`${sub}-${String(a).padStart(3, '0')},第${s}街道第${a}居民区,residential,${sub}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** The field a later version alters in a tenth of the rows, per ledger kind. */
const ALTERED: Partial<Record<DemoSubmission['kind'], string>> = {
  case: 'remarks',
  household: 'needs',
  visit: 'content',
  cadre: 'post',
};

/** One ledger per sub-district and kind (its areas' rows together), the district's own as they are. */
function ledgers(submissions: DemoSubmission[], parentOf: (unit: string) => string) {
  const byLedger = new Map<string, DemoSubmission>();
  for (const s of submissions) {
    const unit =
      s.kind === 'case' || s.kind === 'household' || s.kind === 'visit' ? parentOf(s.unit) : s.unit;
    const key = `${unit}|${s.kind}`;
    const ledger = byLedger.get(key) ?? { ...s, unit, rows: [] };
    ledger.rows.push(...s.rows.map((r) => ({ ...r, row: ledger.rows.length + 3 })));
    byLedger.set(key, ledger);
  }
  return [...byLedger.values()];
}

export async function benchStorage(scale = 1): Promise<BenchRow[]> {
  const persistTo = mkdtempSync(path.join(tmpdir(), 'minqing-bench-storage-'));
  try {
    const orgCsv = yangpuOrgCsv();
    const org = buildOrgTree(parseOrgCsv(orgCsv));
    const generated = generateDemoDistrict(org, {
      // Late enough for 100 cases per area (an area's regular caller comes back every 25 days).
      until: '2026-11-29',
      casesPerArea: Math.round(100 * scale),
      householdsPerArea: Math.round(500 * scale),
      visitsPerArea: Math.round((50_000 / 300) * scale),
    });
    const all = ledgers(generated, (unit) => org.get(unit)?.parent ?? unit);
    const counts = new Map<string, number>();
    for (const l of all) counts.set(l.kind, (counts.get(l.kind) ?? 0) + l.rows.length);
    const worker = await startLocalWorker({ persistTo, vars: { ALLOW_BOOTSTRAP: 'true' } });
    const t0 = performance.now();
    try {
      await new Api(worker.url).request('POST', '/api/admin/bootstrap', {
        orgCsv,
        password: PASSWORD,
      });
      const clients = new Map<string, Api>();
      const client = async (unit: string) => {
        let api = clients.get(unit);
        if (!api) {
          api = new Api(worker.url);
          await api.login(unit, PASSWORD);
          clients.set(unit, api);
        }
        return api;
      };
      for (let version = 1; version <= 3; version++) {
        for (const ledger of all) {
          const field = ALTERED[ledger.kind];
          const rows = ledger.rows.map((r, i) =>
            field && version > 1 && i % 10 === version - 2
              ? { ...r, values: { ...r.values, [field]: `第${version}版修改` } }
              : r,
          );
          const { unit, kind, period, sourceName } = ledger;
          await (await client(unit)).submit(
            { unit, kind, period, sourceName, rows },
            `storage-${unit}-${kind}-${version}`,
          );
        }
      }
    } finally {
      await worker.stop();
    }
    const seconds = (performance.now() - t0) / 1000;
    const bytes = d1Bytes(persistTo);
    // Where the bytes go: the largest tables and indexes, printed beside the figure.
    const largest = d1Largest(persistTo, 8)
      .map((t) => `${t.name} ${(t.bytes / 1e6).toFixed(1)} MB`)
      .join(', ');
    console.log(`storage: largest tables and indexes: ${largest}`);
    const rows = [...counts.values()].reduce((a, b) => a + b, 0);
    const what = ['case', 'household', 'visit', 'cadre']
      .map((k) => `${(counts.get(k) ?? 0).toLocaleString('en')} ${k}s`)
      .join(', ');
    return [
      {
        name: `D1 size of a district-year: ${what}, three versions each`,
        figure: `${(bytes / 1e6).toFixed(0)} MB = ${((100 * bytes) / D1_LIMIT_BYTES).toFixed(2)}% (${Math.round(bytes / rows)} bytes per record)`,
        reference: `D1's 10 GB per database; written in ${seconds.toFixed(0)} s`,
        ratio: bytes / D1_LIMIT_BYTES,
        goal: '< 2% of 10 GB',
        met: bytes < 0.02 * D1_LIMIT_BYTES,
      },
    ];
  } finally {
    if (!process.env.KEEP) rmSync(persistTo, { recursive: true, force: true });
    else console.log(persistTo);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(await benchStorage(Number(process.argv[2] ?? 1)));
}
