/**
 * The scores' speed figures. Reports, never asserts:
 * - scores for a district of 1,000,000 cases over 300 residential areas: through the Worker on local
 *   D1 (`GET /api/scores`, wall time), beside the same SQL on raw SQLite (node:sqlite) — goal within
 *   2× of raw SQLite and under 3 s — and beside the shared function the CLI runs;
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { applyMigrations, startLocalWorker } from '../scripts/local-worker.ts';
import { seedCalendar } from '../shared/calendar.ts';
import { dueDates, type EscalationCase, ratingDateOf } from '../shared/escalation.ts';
import { buildOrgTree, type Unit } from '../shared/org.ts';
import { dueDateCache, groupFigures, type ScoredCase } from '../shared/scores.ts';
import { DEFAULT_SETTINGS } from '../shared/settings.ts';
import {
  calendarGapsSql,
  countsSql,
  GROUP_KEY,
  inScope,
  steppedCasesSql,
  UNLOADED_DUE_SQL,
  unloadedSpans,
} from '../worker/src/scores-sql.ts';
import type { BenchRow } from './table.ts';

const AS_OF = '2026-11-15';
const PASSWORD = 'bench-password-2026';
const calendar = seedCalendar();

/** A district of 12 sub-districts × 25 residential areas, with 5 departments. */
export function benchOrg(): Unit[] {
  const units: Unit[] = [{ code: 'BX', name: '基准区', kind: 'district', parent: null }];
  for (let s = 1; s <= 12; s++) {
    const sub = `BX-S${String(s).padStart(2, '0')}`;
    units.push({ code: sub, name: `第${s}街道`, kind: 'subdistrict', parent: 'BX' });
    for (let a = 1; a <= 25; a++) {
      const code = `${sub}-${String(a).padStart(3, '0')}`;
      units.push({ code, name: `${sub}第${a}居民区`, kind: 'residential', parent: sub });
    }
  }
  for (let d = 1; d <= 5; d++) {
    units.push({ code: `BX-D-${d}`, name: `第${d}局`, kind: 'department', parent: 'BX' });
  }
  return units;
}

