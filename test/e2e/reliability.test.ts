/**
 * Nothing lost, nothing doubled, never a 500 — against the real local Worker:
 * - load: concurrent clients submitting (some repeating their key, some the same ledger);
 * - hostile input: random and malicious submissions (fast-check);
 * - faults: the Worker process killed while a large submission is in flight, then the retry.
 * Reports its figures to the run's one table (test/e2e/figures.ts). `npm run test:reliability` runs
 * it at full size (RELIABILITY=full), with the attack replays and the launcher's interruptions.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, ApiError, type Receipt } from '../../cli/api.ts';
import { readOrgFile } from '../../cli/org.ts';
import { type LocalWorker, startLocalWorker, wrangler } from '../../scripts/local-worker.ts';
import { bootstrapDemo, DEMO_PASSWORD } from '../../scripts/seed.ts';
import { validateRows } from '../../shared/ledgers/index.ts';
import { newFigures, reportFigures } from './figures.ts';

const FULL = process.env.RELIABILITY === 'full';
const CLIENTS = 50;
const ROWS_PER_LEDGER = FULL ? 200 : 40;
/** Hostile submissions sent to the Worker, and hostile rows put through the shared validator. */
const HOSTILE_RUNS = FULL ? 1_000 : 60;
const VALIDATOR_RUNS = FULL ? 10_000 : 1_000;

const org = readOrgFile();
const areas = org.units.filter((u) => u.kind === 'residential').map((u) => u.code);
const figures = { ...newFigures(), concurrentClients: CLIENTS };

let worker: LocalWorker;
let state: string;

beforeAll(async () => {
  state = mkdtempSync(path.join(tmpdir(), 'minqing-reliability-'));
  worker = await startLocalWorker({ persistTo: state, vars: { ALLOW_BOOTSTRAP: 'true' } });
  await bootstrapDemo(worker.url);
}, 180_000);

// biome-ignore lint/correctness/noEmptyPattern: vitest reads a hook's fixtures from its first parameter's pattern
afterAll(async ({}, suite) => {
  await worker?.stop();
  rmSync(state, { recursive: true, force: true });
  reportFigures(suite, figures);
});

/** Sends a request and counts it; a 5xx is counted, whatever the caller expects. */
async function send(
  api: Api,
  method: string,
  url: string,
  body?: unknown,
  headers?: Record<string, string>,
) {
  figures.requests++;
  try {
    return { status: 200, body: await api.request<unknown>(method, url, body, headers) };
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    if (error.status >= 500 || error.status === 0) figures.serverErrors++;
    return { status: error.status, error };
  }
}

async function signIn(unit: string, server = worker.url) {
  const api = new Api(server);
  await api.login(unit, DEMO_PASSWORD);
  return api;
}

function caseRows(prefix: string, area: string, n: number, note = '') {
  return Array.from({ length: n }, (_, i) => ({
    row: i + 3,
    values: {
      caseNo: `${prefix}-${i + 1}`,
      receivedOn: `2026-0${(i % 9) + 1}-1${i % 10}`,
      channel: '来电',
      reporterName: '王秀英',
      reporterPhone: '13912345678',
      area,
      category: '环境卫生',
      summary: `垃圾箱房异味${note}`,
      firstReceiver: '陆建华',
      status: '已受理',
    },
  }));
}

async function storedCaseNos(api: Api, unit: string): Promise<string[]> {
  const caseNos: string[] = [];
  let cursor: string | null = null;
  do {
    const query = new URLSearchParams({ unit, limit: '500', ...(cursor ? { cursor } : {}) });
    const page = await api.request<{ items: Record<string, unknown>[]; nextCursor: string | null }>(
      'GET',
      `/api/cases?${query}`,
    );
    figures.requests++;
    for (const item of page.items) {
      caseNos.push(String(item.caseNo ?? (item.values as { caseNo?: string } | undefined)?.caseNo));
    }
    cursor = page.nextCursor;
  } while (cursor);
  return caseNos;
}

