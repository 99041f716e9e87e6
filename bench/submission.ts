/**
 * A 10,000-row case submission through the real local Worker (`POST /api/submissions`, its JSON
 * gzipped as the add-in and the CLI send it: validation, JSON chunks, history, upsert, receipt — one
 * D1 batch), beside a raw SQLite insert of the same
 * rows into the same schema in one transaction (node:sqlite) plus the shared validator's pass over
 * them — the floor for this work. Goal: within 3× of the floor. Then the D1 growth of resubmitting
 * the ledger with one row in ten changed, and unchanged (docs/decisions/0013).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { ROOT, startLocalWorker } from '../scripts/local-worker.ts';
import { validateRows } from '../shared/ledgers/index.ts';
import { buildOrgTree, parseOrgCsv } from '../shared/org.ts';
import type { BenchRow } from './table.ts';

const PASSWORD = 'minqing-demo';
const gzipAsync = promisify(gzip);
const GZIP_JSON = { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' };

/** Canonical case rows of one residential area, numbered from `from`. */
function caseRows(n: number, from = 0, area = 'YP-CB-001') {
  return Array.from({ length: n }, (_, i) => ({
    row: i + 3,
    values: {
      caseNo: `B-${String(from + i).padStart(6, '0')}`,
      receivedOn: `2026-${String((i % 10) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`,
      channel: '来电',
      reporterName: '王建华',
      reporterPhone: '13912341139',
      address: `长白路${i % 900}弄${i % 60}号`,
      area,
      category: '环境卫生',
      summary: '垃圾箱房异味严重，希望尽快处理',
      firstReceiver: '李敏',
      assignee: null,
      status: '办理中',
      repliedOn: null as string | null,
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
         satisfaction, received_level, data, submission_id, version, created_at, updated_at)
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
        // Every field has its column: `data` keeps none of them (docs/decisions/0013).
        '{}',
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

/** The local D1's size in bytes, as D1 counts it (pages in use, the free ones included). */
export function d1Bytes(persistTo: string): number {
  const db = openD1(persistTo);
  try {
    const pages = db.prepare('PRAGMA page_count').get() as { page_count: number };
    const size = db.prepare('PRAGMA page_size').get() as { page_size: number };
    return pages.page_count * size.page_size;
  } finally {
    db.close();
  }
}

/** The `count` largest tables and indexes of the local D1 of `persistTo`, largest first. */
export function d1Largest(persistTo: string, count: number): { name: string; bytes: number }[] {
  const db = openD1(persistTo);
  try {
    return db
      .prepare(
        'SELECT name, sum(pgsize) AS bytes FROM dbstat GROUP BY name ORDER BY 2 DESC LIMIT ?',
      )
      .all(count) as { name: string; bytes: number }[];
  } finally {
    db.close();
  }
}

/** The local D1's file, read-only; it waits out the lock of a workerd still exiting. */
function openD1(persistTo: string): DatabaseSync {
  const dir = path.join(persistTo, 'v3/d1/miniflare-D1DatabaseObject');
  const file = readdirSync(dir).find((f) => f.endsWith('.sqlite'));
  if (!file) throw new Error(`no local D1 under ${dir}`);
  return new DatabaseSync(path.join(dir, file), { readOnly: true, timeout: 10_000 });
}

/** The shared validator's pass over the rows, as the Worker runs it: the other half of the floor. */
function validatorMs(rows: ReturnType<typeof caseRows>): number {
  const org = buildOrgTree(parseOrgCsv(readFileSync(path.join(ROOT, 'data/demo-org.csv'), 'utf8')));
  const t0 = performance.now();
  const { issues } = validateRows('case', rows, { org, unit: 'YP-CB-001', asOf: '2026-11-30' });
  const ms = performance.now() - t0;
  if (issues.length > 0) throw new Error(`validator: ${JSON.stringify(issues[0])}`);
  return ms;
}

/** `Server-Timing: before;dur=…, batch;dur=…;desc="N statements", sql;dur=…, after;dur=…`. */
function serverTiming(res: Response) {
  const header = res.headers.get('Server-Timing') ?? '';
  const number = (pattern: RegExp) => Number(pattern.exec(header)?.[1] ?? Number.NaN);
  return {
    batchMs: number(/batch;dur=([\d.]+)/),
    sqlMs: number(/sql;dur=([\d.]+)/),
    statements: number(/"(\d+) statements"/),
    beforeMs: number(/before;dur=([\d.]+)/),
    afterMs: number(/after;dur=([\d.]+)/),
  };
}

const MB = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
type Run = { ms: number; bytes: { json: number; sent: number } } & ReturnType<typeof serverTiming>;
type Rows = ReturnType<typeof caseRows>;

/** Sets up a fresh local Worker (its demo org); gives each residential area's timed submit. */
async function submitterFor(url: string) {
  const post = (route: string, json: unknown, headers: Record<string, string> = {}) =>
    fetch(`${url}${route}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body: JSON.stringify(json),
    });
  const orgCsv = readFileSync(path.join(ROOT, 'data/demo-org.csv'), 'utf8');
  const boot = await post('/api/admin/bootstrap', { orgCsv, password: PASSWORD });
  if (!boot.ok && boot.status !== 409) throw new Error(`bootstrap: ${boot.status}`);
  return async (unit: string) => {
    const login = await post('/api/auth/login', { username: unit, password: PASSWORD });
    const { token } = (await login.json()) as { token: string };
    return (key: string, period: string, rows: Rows) => submitTimed(unit, token, key, period, rows);
  };

  /** Sent as the add-in and the CLI send a ledger: its JSON gzipped (docs/decisions/0017). */
  async function submitTimed(unit: string, token: string, key: string, period: string, rows: Rows) {
    const t0 = performance.now();
    const json = JSON.stringify({ kind: 'case', unit, period, sourceName: 'bench.xlsx', rows });
    const sent = await gzipAsync(json, { level: 1 });
    const res = await fetch(`${url}/api/submissions`, {
      method: 'POST',
      headers: { ...GZIP_JSON, Authorization: `Bearer ${token}`, 'Idempotency-Key': key },
      body: sent,
    });
    const receipt = (await res.json()) as { inserted?: number; updated?: number };
    if (res.status !== 201) {
      throw new Error(`submission: ${res.status} ${JSON.stringify(receipt).slice(0, 300)}`);
    }
    const bytes = { json: Buffer.byteLength(json), sent: sent.byteLength };
    return { ms: performance.now() - t0, receipt, bytes, ...serverTiming(res) };
  }
}

/**
 * One fresh local Worker, first warmed by a small ledger of another area, as a Worker serving a
 * district is (the first request of a fresh isolate also compiles the code): an area's first
 * ledger of `n` rows, timed, and the growth of the database it makes (the ledger's stored size).
 * With `more`, then that area's second period (written with history, as every later period is),
 * and its first ledger again with one row in ten replied to, and then unchanged: the database's
 * growth for each of the last two.
 */
async function submitLedgers(n: number, more: boolean) {
  const persistTo = mkdtempSync(path.join(tmpdir(), 'minqing-bench-submit-'));
  const worker = await startLocalWorker({ persistTo, vars: { ALLOW_BOOTSTRAP: 'true' } });
  try {
    const submitter = await submitterFor(worker.url);
    await (await submitter('YP-CB-004'))('warm', '2026-01', caseRows(1_000, 0, 'YP-CB-004'));
    const submit = await submitter('YP-CB-001');
    const before = d1Bytes(persistTo);
    const first = await submit('first', '2026-01', caseRows(n));
    if (first.receipt.inserted !== n) throw new Error('submission: not every row inserted');
    const ledgerBytes = d1Bytes(persistTo) - before;
    if (!more) return { first, ledgerBytes };
    const later = await submit('later', '2026-02', caseRows(n, n));
    const changed = caseRows(n).map((r, i) =>
      i % 10 === 0
        ? { ...r, values: { ...r.values, status: '已答复', repliedOn: '2026-11-02' } }
        : r,
    );
    const growth: number[] = [];
    for (const key of ['changed', 'unchanged']) {
      const size = d1Bytes(persistTo);
      await submit(key, '2026-01', changed);
      growth.push(d1Bytes(persistTo) - size);
    }
    return { first, ledgerBytes, later, growth };
  } finally {
    await worker.stop();
    rmSync(persistTo, { recursive: true, force: true });
  }
}

/** A resubmission's growth of D1 against the ledger's stored size, met under `percent` of it. */
function growthRow(what: string, bytes: number, ledgerBytes: number, percent: number): BenchRow {
  return {
    name: `resubmission, ${what}: D1 growth`,
    figure: MB(bytes),
    reference: `the ledger's stored size ${MB(ledgerBytes)}`,
    ratio: bytes / ledgerBytes,
    goal: `< ${percent}% of the ledger`,
    met: bytes < (percent / 100) * ledgerBytes,
  };
}

export async function benchSubmission(n = 10_000): Promise<BenchRow[]> {
  // Three fresh Workers, as the raw floor starts from an empty database: the median is the figure.
  const runs: Run[] = [];
  for (let i = 0; i < 2; i++) runs.push((await submitLedgers(n, false)).first);
  const { first, ledgerBytes, later, growth = [] } = await submitLedgers(n, true);
  runs.push(first);
  if (!later) throw new Error('submission: the later period was not measured');
  const median = [...runs].sort((x, y) => x.ms - y.ms)[1]!;
  const rawMs = Math.min(rawInsertMs(caseRows(n)), rawInsertMs(caseRows(n)));
  const validateMs = Math.min(validatorMs(caseRows(n)), validatorMs(caseRows(n)));
  const floorMs = rawMs + validateMs;
  const rate = Math.round(n / (median.ms / 1000));
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const [changedBytes = 0, unchangedBytes = 0] = growth;
  const rows = n.toLocaleString('en');
  return [
    {
      name: `submission, ${rows} case rows through the local Worker`,
      figure: `${s(median.ms)} (${rate.toLocaleString('en')} rows/s)`,
      reference: `floor ${s(floorMs)}: raw SQLite ${s(rawMs)} + validator ${s(validateMs)}`,
      ratio: median.ms / floorMs,
      goal: '≤ 3× the floor',
      met: median.ms <= 3 * floorMs,
    },
    {
      name: 'submission: where the time goes',
      figure: `${median.statements} statements; D1 batch ${s(median.batchMs)} (SQL ${s(median.sqlMs)})`,
      reference: `before the batch ${s(median.beforeMs)} (reads, validation, hashing); after it ${s(median.afterMs)} (due dates); the rest ${s(median.ms - median.beforeMs - median.batchMs - median.afterMs)}: the JSON and its gzip (${MB(median.bytes.json)} sent as ${MB(median.bytes.sent)}), HTTP and the body's parsing`,
      goal: 'report',
      met: null,
    },
    {
      name: `submission, a later period's ${rows} rows (written with history)`,
      figure: `${s(later.ms)}; D1 batch ${s(later.batchMs)} (SQL ${s(later.sqlMs)}), ${later.statements} statements`,
      reference: `floor ${s(floorMs)}`,
      ratio: later.ms / floorMs,
      goal: 'report',
      met: null,
    },
    growthRow(`${rows} rows, one in ten changed`, changedBytes, ledgerBytes, 15),
    growthRow(`${rows} rows, unchanged`, unchangedBytes, ledgerBytes, 1),
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(await benchSubmission(Number(process.argv[2] ?? 10_000)));
}