/** Bootstraps a fresh local Worker with the bench's org and signs in as the district. */
export async function signInAsDistrict(url: string, units: readonly Unit[]): Promise<string> {
  const orgCsv = [
    'code,name,kind,parent',
    ...units.map((u) => `${u.code},${u.name},${u.kind},${u.parent ?? ''}`),
  ].join('\n');
  const post = (route: string, json: unknown) =>
    fetch(`${url}${route}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(json),
    });
  const boot = await post('/api/admin/bootstrap', { orgCsv, password: PASSWORD });
  if (!boot.ok) throw new Error(`bootstrap: ${boot.status} ${await boot.text()}`);
  const login = await post('/api/auth/login', { username: 'BX', password: PASSWORD });
  return ((await login.json()) as { token: string }).token;
}

/** mulberry32 */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const SATISFACTIONS = ['满意', '满意', '满意', '满意', '基本满意', '不满意', '未评价'];
const CATEGORIES = ['基础设施', '城市管理', '住房与旧改', '环境卫生', '治安与纠纷', '社会救助'];

type BenchCase = ScoredCase &
  EscalationCase & { area: string; firstReceiver: string; assignee: string | null };

/** `n` cases over the areas, received in 2026 up to the as-of date; `open` share left unresolved. */
export function benchCases(areas: readonly string[], n: number, open = 0.1, seed = 5): BenchCase[] {
  const next = random(seed);
  const start = Date.parse('2026-01-01T00:00:00Z');
  const span = (Date.parse(`${AS_OF}T00:00:00Z`) - start) / DAY;
  const cases: BenchCase[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const received = start + Math.floor(next() * span) * DAY;
    const replied = next() < 0.9 ? received + Math.floor(next() * 10) * DAY : null;
    const resolved = next() >= open ? (replied ?? received) + Math.floor(next() * 35) * DAY : null;
    const cap = (ms: number | null) => (ms === null || iso(ms) > AS_OF ? null : iso(ms));
    const repliedOn = cap(replied);
    const resolvedOn = cap(resolved);
    cases[i] = {
      caseNo: String(i).padStart(8, '0'),
      receivedOn: iso(received),
      status: resolvedOn ? '已办结' : repliedOn ? '已答复' : '办理中',
      repliedOn,
      resolvedOn,
      satisfaction: repliedOn || resolvedOn ? SATISFACTIONS[i % SATISFACTIONS.length]! : '未评价',
      category: CATEGORIES[i % CATEGORIES.length]!,
      reporterPhone: `139${String(Math.floor(next() * 2_000_000)).padStart(8, '0')}`,
      address: null,
      area: areas[i % areas.length]!,
      firstReceiver: `干部${i % 1000}`,
      assignee: i % 7 === 0 ? `BX-D-${(i % 5) + 1}` : null,
    };
  }
  return cases;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
function timed<T>(work: () => T): [T, number] {
  const t0 = performance.now();
  const result = work();
  return [result, performance.now() - t0];
}

/** Writes units and cases (due dates filled, as the Worker's writes leave them) into a SQLite file. */
export function populate(file: string, units: readonly Unit[], cases: readonly BenchCase[]): void {
  const db = new DatabaseSync(file);
  const now = new Date().toISOString();
  db.exec('BEGIN');
  const unit = db.prepare(
    'INSERT OR REPLACE INTO units (code, name, kind, parent, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  for (const u of units) unit.run(u.code, u.name, u.kind, u.parent, now, now);
  const insert = db.prepare(
    `INSERT INTO cases (unit, area, owner_unit, natural_key, period, case_no, received_on, reporter_name,
       reporter_phone, category, summary, first_receiver, assignee, assignee_unit, status, replied_on,
       resolved_on, satisfaction, reply_due, resolution_due, reopen_due, data, submission_id, created_at,
       updated_at)
     SELECT v ->> 'area', v ->> 'area', v ->> 'area', v ->> 'caseNo', '2026', v ->> 'caseNo',
       v ->> 'receivedOn', '居民', v ->> 'reporterPhone', v ->> 'category', '诉求', v ->> 'firstReceiver',
       v ->> 'assignee', v ->> 'assignee', v ->> 'status', v ->> 'repliedOn', v ->> 'resolvedOn',
       v ->> 'satisfaction', v ->> 'replyDue', v ->> 'resolutionDue', v ->> 'reopenDue', '{}',
       'bench', ?2, ?2
       FROM (SELECT value AS v FROM json_each(?1))`,
  );
  const due = new Map<string, ReturnType<typeof dueDates>>();
  const { reopenDue } = dueDateCache(DEFAULT_SETTINGS, calendar);
  for (let i = 0; i < cases.length; i += 20_000) {
    const chunk = cases.slice(i, i + 20_000).map((c) => {
      let d = due.get(c.receivedOn);
      if (!d) {
        d = dueDates(c.receivedOn, DEFAULT_SETTINGS, calendar);
        due.set(c.receivedOn, d);
      }
      // A 不满意 case's new resolution due date runs from its rating (as the Worker stores it).
      const reopen = c.satisfaction === '不满意' ? reopenDue(ratingDateOf(c)) : null;
      return { ...c, ...d, reopenDue: reopen };
    });
    insert.run(JSON.stringify(chunk), now);
  }
  db.exec('COMMIT');
  db.close();
}

/**
 * The statements `GET /api/scores` runs over the cases, on raw SQLite: the counts per area (summed
 * per child and in total by the caller), the cases with stored steps, and the check for due dates
 * in years without a holiday schedule (the years themselves only when it finds some).
 */
function rawCounts(file: string, units: readonly Unit[]): number {
  const org = buildOrgTree(units);
  const db = new DatabaseSync(file, { readOnly: true });
  const scope = 'c.owner_unit IN (SELECT value FROM json_each(?1))';
  const params = [
    JSON.stringify(org.subtree('BX').map((u) => u.code)),
    AS_OF,
    '2026-01-01',
    '2026-12-31',
  ];
  const t0 = performance.now();
  db.prepare(countsSql(scope, GROUP_KEY.children)).all(...params);
  db.prepare(steppedCasesSql(scope, GROUP_KEY.children)).all(...params);
  const years = db.prepare('SELECT year FROM calendar_years').all() as { year: number }[];
  const spans = unloadedSpans(new Set(years.map((r) => r.year)));
  if (db.prepare(UNLOADED_DUE_SQL).get(JSON.stringify(spans))) {
    db.prepare(calendarGapsSql(inScope(scope))).all(...params);
  }
  const ms = performance.now() - t0;
  db.close();
  return ms;
}

export function d1File(persistTo: string): string {
  const dir = path.join(persistTo, 'v3', 'd1', 'miniflare-D1DatabaseObject');
  const file = readdirSync(dir).find((f) => f.endsWith('.sqlite') && f !== 'metadata.sqlite');
  if (!file) throw new Error(`no local D1 database in ${dir}`);
  return path.join(dir, file);
}

/** Scores over 1,000,000 cases: Worker on local D1, raw SQLite, shared function. */
export async function benchScores(n = 1_000_000): Promise<BenchRow[]> {
  const units = benchOrg();
  const areas = units.filter((u) => u.kind === 'residential').map((u) => u.code);
  const cases = benchCases(areas, n);
  const org = buildOrgTree(units);
  const [, pureMs] = timed(() =>
    groupFigures(cases, 'children', {
      asOf: AS_OF,
      settings: DEFAULT_SETTINGS,
      calendar,
      period: '2026',
      org,
      unit: 'BX',
    }),
  );

  const persistTo = mkdtempSync(path.join(tmpdir(), 'minqing-bench-'));
  try {
    await applyMigrations(persistTo);
    const file = d1File(persistTo);
    populate(file, units, cases);
    const rawMs = Math.min(rawCounts(file, units), rawCounts(file, units));
    const worker = await startLocalWorker({ persistTo, vars: { ALLOW_BOOTSTRAP: 'true' } });
    let workerMs = Number.NaN;
    try {
      const token = await signInAsDistrict(worker.url, units);
      const url = `${worker.url}/api/scores?unit=BX&period=2026&asOf=${AS_OF}&by=children`;
      const times: number[] = [];
      for (let run = 0; run < 3; run++) {
        const t0 = performance.now();
        const res = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
        const json = (await res.json()) as { total?: { intake: number } };
        if (json.total?.intake !== n)
          throw new Error(`scores: ${res.status} ${JSON.stringify(json)}`);
        times.push(performance.now() - t0);
      }
      workerMs = Math.min(...times);
    } finally {
      await worker.stop();
    }
    const label = `${(n / 1e6).toFixed(n % 1e6 ? 1 : 0)}M cases, 300 areas`;
    return [
      {
        name: `scores, ${label}: Worker on local D1`,
        figure: seconds(workerMs),
        reference: `raw SQLite ${seconds(rawMs)}`,
        ratio: workerMs / rawMs,
        goal: '≤ 2× raw SQLite, < 3 s',
        met: workerMs <= 2 * rawMs && workerMs < 3000,
      },
      {
        name: `scores, ${label}: shared function (CLI)`,
        figure: seconds(pureMs),
        reference: `raw SQLite ${seconds(rawMs)}`,
        ratio: pureMs / rawMs,
        goal: '',
        met: null,
      },
    ];
  } finally {
    rmSync(persistTo, { recursive: true, force: true });
  }
}
