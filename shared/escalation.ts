/**
 * Escalation up the ladder 居民区 → 街道/镇 → 区 → 常委会 (docs/rules.md, The ladder). A pure function of a case, its
 * dated events, the district's settings and calendar and an as-of date: the same answer every time,
 * so the daily sweep can recompute it from scratch and keep only the climbs it has not stored yet.
 */
import { type Calendar, deadline, shiftDays } from './calendar.ts';
import type { UnitKind } from './org.ts';
import { repeatStartLevel } from './repeats.ts';
import type { DistrictSettings } from './settings.ts';

// Rule 5 and widespread problems, re-exported: the sweep, the CLI and the benches import them here.
export { repeatStartLevel, reporterIndex, type WidespreadProblem, widespread } from './repeats.ts';

/** The rungs of the ladder; the index is the level. */
export const LEVELS = ['居民区', '街道', '区', '常委会'] as const;
export const TOP_LEVEL = LEVELS.length - 1;
/**
 * The highest level a case reaches without a decision: 区. The standing committee takes a case only
 * when the district refers it, case by case (docs/rules.md, "The ladder").
 */
export const AUTOMATIC_TOP_LEVEL = 2;

/**
 * Why a case climbed: reported up (上报), referred by the district to the standing committee, no
 * reply in time (督办), overdue, 不满意, repeated.
 */
export const CLIMB_REASONS = [
  'REPORTED_UP',
  'REFERRED',
  'NO_REPLY',
  'OVERDUE',
  'DISSATISFIED',
  'REPEATED',
] as const;
export type ClimbReason = (typeof CLIMB_REASONS)[number];

/** What escalation reads of a case record (canonical values, docs/rules.md, Ledgers). */
export interface EscalationCase {
  caseNo: string;
  receivedOn: string;
  status: string | null;
  repliedOn: string | null;
  resolvedOn: string | null;
  satisfaction: string | null;
  revisitOn?: string | null;
  category?: string | null;
  reporterPhone?: string | null;
  address?: string | null;
  area?: string | null;
  /** Level of the unit that received the case: 0 居民区 unless a higher unit took it in. */
  receivedLevel?: number;
}

/**
 * A dated step of a case's history. When a case has events of a kind, they replace what the record's
 * columns say of that kind (a sheet keeps only the latest dates; events keep every one).
 */
export interface CaseEvent {
  on: string;
  type: 'reported_up' | 'replied' | 'resolved' | 'rated' | 'referred';
  /** For `rated`: 满意, 基本满意 or 不满意. */
  satisfaction?: string | null;
  /** For `reported_up`: the level of the unit that reported it (else the case's level then). */
  byLevel?: number;
}

/** The ratings a resident gives; 未评价 and blank are none. */
export const RATINGS = ['满意', '基本满意', '不满意'] as const;
export const isRating = (value: string | null | undefined): boolean =>
  value === '满意' || value === '基本满意' || value === '不满意';

/**
 * The date of a case's rating as its record gives it: the return visit, else the resolution, else
 * the reply, else (a row that vouches for no other date) the receipt.
 */
export function ratingDateOf(
  record: Pick<EscalationCase, 'receivedOn' | 'repliedOn' | 'resolvedOn' | 'revisitOn'>,
): string {
  return record.revisitOn ?? record.resolvedOn ?? record.repliedOn ?? record.receivedOn;
}

export interface Climb {
  on: string;
  from: number;
  to: number;
  reason: ClimbReason;
}

export interface Escalation {
  level: number;
  /** Reply due (counted from receipt). */
  replyDue: string;
  /** Resolution due of the current round: from receipt, or from the latest 不满意 rating. */
  resolutionDue: string;
  /** Not resolved as of the date (a 不满意 rating reopens a resolved case: 办理中). */
  open: boolean;
  /** Reopened by a 不满意 rating and not resolved since. */
  reopened: boolean;
  /** Replied (or resolved) as of the date. */
  replied: boolean;
  climbs: Climb[];
}

/** The level at which a unit of this kind takes in a case. */
export function levelOfUnitKind(kind: UnitKind): number {
  return kind === 'residential' ? 0 : kind === 'subdistrict' ? 1 : 2;
}

/**
 * Reply and resolution due dates counted from `from` (the receipt, or a dispatch) under the
 * district's settings; a granted extension's days move the resolution.
 */
export function dueDates(
  from: string,
  settings: DistrictSettings,
  calendar: Calendar,
  extensionDays = 0,
): { replyDue: string; resolutionDue: string } {
  return {
    replyDue: deadline(from, settings.replyDays, settings.dayMode, calendar),
    resolutionDue: deadline(from, settings.resolveDays + extensionDays, settings.dayMode, calendar),
  };
}

// Same-day order: a reply or resolution counts before a report up, a rating after it, a referral last.
const ORDER: Record<CaseEvent['type'], number> = {
  replied: 0,
  resolved: 1,
  reported_up: 2,
  rated: 3,
  referred: 4,
};

/**
 * The case's history as dated steps, in order: its stored events, completed from the record's
 * columns for each kind the events do not give (a sheet keeps only the latest dates).
 */
