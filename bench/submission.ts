/**
 * A 10,000-row case submission through the real local Worker (`POST /api/submissions`: validation,
 * JSON chunks, history, upsert, receipt — one D1 batch), beside a raw SQLite insert of the same
 * rows into the same schema in one transaction (node:sqlite). Goal: within 5× of raw SQLite.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { ROOT, startLocalWorker } from '../scripts/local-worker.ts';
import type { BenchRow } from './table.ts';

const PASSWORD = 'minqing-demo';

/** Canonical case rows of one residential area, numbered from `from`. */
function caseRows(n: number, from = 0) {
  return Array.from({ length: n }, (_, i) => ({
    row: i + 3,
    values: {
      caseNo: `B-${String(from + i).padStart(6, '0')}`,
      receivedOn: `2026-${String((i % 10) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`,
      channel: '来电',
      reporterName: '王建华',
      reporterPhone: '13912341139',
      address: `长白路${i % 900}弄${i % 60}号`,
      area: 'YP-CB-001',
      category: '环境卫生',
      summary: '垃圾箱房异味严重，希望尽快处理',
      firstReceiver: '李敏',
      assignee: null,
      status: '办理中',
      repliedOn: null,
      resolvedOn: null,
      result: null,
      signedOff: null,
      revisitOn: null,
      satisfaction: '未评价',
      remarks: null,
    },
  }));
}

/** The same rows inserted into the migrated schema on plain SQLite, one transaction. */
function rawInsertMs(rows: ReturnType<typeof caseRows>): number {
  const dir = mkdtempSync(path.join(tmpdir(), 'minqing-raw-'));
  try {
    const db = new DatabaseSync(path.join(dir, 'raw.sqlite'));
    const migrations = path.join(ROOT, 'worker/migrations');
    for (const file of readdirSync(migrations)
      .filter((f) => f.endsWith('.sql'))
      .sort()) {
      db.exec(readFileSync(path.join(migrations, file), 'utf8'));
    }
    db.exec(
      "INSERT INTO units (code, name, kind, parent, created_at, updated_at) VALUES ('YP-CB-001', '长白一村居民区', 'residential', NULL, '', '')",
    );
    const insert = db.prepare(
      `INSERT INTO cases (unit, area, owner_unit, natural_key, period, case_no, received_on, channel,
         reporter_name, reporter_phone, address, category, summary, first_receiver, status,
         satisfaction, level, data, submission_id, version, created_at, updated_at)
       VALUES ('YP-CB-001', ?, ?, ?, '2026', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, 'raw', 1, ?, ?)`,
    );
    const now = new Date().toISOString();
    const t0 = performance.now();
    db.exec('BEGIN');
    for (const { values: v } of rows) {
      insert.run(
        v.area,
        v.area,
        v.caseNo,
        v.caseNo,
        v.receivedOn,
        v.channel,
        v.reporterName,
        v.reporterPhone,
        v.address,
        v.category,
        v.summary,
        v.firstReceiver,
        v.status,
        v.satisfaction,
        JSON.stringify(v),
        now,
        now,
      );
    }
    db.exec('COMMIT');
    const ms = performance.now() - t0;
    db.close();
    return ms;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchSubmission(n = 10_000): Promise<BenchRow[]> {
  const persistTo = mkdtempSync(path.join(tmpdir(), 'minqing-bench-submit-'));
  try {
    const worker = await startLocalWorker({ persistTo, vars: { ALLOW_BOOTSTRAP: 'true' } });
    const times: number[] = [];
    try {
      const post = (route: string, json: unknown, headers: Record<string, string> = {}) =>
        fetch(`${worker.url}${route}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', ...headers },
          body: JSON.stringify(json),
        });
      const orgCsv = readFileSync(path.join(ROOT, 'data/demo-org.csv'), 'utf8');
      const boot = await post('/api/admin/bootstrap', { orgCsv, password: PASSWORD });
      if (!boot.ok && boot.status !== 409) throw new Error(`bootstrap: ${boot.status}`);
      const login = await post('/api/auth/login', { username: 'YP-CB-001', password: PASSWORD });
      const { token } = (await login.json()) as { token: string };
      // Each run writes a new ledger (its own period and range of case numbers).
      for (let run = 0; run < 3; run++) {
        const rows = caseRows(n, run * n);
        const t0 = performance.now();
        const res = await post(
          '/api/submissions',
          {
            kind: 'case',
            unit: 'YP-CB-001',
            period: `2026-0${run + 1}`,
            sourceName: 'bench.xlsx',
            rows,
          },
          { Authorization: `Bearer ${token}`, 'Idempotency-Key': `bench-${run}` },
        );
        const receipt = (await res.json()) as { inserted?: number };
        if (res.status !== 201 || receipt.inserted !== n) {
          throw new Error(`submission: ${res.status} ${JSON.stringify(receipt).slice(0, 300)}`);
        }
        times.push(performance.now() - t0);
      }
    } finally {
      await worker.stop();
    }
    const workerMs = Math.min(...times);
    const rawMs = Math.min(rawInsertMs(caseRows(n)), rawInsertMs(caseRows(n)));
    const rate = Math.round(n / (workerMs / 1000));
    return [
      {
        name: `submission, ${n.toLocaleString('en')} case rows through the local Worker`,
        figure: `${(workerMs / 1000).toFixed(2)} s (${rate.toLocaleString('en')} rows/s)`,
        reference: `raw SQLite ${(rawMs / 1000).toFixed(3)} s`,
        ratio: workerMs / rawMs,
        goal: '≤ 5× raw SQLite',
        met: workerMs <= 5 * rawMs,
      },
    ];
  } finally {
    rmSync(persistTo, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(await benchSubmission());
}
