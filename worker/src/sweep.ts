/**
 * The daily escalation sweep: every case still open (or reopened by a 不满意 rating) that can climb
 * that day is recomputed with the shared `escalate` as of the day; its level, current due date and
 * climbs go to its ladder row (docs/decisions/0018), a climb added only when its (day, reason) is
 * not there yet, so running the sweep twice for one day adds nothing. Works in chunks of cases,
 * each chunk's writes in one `db.batch()` with the next chunk's read (SQL in sweep-chunk-sql.ts
 * and sweep-sql.ts). It stays whole, past 300 lines: the sweep and the re-derivations escalate a
 * chunk with one function, so that a re-derived case is what the sweep would make of it.
 */
import type { Calendar } from '../../shared/calendar.ts';
import {
  type Climb,
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
  caseKey,
  groupEvents,
  levelOfRow,
  type StoredClimb,
  type SweptRow,
  stepsOf,
  toEscalationCase,
} from './sweep-cases.ts';
import { type Chunk, casesById, openCases, readChunk, type Selection } from './sweep-chunk-sql.ts';
import {
  caseUnit,
  countOpenCases,
  dueCaseIds,
  finishStatements,
  type LadderRow,
  ladderStatements,
  NEVER,
  readSweepState,
  rederiveStatements,
} from './sweep-sql.ts';

/**
 * Cases per chunk: their rows and their reporters' other cases read as one JSON value, and their
 * ladder rows written as one, each well under D1's 2 MB; a 200,000-case sweep makes 40 chunks.
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
  /** Climbs recorded (0 when the day was already swept). */
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
 * for a day: a climb whose (day, reason) its case has recorded is not added again.
 * Only today's work (docs/decisions/0015): a case is looked at when its `sweep_on` day has come,
 * it was marked (a change to it, a new event, or a change to an earlier case of its reporter) or
 * it is new (an id past the last the sweep saw, docs/decisions/0018); a change of the rules, or a
 * day before the last swept one, makes the sweep a full one.
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
  result.full = state.rules !== fingerprint || date < (state.swept_on ?? date);

  // A chunk's writes go in one batch with the next chunk's read, the last with the sweep's end:
  // one round trip a chunk.
  let queued: D1PreparedStatement[] = [];
  let limit = chunk;
  const sweep = async (selection: Selection, afterId: number): Promise<SweptRow[]> => {
    const read = { selection, afterId, limit };
    const chunk = await readChunk(db, read, date, settings.repeatDays, queued);
    // (A chunk that did not fit D1's limit is read in smaller ones from then on.)
    limit = chunk.limit;
    result.recomputed += chunk.rows.length;
    const { added, updates, changed } = escalateChunk(chunk, date, rules, actor);
    result.climbs += added;
    result.updated += updates;
    queued = ladderStatements(db, changed);
    return chunk.rows;
  };

  if (result.full) {
    await walk((after) => sweep(openCases, after));
    result.cases = result.recomputed;
  } else {
    const ids = await dueCaseIds(db, date, settings.repeatDays, state.seen_id ?? 0);
    for (let i = 0; i < ids.length; i += chunk) {
      const some = ids.slice(i, i + chunk);
      const selection = casesById(some);
      await walk((after) => sweep(selection, after), some.at(-1));
    }
    result.cases = await countOpenCases(db, date);
  }
  await db.batch([
    ...queued,
    ...finishStatements(db, date, district.code, fingerprint, state.last_id),
  ]);
  return result;
}

/**
 * Reads chunk after chunk, each from after the last case of the one before (a chunk holds what
 * fits D1's limit, docs/decisions/0018), until one is empty or reaches case `last`.
 */
async function walk(
  next: (after: number) => Promise<readonly SweptRow[]>,
  last = Number.POSITIVE_INFINITY,
): Promise<void> {
  for (let after = 0; after < last; ) {
    const rows = await next(after);
    if (rows.length === 0) return;
    after = rows.at(-1)!.id;
  }
}

/**
 * Escalates one chunk from its events and its reporters' other cases: each case's ladder row
 * (`level`), the count of those whose level or due date moved (`updates`), the rows to write
 * (`changed`: moved, another next sweep day, or climbs added) and the climbs added (`added`). A
 * climb is added when its (day, reason) is not recorded yet; `replace` derives them all anew.
 */
