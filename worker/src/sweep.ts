/**
 * The daily escalation sweep: every case still open (or reopened by a 不满意 rating) is recomputed
 * with the shared `escalate` as of the day; climbs are written as case events with INSERT OR IGNORE
 * on their unique key, so running the sweep twice for one day adds nothing. Works in chunks of
 * cases, each chunk's writes one `db.batch()` with JSON parameters (D1: 100 bound values a statement).
 */
import {
  type CaseEvent,
  type EscalationCase,
  escalate,
  levelOfUnitKind,
  reporterIndex,
} from '../../shared/escalation.ts';
import type { OrgTree } from '../../shared/org.ts';
import { auditStatement, loadOrg, nowIso, todayInChina } from './db.ts';
import { fillDueDates, loadCalendar, loadSettings } from './district-rules.ts';

/** Cases per chunk: their ids, events and the reporters' other cases fit one JSON parameter each. */
export const SWEEP_CHUNK = 2000;
/**
 * Climbs per INSERT. D1 caps a statement's SQL text at 100 KB and a bound string at 2 MB, and a
 * Worker invocation at 1,000 queries (Workers Paid): large chunks keep a 200,000-case sweep near
 * 500 statements, and a piece of 5,000 climbs stays far under 2 MB.
 */
const CLIMBS_PER_STATEMENT = 5000;

export interface SweepResult {
  date: string;
  /** Open cases looked at. */
  cases: number;
  /** Climb events written (0 when the day was already swept). */
  climbs: number;
  /** Cases whose level or current due date changed. */
  updated: number;
}

export interface CaseRow {
  id: number;
  unit: string;
  case_no: string;
  received_on: string;
  status: string | null;
  replied_on: string | null;
  resolved_on: string | null;
  satisfaction: string | null;
  revisit_on: string | null;
  category: string | null;
  reporter_phone: string | null;
  address: string | null;
  area: string | null;
  level: number;
  current_due: string | null;
}

export interface EventRow {
  case_id: number;
  at: string;
  kind: string;
  before: string | null;
  after: string | null;
}

export const CASE_COLUMNS = `id, unit, case_no, received_on, status, replied_on, resolved_on, satisfaction,
  revisit_on, category, reporter_phone, address, area, level, current_due`;

/** Ids padded so that string order is id order (escalation breaks same-day ties by `caseNo`). */
const caseKey = (id: number) => String(id).padStart(12, '0');

/** The level of the unit that submitted the case: a case a sub-district took in starts at 街道. */
export function levelOfRow(org: OrgTree, row: Pick<CaseRow, 'unit'>): number {
  const kind = org.get(row.unit)?.kind;
  return kind ? levelOfUnitKind(kind) : 0;
}

/** A case row as escalation reads it; `caseNo` is the padded id (case numbers repeat across units). */
export function toEscalationCase(row: CaseRow, receivedLevel: number): EscalationCase {
  return {
    caseNo: caseKey(row.id),
    receivedOn: row.received_on,
    status: row.status,
    repliedOn: row.replied_on,
    resolvedOn: row.resolved_on,
    satisfaction: row.satisfaction,
    revisitOn: row.revisit_on,
    category: row.category,
    reporterPhone: row.reporter_phone,
    address: row.address,
    area: row.area,
    receivedLevel,
  };
}

const parse = (json: string | null): Record<string, unknown> => {
  try {
    return json ? (JSON.parse(json) as Record<string, unknown>) : {};
  } catch {
    return {};
  }
};

/**
 * A case's stored events as escalation steps. Steps written as such are taken as they are. An edit
 * (PATCH writes one `update` event per changed field, at the same instant) that sets status 上报 is
 * a report up on its day; one that changes the rating is a rating on the return-visit date, and the
 * 不满意 it replaces stays a rating on its own date — so a later 满意 never erases a climb.
 * `current` gives the record's dates for what the edit did not change.
 */
