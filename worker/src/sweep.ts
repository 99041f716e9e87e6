/**
 * The daily escalation sweep: every case still open (or reopened by a 不满意 rating) is recomputed
 * with the shared `escalate` as of the day; climbs are written as case events with INSERT OR IGNORE
 * on their unique key, so running the sweep twice for one day adds nothing. Works in chunks of
 * cases, each chunk's writes one `db.batch()` with JSON parameters (D1: 100 bound values a statement).
 */
import type { Calendar } from '../../shared/calendar.ts';
import {
  type CaseEvent,
  type EscalationCase,
  escalateUntilChange,
  levelOfUnitKind,
  reporterIndex,
} from '../../shared/escalation.ts';
import type { OrgTree } from '../../shared/org.ts';
import type { DistrictSettings } from '../../shared/settings.ts';
import { sha256Hex } from './crypto.ts';
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
  /** Open cases as of the date. */
  cases: number;
  /**
   * Cases whose escalation was computed: every open case in a full sweep; in a daily one only those
   * that can climb that day — by their next due date, a change or a new event (decisions/0015).
   */
  recomputed: number;
  /** A full sweep: the first, or after the rules (settings, calendar, units) changed, or for an earlier day. */
  full: boolean;
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
  sweep_on: string;
}

export interface EventRow {
  case_id: number;
  at: string;
  kind: string;
  before: string | null;
  after: string | null;
}

export const CASE_COLUMNS = `id, unit, case_no, received_on, status, replied_on, resolved_on, satisfaction,
  revisit_on, category, reporter_phone, address, area, level, current_due, sweep_on`;

/** What rule 5 reads of a reporter's other cases. */
const REPEAT_KEY_COLUMNS = 'id, unit, received_on, category, reporter_phone, address';

const CASE_FIELDS = CASE_COLUMNS.split(',').map((column) => column.trim());
/**
 * Case rows packed by SQLite into one JSON array: one value crosses from D1 instead of an object
 * per row, which is most of the cost of reading a sweep's worth of cases.
 */
const PACKED_CASES = `json_group_array(json_array(${CASE_COLUMNS}))`;

function unpackCases(json: string | null | undefined): CaseRow[] {
  return (JSON.parse(json ?? '[]') as unknown[][]).map((values) => {
    const row: Record<string, unknown> = {};
    for (let i = 0; i < CASE_FIELDS.length; i++) row[CASE_FIELDS[i]!] = values[i];
    return row as unknown as CaseRow;
  });
}

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

/** A case's `sweep_on` when nothing will change by itself (decisions/0015). */
const NEVER = '9999-12-31';
/** `sweep_on` below this is a mark: look at the case at the next sweep, whatever the day. */
const MARKED_BELOW = '0';
/** Open as of ?1: not resolved by the day, or reopened by a 不满意 rating. */
const OPEN = "(resolved_on IS NULL OR resolved_on > ?1 OR satisfaction = '不满意')";

/** What the stored levels follow from besides the cases: settings, calendar and units. */
async function rulesFingerprint(
  settings: DistrictSettings,
  calendar: Calendar,
  org: OrgTree,
): Promise<string> {
  return sha256Hex(
    JSON.stringify([
      settings,
      [...calendar.holidays].sort(),
      [...calendar.workdays].sort(),
      [...calendar.years].sort(),
      org.units.map((u) => [u.code, u.kind]).sort(),
    ]),
  );
}

/**
 * Recomputes the escalation of the open cases as of `date` and stores what changed. Idempotent
 * for a day: the climbs' unique key (case, kind, day, reason) ignores what is already there.
 * Only today's work (docs/decisions/0015): a case is looked at when its `sweep_on` day has come or
 * it was marked (a change to it, a new event, or a change to an earlier case of its reporter); a
 * change of the rules, or a day before the last swept one, makes the sweep a full one.
 */
