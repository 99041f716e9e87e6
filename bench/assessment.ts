/**
 * The year-end roll's speed (docs/decisions/0009): `GET /api/assessment` for a district of
 * 1,000,000 cases, 300 residential areas and a register of 1,000 cadres, through the Worker on
 * local D1 (wall time per kind of roll), beside the same figures computed directly on raw SQLite
 * (node:sqlite) — the Worker's own statements (`worker/src/assessment-sql.ts`) and the shared
 * `assessmentRoll` over their rows, as the Worker computes it. Goal: within 2×. Reports, never
 * asserts; a roll that differs from the reference says so.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { applyMigrations, startLocalWorker } from '../scripts/local-worker.ts';
import {
  assessmentRoll,
  type Roll,
  type RollCadre,
  type RollCase,
  type RollData,
  type RollEvaluation,
  type RollOf,
  type RollVisit,
} from '../shared/assessment.ts';
import { makeCalendar } from '../shared/calendar.ts';
import type { ComplianceHousehold } from '../shared/compliance.ts';
import { buildOrgTree, type Unit } from '../shared/org.ts';
import { DEFAULT_SETTINGS } from '../shared/settings.ts';
import { defaultYearSettings } from '../shared/year-settings.ts';
import { rollStatements } from '../worker/src/assessment-sql.ts';
import { benchCases, benchOrg, d1File, populate, signInAsDistrict } from './scores.ts';
import type { BenchRow } from './table.ts';

const YEAR = 2026;
const AS_OF = '2026-11-15';
const RANKS = ['科级', '科级', '科级', '处级', '局级'];
const HOUSEHOLD_TYPES = ['困难户', '孤老', '模范人物', '工商个体户', '独居老人'];
const KINDS: RollOf[] = ['units', 'departments', 'cadres'];

/** 1,000 cadres named as the bench's cases' first receivers, each with an area as 联系点. */
function benchCadres(areas: readonly string[], n = 1000): Required<RollCadre>[] {
  return Array.from({ length: n }, (_, i) => ({
    cadreNo: `GB${String(i).padStart(4, '0')}`,
    name: `干部${i}`,
    unit: areas[i % areas.length]!.slice(0, 6),
    rank: RANKS[i % RANKS.length]!,
    contactArea: areas[i % areas.length]!,
  }));
}

/** Writes the register, households, visits and evaluations of the bench district. */
function populateRoll(file: string, units: readonly Unit[], cadres: readonly RollCadre[]): void {
  const db = new DatabaseSync(file);
  const now = new Date().toISOString();
  const areas = units.filter((u) => u.kind === 'residential').map((u) => u.code);
  db.exec('BEGIN');
  const cadre = db.prepare(
    `INSERT INTO cadres (unit, area, owner_unit, natural_key, period, cadre_no, name, cadre_unit, rank,
       contact_area, data, submission_id, created_at, updated_at)
     VALUES ('BX', NULL, 'BX', ?1, '2026', ?1, ?2, ?3, ?4, ?5, '{}', 'bench', ?6, ?6)`,
  );
  for (const c of cadres) cadre.run(c.cadreNo, c.name, c.unit!, c.rank!, c.contactArea!, now);
  // 20 households per area, those with a 六个一遍 duty paired with the area's cadres.
  const household = db.prepare(
    `INSERT INTO households (unit, area, owner_unit, natural_key, period, household_no, address,
       head_name, household_type, paired_cadre, last_visit_on, data, submission_id, created_at, updated_at)
     VALUES (?1, ?1, ?1, ?2, '2026', ?2, '地址', '户主', ?3, ?4, NULL, '{}', 'bench', ?5, ?5)`,
  );
  const visit = db.prepare(
    `INSERT INTO visits (unit, area, owner_unit, natural_key, period, visit_on, cadre, target, visit_type,
       content, case_nos, data, submission_id, created_at, updated_at)
     VALUES (?1, ?1, ?1, ?2, '2026', ?3, ?4, ?5, ?6, '走访', '[]', '{}', 'bench', ?7, ?7)`,
  );
  let visits = 0;
  for (const [a, area] of areas.entries()) {
    const own = cadres.filter((c) => c.contactArea === area);
    for (let h = 0; h < 20; h++) {
      const no = `${area}-H${String(h).padStart(2, '0')}`;
      const paired = own[h % own.length]!;
      household.run(area, no, HOUSEHOLD_TYPES[h % HOUSEHOLD_TYPES.length]!, paired.name, now);
      // Each household visited in every quarter of the year so far.
      for (const month of ['02', '05', '08', '11']) {
        visit.run(
          area,
          `V${visits++}`,
          `2026-${month}-0${1 + (h % 9)}`,
          paired.name,
          no,
          '走访帮困对象',
          now,
        );
      }
    }
    // Each cadre at his area's committee and on the contact day of every month so far.
    for (const c of own) {
      for (let m = 1; m <= 10; m++) {
        const month = String(m).padStart(2, '0');
        visit.run(
          area,
          `V${visits++}`,
          `2026-${month}-1${a % 9}`,
          c.name,
          '两委班子',
          '走访两委班子',
          now,
        );
      }
    }
  }
  const evaluation = db.prepare(
    `INSERT INTO evaluations (unit, area, owner_unit, natural_key, period, eval_period, subject_kind,
       subject, evaluator_group, overall, data, submission_id, created_at, updated_at)
     VALUES ('BX', NULL, 'BX', ?1, '2026', '2026', ?2, ?3, ?4, ?5, '{}', 'bench', ?6, ?6)`,
  );
  const overall = (i: number) => (['满意', '满意', '基本满意', '不满意'] as const)[i % 4]!;
  let e = 0;
  for (const u of units) {
    if (u.kind === 'district') continue;
    const groups = u.kind === 'department' ? ['街道/镇', '群众'] : ['群众', '社区干部'];
    for (const group of groups) evaluation.run(`E${e}`, '单位', u.code, group, overall(e++), now);
  }
  for (const c of cadres) {
    for (const group of ['群众', '社区干部']) {
      evaluation.run(`E${e}`, '干部', c.name, group, overall(e++), now);
    }
  }
  db.exec('COMMIT');
  db.close();
}