export function caseSteps(
  record: Pick<
    EscalationCase,
    'receivedOn' | 'repliedOn' | 'resolvedOn' | 'satisfaction' | 'revisitOn' | 'receivedLevel'
  > & { status?: string | null },
  events: readonly CaseEvent[],
): CaseEvent[] {
  const has = new Set(events.map((e) => e.type));
  const steps = [...events];
  if (!has.has('replied') && record.repliedOn)
    steps.push({ on: record.repliedOn, type: 'replied' });
  if (!has.has('resolved') && record.resolvedOn) {
    steps.push({ on: record.resolvedOn, type: 'resolved' });
  }
  // A sheet gives no date for 上报: the receipt date is the only one it vouches for; it climbs one
  // level from the level of the unit that wrote the row.
  if (!has.has('reported_up') && record.status === '上报') {
    steps.push({ on: record.receivedOn, type: 'reported_up', byLevel: record.receivedLevel ?? 0 });
  }
  if (!has.has('rated') && isRating(record.satisfaction)) {
    steps.push({ on: ratingDateOf(record), type: 'rated', satisfaction: record.satisfaction });
  }
  return steps.sort((a, b) => a.on.localeCompare(b.on) || ORDER[a.type] - ORDER[b.type]);
}

/**
 * Where a case stands on the ladder as of `asOf`, with a dated reason for every climb:
 * 1. reported up (上报) — on that date;
 * 2. no reply by the reply due date (督办) — the day after;
 * 3. not resolved by the resolution due date — the day after, and again after every further full
 *    resolution period it stays open;
 * 4. rated 不满意 — on the rating date; the case reopens with a resolution due counted from it;
 * 5. the third case of one reporter and category within 90 days starts at 街道 at least
 *    (given `priorCases`, the reporter's other cases).
 * Climbs 1–5 stop at 区; only the district's referral (`referred`, reason REFERRED) takes a case to
 * 常委会, and it keeps its handling unit. The first receiver is not touched: he stays accountable
 * (首问负责制).
 */
export function escalate(...args: Parameters<typeof escalateUntilChange>): Escalation {
  return escalateUntilChange(...args).escalation;
}

/**
 * A case's level and its dated climbs; only the district's referral climbs past 区. A class, not an
 * object with a getter: the sweep makes one per case, 200,000 a day.
 */
class Ladder {
  readonly climbs: Climb[] = [];
  level: number;

  constructor(start: number) {
    this.level = Math.min(start, TOP_LEVEL);
  }

  climb(on: string, reason: ClimbReason, to = this.level + 1): void {
    const target = Math.min(to, reason === 'REFERRED' ? TOP_LEVEL : AUTOMATIC_TOP_LEVEL);
    if (target <= this.level) return;
    this.climbs.push({ on, from: this.level, to: target, reason });
    this.level = target;
  }
}

/**
 * `escalate`, and the first day after `asOf` on which its answer can change while nothing new is
 * recorded for the case (null: never) — the next step already dated later (a rating dated by a
 * later return visit), the day after the reply due date, the day after the current round's due
 * date. Until that day the escalation as of any later date is the same: the sweep need not look at
 * the case (docs/decisions/0015).
 */
export function escalateUntilChange(
  record: EscalationCase,
  events: readonly CaseEvent[],
  settings: DistrictSettings,
  calendar: Calendar,
  asOf: string,
  priorCases?: readonly EscalationCase[],
): { escalation: Escalation; next: string | null } {
  const due = (from: string, days: number) => deadline(from, days, settings.dayMode, calendar);
  const ladder = new Ladder(record.receivedLevel ?? 0);

  if (priorCases) {
    ladder.climb(record.receivedOn, 'REPEATED', repeatStartLevel(record, priorCases, settings));
  }

  const first = dueDates(record.receivedOn, settings, calendar);
  const replyDue = first.replyDue;
  let resolutionDue = first.resolutionDue;
  let periodDue = resolutionDue; // due date of the current overdue round
  let replied = false;
  let resolved = false;
  let reopened = false;
  let replyChecked = false;

  // Climbs that fall due on or before `until` while nothing has happened.
  const catchUp = (until: string) => {
    if (!replied && !replyChecked) {
      const on = shiftDays(replyDue, 1);
      if (on <= until) {
        ladder.climb(on, 'NO_REPLY');
        replyChecked = true;
      }
    }
    while (!resolved && ladder.level < AUTOMATIC_TOP_LEVEL) {
      const on = shiftDays(periodDue, 1);
      if (on > until) break;
      ladder.climb(on, 'OVERDUE');
      periodDue = due(periodDue, settings.resolveDays);
    }
  };

  let laterStep: string | null = null;
  for (const step of caseSteps(record, events)) {
    if (step.on > asOf) {
      laterStep = step.on;
      break;
    }
    catchUp(step.on);
    if (step.type === 'replied') replied = true;
    else if (step.type === 'resolved') {
      replied = true;
      resolved = true;
      reopened = false;
    } else if (step.type === 'reported_up') {
      ladder.climb(step.on, 'REPORTED_UP', (step.byLevel ?? ladder.level) + 1);
    } else if (step.type === 'referred') ladder.climb(step.on, 'REFERRED', TOP_LEVEL);
    else if (step.satisfaction === '不满意') {
      ladder.climb(step.on, 'DISSATISFIED');
      resolved = false;
      reopened = true;
      resolutionDue = due(step.on, settings.resolveDays);
      periodDue = resolutionDue;
    }
  }
  catchUp(asOf);

  // What catchUp would do next, were nothing else to happen.
  const pending = [
    laterStep,
    !replied && !replyChecked ? shiftDays(replyDue, 1) : null,
    !resolved && ladder.level < AUTOMATIC_TOP_LEVEL ? shiftDays(periodDue, 1) : null,
  ].filter((on): on is string => on !== null);
  const { level, climbs } = ladder;
  return {
    escalation: { level, replyDue, resolutionDue, open: !resolved, reopened, replied, climbs },
    next: pending.sort()[0] ?? null,
  };
}
