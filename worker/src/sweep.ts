/**
 * The daily escalation sweep: every case still open (or reopened by a 不满意 rating) that can climb
 * that day is recomputed with the shared `escalate` as of the day; climbs are written as case events
 * with INSERT OR IGNORE on their unique key, so running the sweep twice for one day adds nothing.
 * Works in chunks of cases, each chunk's writes one `db.batch()` (SQL in sweep-sql.ts).
 */
import type { Calendar } from '../../shared/calendar.ts';
import {
  type EscalationCase,
  escalateUntilChange,
  reporterIndex,
} from '../../shared/escalation.ts';
import type { OrgTree } from '../../shared/org.ts';
import type { DistrictSettings } from '../../shared/settings.ts';
import { sha256Hex } from './crypto.ts';
import { auditStatement, loadOrg, todayInChina } from './db.ts';
import { fillDueDates, loadCalendar, loadSettings } from './district-rules.ts';
import {
  type CaseRow,
  caseKey,
  groupEvents,
  levelOfRow,
  stepsOf,
  toEscalationCase,
} from './sweep-cases.ts';
import {
  type ClimbRow,
  climbStatements,
  countOpenCases,
  dueCaseIds,
  finishStatements,
  type LevelRow,
  levelStatement,
  NEVER,
  readCase,
  readCases,
  readChunkInputs,
  readOpenCasesAfter,
  readSweepState,
  rederiveStatements,
} from './sweep-sql.ts';

/**
 * Cases per chunk: their ids, events, reporters' other cases and results each fit one JSON string
 * well under D1's 2 MB, and a 200,000-case sweep makes about 40 chunks of a few statements each.
 */
export const SWEEP_CHUNK = 5000;

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

type Rules = { settings: DistrictSettings; calendar: Calendar; org: OrgTree };

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
  chunk = SWEEP_CHUNK,
): Promise<SweepResult> {
  const org = await loadOrg(db);
  const district = org.units.find((u) => u.kind === 'district');
  const result: SweepResult = { date, cases: 0, recomputed: 0, full: true, climbs: 0, updated: 0 };
  if (!district) return result;
  const settings = await loadSettings(db, district.code);
  const calendar = await loadCalendar(db);
  await fillDueDates(db, settings, calendar);
  const rules = { settings, calendar, org };
  const fingerprint = await rulesFingerprint(settings, calendar, org);
  const state = await readSweepState(db, district.code);
  result.full = !state || state.rules !== fingerprint || date < state.swept_on;

  // A chunk's writes are sent once the next chunk is read, and run while it is computed.
  let queued: D1PreparedStatement[] = [];
  const write = async () => {
    const statements = queued;
    queued = [];
    if (statements.length === 0) return;
    const done = await db.batch(statements);
    for (const written of done.slice(0, -1)) result.climbs += written.meta.changes ?? 0;
  };
  const sweep = async (rows: CaseRow[]) => {
    result.recomputed += rows.length;
    const inputs = await readChunkInputs(db, rows, date, settings.repeatDays);
    const written = write();
    // Awaited below; meanwhile a failure is not left unhandled.
    written.catch(() => {});
    const { climbs, updates, changed } = escalateChunk(rows, inputs, date, rules);
    await written;
    result.updated += updates;
    queued = [...climbStatements(db, climbs, actor), levelStatement(db, changed)];
  };

  if (result.full) {
    for (let after = 0; ; ) {
      const rows = await readOpenCasesAfter(db, date, after, chunk);
      if (rows.length === 0) break;
      after = rows.at(-1)!.id;
      await sweep(rows);
    }
    result.cases = result.recomputed;
  } else {
    const ids = await dueCaseIds(db, date, settings.repeatDays);
    for (let i = 0; i < ids.length; i += chunk) {
      await sweep(await readCases(db, ids.slice(i, i + chunk)));
    }
    result.cases = await countOpenCases(db, date);
  }
  await write();
  await db.batch(finishStatements(db, date, district.code, fingerprint));
  return result;
}

/**
 * Escalates one chunk from its events and its reporters' other cases: the climbs, each case's level
 * row, the count of those whose level or due date moved (`updates`) and the rows to write
 * (`changed`: moved, or another next sweep day).
 */
function escalateChunk(
  rows: readonly CaseRow[],
  { events, others }: Awaited<ReturnType<typeof readChunkInputs>>,
  date: string,
  { settings, calendar, org }: Rules,
) {
  const eventsOf = groupEvents(events);
  const candidates = others.map(
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
  const level: LevelRow[] = [];
  const changed: LevelRow[] = [];
  let updates = 0;
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
      climbs.push([row.id, climb.on, climb.from, climb.to, climb.reason]);
    }
    const written: LevelRow = [
      row.id,
      state.level,
      state.resolutionDue,
      next ?? NEVER,
      row.sweep_on,
    ];
    level.push(written);
    const moved = state.level !== row.level || state.resolutionDue !== row.current_due;
    if (moved) updates++;
    if (moved || written[3] !== row.sweep_on) changed.push(written);
  }
  return { climbs, updates, level, changed };
}

/** The district's rules a re-derivation reads. */
async function rulesOf(db: D1Database, unit: string): Promise<Rules> {
  const org = await loadOrg(db);
  const district = org.districtOf(unit)?.code ?? unit;
  return { settings: await loadSettings(db, district), calendar: await loadCalendar(db), org };
}

/**
 * The writes that re-derive some cases' climbs from their records as the sweep derives them, as of
 * `date`: the sweep's climb events of the cases deleted and written anew, level and current due
 * date set, the cases marked so the next sweep looks at them again (docs/decisions/0015).
 */
async function rederive(
  db: D1Database,
  rows: readonly CaseRow[],
  date: string,
  actor: string,
  rules: Rules,
): Promise<{ statements: D1PreparedStatement[]; climbs: number; levels: Map<number, number> }> {
  const inputs = await readChunkInputs(db, rows, date, rules.settings.repeatDays);
  const { climbs, level } = escalateChunk(rows, inputs, date, rules);
  const [clear, levels] = rederiveStatements(db, level);
  return {
    statements: [clear, ...climbStatements(db, climbs, actor), levels],
    climbs: climbs.length,
    levels: new Map(level.map((l) => [l[0], l[1]])),
  };
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
  const row = await readCase(db, id);
  if (!row) return null;
  const rules = await rulesOf(db, row.unit);
  const { statements, climbs, levels } = await rederive(db, [row], date, actor, rules);
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
    const rows = await readCases(db, ids.slice(i, i + SWEEP_CHUNK));
    const { statements } = await rederive(db, rows, date, actor, rules);
    await db.batch(statements);
    done += rows.length;
  }
  return done;
}

/** The Cron Trigger's work: the sweep as of today in China Standard Time. */
export function scheduledSweep(db: D1Database, now = Date.now()): Promise<SweepResult> {
  return runSweep(db, todayInChina(now));
}