describe('under load', () => {
  it(`${CLIENTS} concurrent clients: no 500s, no duplicates, no lost rows, receipts match`, async () => {
    const expected = new Map<string, Set<string>>();
    const receipts: { receipt: Receipt; rows: number }[] = [];
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, client) => {
        const unit = areas[client % areas.length]!;
        const api = await signIn(unit);
        // Clients 0–9 send their ledger twice with one key; 10–19 send a second version of the
        // same unit's ledger under another key; the rest each send their own ledger (a month's,
        // from client 36 a quarter's: a second version of one ledger would replace its rows).
        const sameLedger = client >= 10 && client < 20;
        const period = sameLedger
          ? '2026'
          : client < 36
            ? `2026-${String((client % 12) + 1).padStart(2, '0')}`
            : `2026Q${(client % 4) + 1}`;
        const prefix = sameLedger ? `S-${unit}` : `C${client}`;
        const rows = caseRows(
          prefix,
          unit,
          ROWS_PER_LEDGER,
          sameLedger ? `（客户端${client}）` : '',
        );
        const body = { kind: 'case', unit, period, sourceName: `load-${client}.xlsx`, rows };
        const key = `load-${client}`;
        const attempts = client < 10 ? [key, key] : [key];
        const results = await Promise.all(
          attempts.map((k) =>
            send(api, 'POST', '/api/submissions', body, { 'idempotency-key': k }),
          ),
        );
        for (const result of results) {
          // A busy ledger may answer 409 (another version is being written): the client retries.
          let final = result;
          for (let retry = 0; final.status === 409 && retry < 5; retry++) {
            await new Promise((resolve) => setTimeout(resolve, 200 * (retry + 1)));
            final = await send(api, 'POST', '/api/submissions', body, { 'idempotency-key': key });
          }
          expect([200, 201], JSON.stringify(final.error?.message)).toContain(
            final.status === 200 && final.body ? 200 : final.status,
          );
          if (final.body) receipts.push({ receipt: final.body as Receipt, rows: rows.length });
        }
        const set = expected.get(unit) ?? new Set<string>();
        for (const row of rows) set.add(String(row.values.caseNo));
        expected.set(unit, set);
      }),
    );

    for (const { receipt, rows } of receipts) {
      expect(receipt.inserted + receipt.updated + receipt.unchanged).toBe(rows);
    }
    // Repeated keys return the very same receipt.
    const byKey = new Map<string, Receipt[]>();
    for (const { receipt } of receipts) {
      const list = byKey.get(String(receipt.id)) ?? [];
      list.push(receipt);
      byKey.set(String(receipt.id), list);
    }
    for (const list of byKey.values()) for (const r of list) expect(r).toEqual(list[0]);

    const district = await signIn('YP');
    for (const [unit, caseNos] of expected) {
      const stored = await storedCaseNos(district, unit);
      figures.duplicates += stored.length - new Set(stored).size;
      figures.rowsLost += [...caseNos].filter((no) => !stored.includes(no)).length;
    }
    expect(figures.serverErrors).toBe(0);
    expect(figures.duplicates).toBe(0);
    expect(figures.rowsLost).toBe(0);
  }, 300_000);
});

const HOSTILE_UNIT = 'YP-CB-005';
/** Values as an attacker would send them: odd types, injections, invisible and bidi characters. */
const hostileValue = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 50 }),
  fc.string({ minLength: 2_100, maxLength: 2_500 }),
  fc.constantFrom(
    "'; DROP TABLE cases; --",
    '" OR 1=1 --',
    '=HYPERLINK("http://evil.example","x")',
    '+cmd|"/C calc"!A0',
    '@SUM(1+1)',
    '-1+1',
    '\u0000\u0007\u001b[31m',
    '<script>alert(1)</script>',
    'YP-WJC-001',
    '国定一居民区',
    '9999-99-99',
    'INJ-ZW\u200b',
    '\u2060YP-CB-005',
    '王\u202e秀英',
    '\u2066H-1\u2069',
  ),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.object({ maxDepth: 2 }),
);
const field = fc.constantFrom(
  'caseNo',
  'receivedOn',
  'area',
  'summary',
  'reporterPhone',
  'status',
  'satisfaction',
  '__proto__',
  'constructor',
  'x',
);
/** A row of the hostile area's ledger: a valid case overlaid with hostile values, or anything. */
const hostileRow = fc.record({
  row: fc.oneof(fc.integer({ min: 1, max: 1_000_000 }), fc.constant(-1), fc.string()),
  values: fc.oneof(
    fc.dictionary(field, hostileValue, { maxKeys: 6 }).map((extra) => ({
      ...caseRows('H', HOSTILE_UNIT, 1)[0]!.values,
      ...extra,
    })),
    hostileValue,
  ),
});