export function stepsOf(
  rows: readonly EventRow[],
  current: Partial<Pick<EscalationCase, 'revisitOn' | 'resolvedOn' | 'repliedOn'>> = {},
): CaseEvent[] {
  const steps: CaseEvent[] = [];
  for (const row of rows) {
    const day = row.at.slice(0, 10);
    const after = parse(row.after);
    if (
      row.kind === 'reported_up' ||
      row.kind === 'replied' ||
      row.kind === 'resolved' ||
      row.kind === 'referred'
    ) {
      steps.push({ on: day, type: row.kind });
    } else if (row.kind === 'rated') {
      steps.push({ on: day, type: 'rated', satisfaction: (after.satisfaction as string) ?? null });
    } else if (row.kind !== 'climb') {
      const before = parse(row.before);
      if (after.status === '上报' && before.status !== '上报') {
        steps.push({ on: day, type: 'reported_up' });
      }
      if ('satisfaction' in after && after.satisfaction !== before.satisfaction) {
        // The other fields changed by the same edit: their values before and after it.
        const edit = rows
          .filter((r) => r.at === row.at)
          .map((r) => [parse(r.before), parse(r.after)] as const);
        const editedValue = (key: string, side: 0 | 1) =>
          (edit.find((e) => key in e[side])?.[side][key] as string | null | undefined) ??
          current[key as keyof typeof current] ??
          null;
        if (before.satisfaction === '不满意') {
          const on =
            editedValue('revisitOn', 0) ??
            editedValue('resolvedOn', 0) ??
            editedValue('repliedOn', 0);
          steps.push({ on: on ?? day, type: 'rated', satisfaction: '不满意' });
        }
        const on = editedValue('revisitOn', 1) ?? day;
        steps.push({ on, type: 'rated', satisfaction: after.satisfaction as string });
      }
    }
  }
  return steps;
}

/**
 * Recomputes the escalation of every open case as of `date` and stores what changed. Idempotent
 * for a day: the climbs' unique key (case, kind, day, reason) ignores what is already there.
 */
export async function runSweep(
  db: D1Database,
  date: string,
  actor = 'sweep',
): Promise<SweepResult> {
  const org = await loadOrg(db);
  const district = org.units.find((u) => u.kind === 'district');
  const result: SweepResult = { date, cases: 0, climbs: 0, updated: 0 };
  if (!district) return result;
  const settings = await loadSettings(db, district.code);
  const calendar = await loadCalendar(db);
  await fillDueDates(db, settings, calendar);

  // In order of receipt, so that each chunk's possible repeats (rule 5) lie in a short window.
  for (let after = { on: '', id: 0 }; ; ) {
    const { results: rows } = await db
      .prepare(
        `SELECT ${CASE_COLUMNS} FROM cases
          WHERE (received_on > ?1 OR (received_on = ?1 AND id > ?4)) AND received_on <= ?2
            AND current = 1
            AND (resolved_on IS NULL OR resolved_on > ?2 OR satisfaction = '不满意')
          ORDER BY received_on, id LIMIT ?3`,
      )
      .bind(after.on, date, SWEEP_CHUNK, after.id)
      .all<CaseRow>();
    if (rows.length === 0) break;
    after = { on: rows.at(-1)!.received_on, id: rows.at(-1)!.id };
    result.cases += rows.length;
    const { climbs, updates } = await sweepChunk(db, rows, date, settings, calendar, org);
    const now = nowIso();
    const insertClimbs = db.prepare(
      `INSERT OR IGNORE INTO case_events
         (case_id, at, kind, from_level, to_level, reason, actor, created_at)
       SELECT value ->> 'c', value ->> 'on', 'climb', value ->> 'f', value ->> 't', value ->> 'r', ?2, ?3
         FROM json_each(?1)`,
    );
    const climbStatements: D1PreparedStatement[] = [];
    for (let i = 0; i < climbs.length; i += CLIMBS_PER_STATEMENT) {
      const piece = climbs.slice(i, i + CLIMBS_PER_STATEMENT);
      climbStatements.push(insertClimbs.bind(JSON.stringify(piece), actor, now));
    }
    const done = await db.batch([
      ...climbStatements,
      db
        .prepare(
          `UPDATE cases SET level = u.l, current_due = u.d
             FROM (SELECT value ->> 'c' AS c, value ->> 'l' AS l, value ->> 'd' AS d
                     FROM json_each(?1)) AS u
            WHERE cases.id = u.c`,
        )
        .bind(JSON.stringify(updates)),
    ]);
    for (const written of done.slice(0, climbStatements.length))
      result.climbs += written.meta.changes ?? 0;
    result.updated += updates.length;
  }
  return result;
}