/** The roll computed on raw SQLite: the Worker's statements, then the shared function. */
function rawRoll(file: string, units: readonly Unit[], of: RollOf): Roll {
  const org = buildOrgTree(units);
  const db = new DatabaseSync(file, { readOnly: true });
  try {
    const scope = org.subtree('BX').map((u) => u.code);
    const [cases, events, evaluations, visits, households, cadres] = rollStatements(
      scope,
      `${YEAR - 1}-01-01`,
      AS_OF,
    ).map(([sql, params]) => db.prepare(sql).all(...params) as unknown[]);
    // The bench's cases have no stored steps, so there is nothing to walk.
    if (events!.length > 0) throw new Error('the bench has no stepped cases');
    const data: RollData = {
      cases: (cases as (RollCase & { id: number; stepped: number })[]).map(
        ({ id: _id, stepped: _stepped, ...record }) => record,
      ),
      evaluations: (evaluations as (RollEvaluation & { veto: number | null })[]).map((row) => ({
        ...row,
        veto: row.veto === 1,
      })),
      visits: (visits as (RollVisit & { caseNos: string })[]).map((row) => ({
        ...row,
        caseNos: JSON.parse(row.caseNos ?? '[]') as string[],
      })),
      households: households as ComplianceHousehold[],
      cadres: cadres as RollCadre[],
    };
    const days = db.prepare('SELECT date, kind FROM calendar_days').all() as {
      date: string;
      kind: string;
    }[];
    const years = db.prepare('SELECT year FROM calendar_years').all() as { year: number }[];
    const calendar = makeCalendar(
      days.filter((d) => d.kind === 'holiday').map((d) => d.date),
      days.filter((d) => d.kind === 'workday').map((d) => d.date),
      new Set(years.map((y) => y.year)),
    );
    const yearSettings = defaultYearSettings(DEFAULT_SETTINGS);
    return assessmentRoll(data, {
      year: YEAR,
      of,
      unit: 'BX',
      asOf: AS_OF,
      org,
      settings: DEFAULT_SETTINGS,
      yearSettings: () => yearSettings,
      calendar,
    }).roll;
  } finally {
    db.close();
  }
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** The roll of each kind: Worker on local D1 beside raw SQLite and the shared function. */
export async function benchAssessment(n = 1_000_000): Promise<BenchRow[]> {
  const units = benchOrg();
  const areas = units.filter((u) => u.kind === 'residential').map((u) => u.code);
  const persistTo = mkdtempSync(path.join(tmpdir(), 'minqing-bench-'));
  try {
    await applyMigrations(persistTo);
    const file = d1File(persistTo);
    populate(file, units, benchCases(areas, n));
    populateRoll(file, units, benchCadres(areas));
    const raw = new Map<RollOf, { roll: Roll; ms: number }>();
    for (const of of KINDS) {
      const t0 = performance.now();
      const roll = rawRoll(file, units, of);
      raw.set(of, { roll, ms: performance.now() - t0 });
    }
    const worker = await startLocalWorker({ persistTo, vars: { ALLOW_BOOTSTRAP: 'true' } });
    const rows: BenchRow[] = [];
    try {
      const token = await signInAsDistrict(worker.url, units);
      const label = `${(n / 1e6).toFixed(n % 1e6 ? 1 : 0)}M cases, 300 areas, 1,000 cadres`;
      for (const of of KINDS) {
        const url = `${worker.url}/api/assessment?unit=BX&year=${YEAR}&of=${of}&asOf=${AS_OF}`;
        const times: number[] = [];
        let roll: Roll | null = null;
        for (let run = 0; run < 2; run++) {
          const t0 = performance.now();
          const res = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
          const text = await res.text();
          if (!res.ok) throw new Error(`assessment ${of}: ${res.status} ${text.slice(0, 200)}`);
          times.push(performance.now() - t0);
          roll = JSON.parse(text) as Roll;
        }
        const workerMs = Math.min(...times);
        const reference = raw.get(of)!;
        const same = JSON.stringify(roll) === JSON.stringify(reference.roll);
        rows.push({
          name: `roll of ${of}, ${label}: Worker on local D1${same ? '' : ' (DIFFERS from raw)'}`,
          figure: seconds(workerMs),
          reference: `raw SQLite ${seconds(reference.ms)}`,
          ratio: workerMs / reference.ms,
          goal: '≤ 2× raw SQLite',
          met: same && workerMs <= 2 * reference.ms,
        });
      }
    } finally {
      await worker.stop();
    }
    return rows;
  } finally {
    rmSync(persistTo, { recursive: true, force: true });
  }
}