export async function runSweep(
  db: D1Database,
  date: string,
  actor = 'sweep',
): Promise<SweepResult> {
  const org = await loadOrg(db);
  const district = org.units.find((u) => u.kind === 'district');
  const result: SweepResult = { date, cases: 0, recomputed: 0, full: true, climbs: 0, updated: 0 };
  if (!district) return result;
  const settings = await loadSettings(db, district.code);
  const calendar = await loadCalendar(db);
  await fillDueDates(db, settings, calendar);
  const rules = await rulesFingerprint(settings, calendar, org);
  const state = await db
    .prepare('SELECT rules, swept_on FROM sweep_state WHERE district = ?1')
    .bind(district.code)
    .first<{ rules: string; swept_on: string }>();
  result.full = !state || state.rules !== rules || date < state.swept_on;

  const sweep = async (rows: CaseRow[]) => {
    result.recomputed += rows.length;
    const { climbs, updates, changed } = await sweepChunk(db, rows, date, settings, calendar, org);
    const done = await db.batch([
      ...climbStatements(db, climbs, actor),
      updateStatement(db, changed),
    ]);
    for (const written of done.slice(0, -1)) result.climbs += written.meta.changes ?? 0;
    result.updated += updates.length;
  };

  if (result.full) {
    // In order of receipt, so that each chunk's possible repeats (rule 5) lie in a short window;
    // each chunk starts its index range where the last one ended.
    for (let after = { on: '', id: 0 }; ; ) {
      const packed = await db
        .prepare(
          `SELECT ${PACKED_CASES} AS rows FROM (
             SELECT ${CASE_COLUMNS} FROM cases
              WHERE received_on >= ?2 AND (received_on > ?2 OR id > ?4) AND received_on <= ?1
                AND current = 1 AND ${OPEN}
              ORDER BY received_on, id LIMIT ?3)`,
        )
        .bind(date, after.on, SWEEP_CHUNK, after.id)
        .first<{ rows: string }>();
      const rows = unpackCases(packed?.rows).sort(
        (a, b) => a.received_on.localeCompare(b.received_on) || a.id - b.id,
      );
      if (rows.length === 0) break;
      after = { on: rows.at(-1)!.received_on, id: rows.at(-1)!.id };
      await sweep(rows);
    }
    result.cases = result.recomputed;
  } else {
    const ids = await dueCaseIds(db, date, settings.repeatDays);
    for (let i = 0; i < ids.length; i += SWEEP_CHUNK) {
      const { results: rows } = await db
        .prepare(
          `SELECT ${CASE_COLUMNS} FROM cases WHERE id IN (SELECT value FROM json_each(?1))
            ORDER BY received_on, id`,
        )
        .bind(JSON.stringify(ids.slice(i, i + SWEEP_CHUNK)))
        .all<CaseRow>();
      await sweep(rows);
    }
    const open = await db
      .prepare(
        `SELECT count(*) AS n FROM cases WHERE received_on <= ?1 AND current = 1 AND ${OPEN}`,
      )
      .bind(date)
      .first<{ n: number }>();
    result.cases = open?.n ?? 0;
  }

  await db.batch([
    // Marked cases the sweep did not need (closed, or not counted) stay as they are until changed.
    db
      .prepare(
        `UPDATE cases SET sweep_on = '${NEVER}'
          WHERE sweep_on < '${MARKED_BELOW}' AND +received_on <= ?1
            AND NOT (current = 1 AND (resolved_on IS NULL OR resolved_on > ?1 OR satisfaction IS '不满意'))`,
      )
      .bind(date),
    // The reporters marked by cases that left them were looked at (or, in a full sweep, all were).
    db.prepare('DELETE FROM sweep_repeat_marks'),
    // Cases received after the day were not looked at: they are, when their day comes.
    db
      .prepare(
        `UPDATE cases SET sweep_on = '' WHERE received_on > ?1 AND sweep_on >= '${MARKED_BELOW}'`,
      )
      .bind(date),
    db
      .prepare(
        `INSERT INTO sweep_state (district, rules, swept_on, updated_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (district) DO UPDATE SET rules = ?2, swept_on = ?3, updated_at = ?4`,
      )
      .bind(district.code, rules, date, nowIso()),
  ]);
  return result;
}

/**
 * The open cases a daily sweep looks at, in order of receipt: those whose day has come or that are
 * marked, and the later cases (within the repeat window) of the reporters of counted marked cases
 * and of the reporters a counted case left (`sweep_repeat_marks`) — a new, changed or departed case
 * can make them repeats or not (rule 5). Each reporter is joined once, over the span of its dates.
 */
async function dueCaseIds(db: D1Database, date: string, repeatDays: number): Promise<number[]> {
  // (`+` keeps SQLite on the sweep_on and reporter indexes, not a range of receipt dates.)
  const open = `+c.received_on <= ?1 AND c.current = 1
    AND (c.resolved_on IS NULL OR c.resolved_on > ?1 OR c.satisfaction = '不满意')`;
  const { results } = await db
    .prepare(
      `WITH marked AS (
         SELECT reporter_phone, address, category, received_on FROM cases
          WHERE sweep_on < '${MARKED_BELOW}' AND current = 1 AND +received_on <= ?1
            AND category IS NOT NULL
       ),
       -- Each reporter once, with the span of its marked cases and of the cases that left it.
       reporters (by, value, category, since, until) AS (
         SELECT by, value, category, min(since), max(until) FROM (
           SELECT 'phone' AS by, reporter_phone AS value, category,
                  received_on AS since, received_on AS until
             FROM marked WHERE reporter_phone IS NOT NULL
           UNION ALL
           SELECT 'address', address, category, received_on, received_on
             FROM marked WHERE address IS NOT NULL
           UNION ALL
           SELECT by, value, category, since, until FROM sweep_repeat_marks
         ) GROUP BY by, value, category
       )
       SELECT id FROM (
         SELECT c.id, c.received_on FROM cases c WHERE c.sweep_on <= ?1 AND ${open}
         UNION
         SELECT c.id, c.received_on FROM reporters r CROSS JOIN cases c
          WHERE r.by = 'phone' AND c.reporter_phone = r.value AND c.category = r.category
            AND c.received_on >= r.since AND c.received_on <= date(r.until, ?2)
            AND ${open}
         UNION
         SELECT c.id, c.received_on FROM reporters r CROSS JOIN cases c
          WHERE r.by = 'address' AND c.address = r.value AND c.category = r.category
            AND c.received_on >= r.since AND c.received_on <= date(r.until, ?2)
            AND ${open}
       ) ORDER BY received_on, id`,
    )
    .bind(date, `+${repeatDays} days`)
    .all<{ id: number }>();
  return results.map((r) => r.id);
}