function escalateChunk(
  { rows, events, others }: Chunk,
  date: string,
  { settings, calendar, org }: Rules,
  actor: string,
  replace = false,
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
      // (Rule 5 reads the other cases' reporter keys and dates, never their level.)
      receivedLevel: 0,
    }),
  );
  const index = reporterIndex(candidates, settings.repeatDays, settings.repeatCount);
  const level: LadderRow[] = [];
  const changed: LadderRow[] = [];
  let updates = 0;
  let added = 0;
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
    const stored = replace ? [] : (row.climbs ?? []);
    const kept = withClimbs(stored, state.climbs, actor);
    added += kept.length - stored.length;
    const climbs = replace || kept.length > stored.length ? kept : null;
    const written: LadderRow = [
      row.id,
      state.level,
      state.resolutionDue,
      next ?? NEVER,
      row.sweep_on,
      climbs,
    ];
    level.push(written);
    const moved = state.level !== row.level || state.resolutionDue !== row.current_due;
    if (moved) updates++;
    if (moved || written[3] !== row.sweep_on || climbs) changed.push(written);
  }
  return { added, updates, level, changed };
}

/**
 * The climbs a case keeps: those recorded, then those derived whose (day, reason) is not recorded
 * yet — a climb is never taken back but by a re-derivation (docs/decisions/0018).
 */
function withClimbs(
  stored: readonly StoredClimb[],
  derived: readonly Climb[],
  actor: string,
): StoredClimb[] {
  const known = new Set(stored.map(([on, , , reason]) => `${on} ${reason}`));
  const kept = [...stored];
  for (const climb of derived) {
    const key = `${climb.on} ${climb.reason}`;
    if (known.has(key)) continue;
    known.add(key);
    kept.push([climb.on, climb.from, climb.to, climb.reason, actor]);
  }
  return kept;
}

/** The district's rules a re-derivation reads. */
async function rulesOf(db: D1Database, unit: string): Promise<Rules> {
  const org = await loadOrg(db);
  const district = org.districtOf(unit)?.code ?? unit;
  return { settings: await loadSettings(db, district), calendar: await loadCalendar(db), org };
}

/**
 * The writes that re-derive some cases' climbs from their records as the sweep derives them, as of
 * `date`: their ladder rows' climbs, level and current due date replaced, the cases marked so the
 * next sweep looks at them again (docs/decisions/0015).
 */
async function rederive(
  db: D1Database,
  selection: Selection,
  afterId: number,
  date: string,
  actor: string,
  rules: Rules,
): Promise<{
  statements: D1PreparedStatement[];
  climbs: number;
  levels: Map<number, number>;
  rows: SweptRow[];
}> {
  const read = { selection, afterId, limit: SWEEP_CHUNK };
  const chunk = await readChunk(db, read, date, rules.settings.repeatDays);
  const { added, level } = escalateChunk(chunk, date, rules, actor, true);
  return {
    statements: rederiveStatements(db, level),
    climbs: added,
    levels: new Map(level.map((l) => [l[0], l[1]])),
    rows: chunk.rows,
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
  const unit = await caseUnit(db, id);
  if (!unit) return null;
  const rules = await rulesOf(db, unit);
  const { statements, climbs, levels } = await rederive(db, casesById([id]), 0, date, actor, rules);
  await db.batch([
    ...statements,
    auditStatement(db, {
      actor,
      action: 'case.rederive',
      unit,
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
  const sorted = [...ids].sort((a, b) => a - b);
  let done = 0;
  for (let i = 0; i < sorted.length; i += SWEEP_CHUNK) {
    const some = sorted.slice(i, i + SWEEP_CHUNK);
    const selection = casesById(some);
    await walk(async (after) => {
      const { statements, rows } = await rederive(db, selection, after, date, actor, rules);
      if (statements.length > 0) await db.batch(statements);
      done += rows.length;
      return rows;
    }, some.at(-1));
  }
  return done;
}

/** The Cron Trigger's work: the sweep as of today in China Standard Time. */
export function scheduledSweep(db: D1Database, now = Date.now()): Promise<SweepResult> {
  return runSweep(db, todayInChina(now));
}