describe('hostile input', () => {
  it('never a 500, never a partial write, every rejection names row, field and code', async () => {
    const unit = HOSTILE_UNIT;
    const api = await signIn(unit);
    const body = fc.oneof(
      fc.record({
        kind: fc.oneof(fc.constant('case'), hostileValue),
        unit: fc.oneof(fc.constant(unit), fc.constant('YP-WJC-001'), hostileValue),
        period: fc.oneof(fc.constant('2026'), hostileValue),
        sourceName: hostileValue,
        rows: fc.oneof(fc.array(hostileRow, { maxLength: 8 }), hostileValue),
      }),
      hostileValue,
    );
    let accepted = 0;
    const before = (await storedCaseNos(await signIn('YP'), unit)).length;
    await fc.assert(
      fc.asyncProperty(body, fc.nat(), async (payload, n) => {
        figures.hostileInputs++;
        const result = await send(api, 'POST', '/api/submissions', payload, {
          'idempotency-key': `hostile-${figures.hostileInputs}-${n}`,
        });
        expect(result.status).not.toBeGreaterThanOrEqual(500);
        if (result.error) {
          expect(result.error.code).toMatch(/^[A-Z][A-Z0-9_]+$/);
          expect(result.error.message.length).toBeGreaterThan(0);
          for (const issue of result.error.issues) {
            expect(issue).toMatchObject({
              row: expect.anything(),
              field: expect.any(String),
              code: expect.stringMatching(/^[A-Z_]+$/),
            });
          }
        } else accepted += (result.body as Receipt).inserted;
      }),
      { numRuns: HOSTILE_RUNS },
    );
    const stored = await storedCaseNos(await signIn('YP'), unit);
    // Only whole accepted submissions were written: exactly what their receipts say.
    expect(stored.length - before).toBe(accepted);
    expect(figures.serverErrors).toBe(0);
  }, 300_000);

  it(`the shared validator: ${VALIDATOR_RUNS} hostile rows never throw, and every problem names row, field and a clear message`, () => {
    fc.assert(
      fc.property(fc.array(hostileRow, { minLength: 1, maxLength: 4 }), (rows) => {
        figures.hostileInputs++;
        const input = rows.map((r, i) => ({
          row: i + 3,
          values: (r.values && typeof r.values === 'object' ? r.values : { x: r.values }) as Record<
            string,
            unknown
          >,
        }));
        const { records, issues } = validateRows('case', input, {
          org,
          unit: HOSTILE_UNIT,
          asOf: '2026-11-16',
        });
        // Nothing half-accepted: each row is a record or has problems, never both, never lost.
        const failed = new Set(issues.map((i) => i.row));
        expect(records.length + failed.size).toBe(input.length);
        for (const issue of issues) {
          expect(issue.code).toMatch(/^[A-Z][A-Z0-9_]+$/);
          expect(issue.message.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: VALIDATOR_RUNS },
    );
  });

  it('answers malformed JSON and an oversized body in the one error shape', async () => {
    figures.requests += 2;
    const token = (await signIn('YP-CB-005')).token!;
    const malformed = await fetch(`${worker.url}/api/submissions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: '{"kind": "case", rows: [',
    });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({
      error: { code: expect.any(String), message: expect.any(String) },
    });
    const huge = await fetch(`${worker.url}/api/auth/password`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ padding: 'x'.repeat(3 * 1024 * 1024) }),
    });
    expect(huge.status).toBe(413);
    const error = (await huge.json()) as { error: { code: string; message: string } };
    expect(error.error.message).toMatch(/MB/);
  });
});

describe('faults', () => {
  it('a Worker killed during a large submission leaves nothing half-written; the retry succeeds once', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'minqing-fault-'));
    let local = await startLocalWorker({ persistTo: dir, vars: { ALLOW_BOOTSTRAP: 'true' } });
    try {
      await bootstrapDemo(local.url);
      const unit = 'YP-CB-002';
      const rows = caseRows('F', unit, FULL ? 20_000 : 5_000);
      const body = { kind: 'case', unit, period: '2026', sourceName: 'fault.xlsx', rows };
      const headers = { 'idempotency-key': 'fault-1' };
      let api = await signIn(unit, local.url);
      const inFlight = api.request('POST', '/api/submissions', body, headers).catch(() => null);
      await new Promise((resolve) => setTimeout(resolve, 400));
      await local.kill();
      figures.faultsInjected++;
      await inFlight;
      figures.requests++;

      local = await startLocalWorker({
        persistTo: dir,
        port: local.port,
        vars: { ALLOW_BOOTSTRAP: 'true' },
      });
      api = await signIn(unit, local.url);
      const district = await signIn('YP', local.url);
      const afterCrash = await storedCaseNos(district, unit);
      // All or nothing: either the batch committed before the kill or none of it did.
      expect([0, rows.length]).toContain(afterCrash.length);

      const retry = await send(api, 'POST', '/api/submissions', body, headers);
      expect([200, 201]).toContain(retry.status);
      const again = await send(api, 'POST', '/api/submissions', body, headers);
      expect(again.status).toBe(200);
      expect(again.body).toEqual(retry.body);
      const stored = await storedCaseNos(district, unit);
      figures.duplicates += stored.length - new Set(stored).size;
      figures.rowsLost += rows.length - new Set(stored).size;
      expect(stored.length).toBe(rows.length);
    } finally {
      await local.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);

  it('the daily sweep killed mid-way and run again yields the same events as one clean run', async () => {
    const base = mkdtempSync(path.join(tmpdir(), 'minqing-sweep-'));
    const clean = path.join(base, 'clean');
    const interrupted = path.join(base, 'interrupted');
    try {
      // One district with many open cases, copied so both runs start from the same state.
      let local = await startLocalWorker({ persistTo: clean, vars: { ALLOW_BOOTSTRAP: 'true' } });
      await bootstrapDemo(local.url);
      for (const unit of areas.slice(0, FULL ? 4 : 3)) {
        const api = await signIn(unit, local.url);
        const rows = caseRows(`W-${unit}`, unit, FULL ? 3_000 : 2_000);
        await api.submit(
          { kind: 'case', unit, period: '2026', sourceName: 'sweep.xlsx', rows } as never,
          `sweep-${unit}`,
        );
      }
      await local.stop();
      cpSync(clean, interrupted, { recursive: true });

      local = await startLocalWorker({ persistTo: clean });
      await send(await signIn('YP', local.url), 'POST', '/api/sweep', { date: '2026-11-15' });
      await local.stop();

      local = await startLocalWorker({ persistTo: interrupted });
      const sweep = (await signIn('YP', local.url))
        .request('POST', '/api/sweep', { date: '2026-11-15' })
        .catch(() => null);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await local.kill();
      figures.faultsInjected++;
      await sweep;
      local = await startLocalWorker({ persistTo: interrupted, port: local.port });
      const api = await signIn('YP', local.url);
      await send(api, 'POST', '/api/sweep', { date: '2026-11-15' });
      await send(api, 'POST', '/api/sweep', { date: '2026-11-15' });
      await local.stop();

      const state = async (dir: string) => {
        const sql =
          'SELECT (SELECT json_group_array(json_array(case_id, at, from_level, to_level, reason)) FROM (SELECT * FROM case_climbs ORDER BY case_id, at, reason)) AS events, ' +
          '(SELECT json_group_array(json_array(id, level)) FROM (SELECT id, level FROM case_rows ORDER BY id)) AS levels';
        const output = await wrangler([
          'd1',
          'execute',
          'minqing',
          '--local',
          '--persist-to',
          dir,
          '--json',
          '--command',
          sql,
        ]);
        const [result] = JSON.parse(output.slice(output.indexOf('['))) as [
          { results: [{ events: string; levels: string }] },
        ];
        return {
          events: JSON.parse(result.results[0].events) as unknown[],
          levels: JSON.parse(result.results[0].levels) as unknown[],
        };
      };
      const expected = await state(clean);
      const actual = await state(interrupted);
      expect(expected.events.length).toBeGreaterThan(0);
      expect(actual.events).toEqual(expected.events);
      expect(actual.levels).toEqual(expected.levels);
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  }, 900_000);
});