/** Escalates one chunk: reads its events and the reporters' other cases, returns what to write. */
async function sweepChunk(
  db: D1Database,
  rows: readonly CaseRow[],
  date: string,
  settings: Awaited<ReturnType<typeof loadSettings>>,
  calendar: Awaited<ReturnType<typeof loadCalendar>>,
  org: OrgTree,
) {
  const ids = JSON.stringify(rows.map((r) => r.id));
  const [events, others] = await db.batch([
    db
      .prepare(
        `SELECT case_id, at, kind, before, after FROM case_events
          WHERE case_id IN (SELECT value FROM json_each(?1)) AND kind <> 'climb' ORDER BY id`,
      )
      .bind(ids),
    repeatCandidatesStatement(db, rows, date, settings.repeatDays),
  ]);
  const eventsOf = groupEvents(events!.results as EventRow[]);
  const candidates = (others!.results as CaseRow[]).map((r) =>
    toEscalationCase(r, levelOfRow(org, r)),
  );
  const index = reporterIndex(candidates, settings.repeatDays, settings.repeatCount);
  const climbs: { c: number; on: string; f: number; t: number; r: string }[] = [];
  const updates: { c: number; l: number; d: string }[] = [];
  const level: { c: number; l: number; d: string }[] = [];
  for (const row of rows) {
    const record = toEscalationCase(row, levelOfRow(org, row));
    const state = escalate(
      record,
      stepsOf(eventsOf.get(row.id) ?? [], record),
      settings,
      calendar,
      date,
      index.priorCasesOf(record),
    );
    for (const climb of state.climbs) {
      climbs.push({ c: row.id, on: climb.on, f: climb.from, t: climb.to, r: climb.reason });
    }
    level.push({ c: row.id, l: state.level, d: state.resolutionDue });
    if (state.level !== row.level || state.resolutionDue !== row.current_due) {
      updates.push(level.at(-1)!);
    }
  }
  return { climbs, updates, level };
}

/**
 * Rule 5's candidates for some cases: every case of the same phone or household and category within
 * the repeat window before them — the reporter's whole history, not only what is open.
 */
export function repeatCandidatesStatement(
  db: D1Database,
  rows: readonly CaseRow[],
  date: string,
  repeatDays: number,
): D1PreparedStatement {
  const phones = JSON.stringify(
    rows.filter((r) => r.reporter_phone && r.category).map((r) => [r.reporter_phone, r.category]),
  );
  const homes = JSON.stringify(
    rows.filter((r) => r.address && r.category).map((r) => [r.address, r.category]),
  );
  const received = rows.map((r) => r.received_on).sort();
  return db
    .prepare(
      `SELECT ${CASE_COLUMNS} FROM cases
        WHERE received_on <= ?3 AND received_on >= date(?4, ?5)
          AND received_on <= ?6 AND current = 1
          AND ((reporter_phone, category) IN (SELECT value ->> 0, value ->> 1 FROM json_each(?1))
            OR (address, category) IN (SELECT value ->> 0, value ->> 1 FROM json_each(?2)))`,
    )
    .bind(
      phones,
      homes,
      date,
      [date, ...received].sort()[0],
      `-${repeatDays} days`,
      // A case received after the last one asked about is no earlier case of any of them.
      received.at(-1) ?? date,
    );
}

/** Event rows by case id. */
export function groupEvents<T extends { case_id: number }>(rows: readonly T[]): Map<number, T[]> {
  const map = new Map<number, T[]>();
  for (const row of rows) {
    const list = map.get(row.case_id);
    if (list) list.push(row);
    else map.set(row.case_id, [row]);
  }
  return map;
}

/**
 * Re-derives one case's climbs from its records, as the sweep derives them, as of `date`: the
 * sweep's climb events of the case are deleted and written anew, its level and current due date
 * set — one batch. For a case whose climbs went wrong (a sweep run for a wrong day). `null` when
 * there is no such case.
 */
export async function rederiveCase(
  db: D1Database,
  id: number,
  date: string,
  actor: string,
): Promise<{ climbs: number; level: number } | null> {
  const row = await db
    .prepare(`SELECT ${CASE_COLUMNS} FROM cases WHERE id = ?1`)
    .bind(id)
    .first<CaseRow>();
  if (!row) return null;
  const org = await loadOrg(db);
  const district = org.districtOf(row.unit)?.code ?? row.unit;
  const settings = await loadSettings(db, district);
  const calendar = await loadCalendar(db);
  const { climbs, level } = await sweepChunk(db, [row], date, settings, calendar, org);
  const now = nowIso();
  await db.batch([
    db.prepare("DELETE FROM case_events WHERE case_id = ?1 AND kind = 'climb'").bind(id),
    db
      .prepare(
        `INSERT OR IGNORE INTO case_events
           (case_id, at, kind, from_level, to_level, reason, actor, created_at)
         SELECT ?2, value ->> 'on', 'climb', value ->> 'f', value ->> 't', value ->> 'r', ?3, ?4
           FROM json_each(?1)`,
      )
      .bind(JSON.stringify(climbs), id, actor, now),
    db
      .prepare('UPDATE cases SET level = ?2, current_due = ?3 WHERE id = ?1')
      .bind(id, level[0]!.l, level[0]!.d),
    auditStatement(db, {
      actor,
      action: 'case.rederive',
      unit: row.unit,
      target: String(id),
      detail: { date, climbs: climbs.length },
    }),
  ]);
  return { climbs: climbs.length, level: level[0]!.l };
}

/** The Cron Trigger's work: the sweep as of today in China Standard Time. */
export function scheduledSweep(db: D1Database, now = Date.now()): Promise<SweepResult> {
  return runSweep(db, todayInChina(now));
}