type ClimbRow = { c: number; on: string; f: number; t: number; r: string };
type LevelRow = { c: number; l: number; d: string; n: string; s: string };

/** Writes climbs (INSERT OR IGNORE on their unique key), a few thousand a statement. */
function climbStatements(
  db: D1Database,
  climbs: readonly ClimbRow[],
  actor: string,
): D1PreparedStatement[] {
  const now = nowIso();
  const statements: D1PreparedStatement[] = [];
  for (let i = 0; i < climbs.length; i += CLIMBS_PER_STATEMENT) {
    statements.push(
      db
        .prepare(
          `INSERT OR IGNORE INTO case_events
             (case_id, at, kind, from_level, to_level, reason, actor, created_at)
           SELECT value ->> 'c', value ->> 'on', 'climb', value ->> 'f', value ->> 't', value ->> 'r', ?2, ?3
             FROM json_each(?1)`,
        )
        .bind(JSON.stringify(climbs.slice(i, i + CLIMBS_PER_STATEMENT)), actor, now),
    );
  }
  return statements;
}

/**
 * Sets level, current due date and next sweep day where `sweep_on` is still what the sweep read: a
 * case marked meanwhile keeps its mark and is looked at again by the next sweep.
 */
function updateStatement(db: D1Database, rows: readonly LevelRow[]): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE cases SET level = u.l, current_due = u.d, sweep_on = u.n
         FROM (SELECT value ->> 'c' AS c, value ->> 'l' AS l, value ->> 'd' AS d,
                      value ->> 'n' AS n, value ->> 's' AS s FROM json_each(?1)) AS u
        WHERE cases.id = u.c AND cases.sweep_on = u.s`,
    )
    .bind(JSON.stringify(rows));
}

/** Escalates one chunk: reads its events and the reporters' other cases, returns what to write. */
async function sweepChunk(
  db: D1Database,
  rows: readonly CaseRow[],
  date: string,
  settings: DistrictSettings,
  calendar: Calendar,
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
    repeatCandidatesStatement(db, rows, date, settings.repeatDays, REPEAT_KEY_COLUMNS),
  ]);
  const eventsOf = groupEvents(events!.results as EventRow[]);
  type RepeatKeys = Pick<
    CaseRow,
    'id' | 'unit' | 'received_on' | 'category' | 'reporter_phone' | 'address'
  >;
  const candidates = (others!.results as RepeatKeys[]).map(
    (r): EscalationCase => ({
      caseNo: caseKey(r.id),
      receivedOn: r.received_on,
      status: null,
      repliedOn: null,
      resolvedOn: null,
      satisfaction: null,
      category: r.category,
      reporterPhone: r.reporter_phone,
      address: r.address,
      receivedLevel: levelOfRow(org, r),
    }),
  );
  const index = reporterIndex(candidates, settings.repeatDays, settings.repeatCount);
  const climbs: ClimbRow[] = [];
  const updates: LevelRow[] = [];
  const level: LevelRow[] = [];
  const changed: LevelRow[] = [];
  for (const row of rows) {
    const record = toEscalationCase(row, levelOfRow(org, row));
    const { escalation: state, next } = escalateUntilChange(
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
    const written = {
      c: row.id,
      l: state.level,
      d: state.resolutionDue,
      n: next ?? NEVER,
      s: row.sweep_on,
    };
    level.push(written);
    const moved = state.level !== row.level || state.resolutionDue !== row.current_due;
    if (moved) updates.push(written);
    if (moved || written.n !== row.sweep_on) changed.push(written);
  }
  return { climbs, updates, level, changed };
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
  /** The columns to read: rule 5 itself needs only the reporter's keys. */
  columns = CASE_COLUMNS,
): D1PreparedStatement {
  const phones = JSON.stringify(
    rows.filter((r) => r.reporter_phone && r.category).map((r) => [r.reporter_phone, r.category]),
  );
  const homes = JSON.stringify(
    rows.filter((r) => r.address && r.category).map((r) => [r.address, r.category]),
  );
  const received = rows.map((r) => r.received_on).sort();
  // Each reporter's cases are found through its index (phone or household, category, receipt),
  // one range each, never by scanning the window's cases.
  return db
    .prepare(
      `SELECT ${columns} FROM cases
        WHERE id IN (
          SELECT c.id FROM (SELECT DISTINCT value ->> 0 AS p, value ->> 1 AS k FROM json_each(?1)) j
            CROSS JOIN cases c
           WHERE c.reporter_phone = j.p AND c.category = j.k
             AND c.received_on >= date(?4, ?5) AND c.received_on <= min(?3, ?6)
          UNION
          SELECT c.id FROM (SELECT DISTINCT value ->> 0 AS a, value ->> 1 AS k FROM json_each(?2)) j
            CROSS JOIN cases c
           WHERE c.address = j.a AND c.category = j.k
             AND c.received_on >= date(?4, ?5) AND c.received_on <= min(?3, ?6))
          AND current = 1`,
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

type Rules = {
  settings: Awaited<ReturnType<typeof loadSettings>>;
  calendar: Awaited<ReturnType<typeof loadCalendar>>;
  org: OrgTree;
};

/** The district's rules a re-derivation reads. */
async function rulesOf(db: D1Database, unit: string): Promise<Rules> {
  const org = await loadOrg(db);
  const district = org.districtOf(unit)?.code ?? unit;
  return { settings: await loadSettings(db, district), calendar: await loadCalendar(db), org };
}

/**
 * The writes that re-derive some cases' climbs from their records as the sweep derives them, as of
 * `date`: the sweep's climb events of the cases deleted and written anew, level and current due
 * date set.
 */
async function rederiveStatements(
  db: D1Database,
  rows: readonly CaseRow[],
  date: string,
  actor: string,
  { settings, calendar, org }: Rules,
): Promise<{ statements: D1PreparedStatement[]; climbs: number; levels: Map<number, number> }> {
  const { climbs, level } = await sweepChunk(db, rows, date, settings, calendar, org);
  const ids = JSON.stringify(rows.map((r) => r.id));
  const statements = [
    db
      .prepare(
        "DELETE FROM case_events WHERE kind = 'climb' AND case_id IN (SELECT value FROM json_each(?1))",
      )
      .bind(ids),
  ];
  statements.push(...climbStatements(db, climbs, actor));
  // Marked: the next sweep looks at the cases again (decisions/0015).
  statements.push(
    db
      .prepare(
        `UPDATE cases SET level = u.l, current_due = u.d, sweep_on = ''
           FROM (SELECT value ->> 'c' AS c, value ->> 'l' AS l, value ->> 'd' AS d
                   FROM json_each(?1)) AS u
          WHERE cases.id = u.c`,
      )
      .bind(JSON.stringify(level)),
  );
  return { statements, climbs: climbs.length, levels: new Map(level.map((l) => [l.c, l.l])) };
}

/**
 * Re-derives one case's climbs from its records, as the sweep derives them, as of `date` — one
 * batch, audited. For a case whose climbs went wrong (a sweep run for a wrong day). `null` when
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
  const rules = await rulesOf(db, row.unit);
  const { statements, climbs, levels } = await rederiveStatements(db, [row], date, actor, rules);
  await db.batch([
    ...statements,
    auditStatement(db, {
      actor,
      action: 'case.rederive',
      unit: row.unit,
      target: String(id),
      detail: { date, climbs },
    }),
  ]);
  return { climbs, level: levels.get(id)! };
}

/**
 * Re-derives the climbs of many cases (open or closed) as of `date`, a chunk a batch: after their
 * due dates changed, e.g. when a year's holiday schedule was imported. Returns the cases done.
 */
export async function rederiveCases(
  db: D1Database,
  ids: readonly number[],
  date: string,
  actor: string,
  district: string,
): Promise<number> {
  if (ids.length === 0) return 0;
  const rules = await rulesOf(db, district);
  let done = 0;
  for (let i = 0; i < ids.length; i += SWEEP_CHUNK) {
    const { results: rows } = await db
      .prepare(`SELECT ${CASE_COLUMNS} FROM cases WHERE id IN (SELECT value FROM json_each(?1))`)
      .bind(JSON.stringify(ids.slice(i, i + SWEEP_CHUNK)))
      .all<CaseRow>();
    const { statements } = await rederiveStatements(db, rows, date, actor, rules);
    await db.batch(statements);
    done += rows.length;
  }
  return done;
}

/** The Cron Trigger's work: the sweep as of today in China Standard Time. */
export function scheduledSweep(db: D1Database, now = Date.now()): Promise<SweepResult> {
  return runSweep(db, todayInChina(now));
}
