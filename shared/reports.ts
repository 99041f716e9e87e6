/**
 * The district's monthly problem lists (多发性, 普遍性, 经常性; docs/rules.md, Scores) and its supervision list
 * (督办清单): open cases past a due date, and widespread problems; and what falls due soon (临期).
 */
import type { Calendar } from './calendar.ts';
import { addDays, daysBetween } from './calendar.ts';
import {
  type CaseEvent,
  type EscalationCase,
  escalate,
  reporterIndex,
  type WidespreadProblem,
  widespread,
} from './escalation.ts';
import { isMonth } from './periods.ts';
import { dispatchDueDates } from './scores.ts';
import type { DistrictSettings } from './settings.ts';

export interface FrequentProblems {
  month: string;
  /** 多发性: categories by number of cases in the month, most first. */
  frequent: { category: string; cases: number }[];
  /** 普遍性: categories by number of residential areas reporting them in the month. */
  widespread: { category: string; areas: number; overThreshold: boolean }[];
  /** 经常性: categories by consecutive months reported, ending with this month. */
  recurring: { category: string; months: number }[];
}

const monthOf = (iso: string) => iso.slice(0, 7);
function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}
const byCountThenName = <T extends { category: string }>(count: (t: T) => number) => {
  return (a: T, b: T) => count(b) - count(a) || a.category.localeCompare(b.category);
};

/**
 * The monthly frequent-problem lists for `month` (`YYYY-MM`). A record may stand for `count` cases
 * of one day, category and area (the Worker passes SQL groups).
 */
export function frequentProblems(
  cases: readonly (Pick<EscalationCase, 'receivedOn' | 'category' | 'area'> & { count?: number })[],
  month: string,
  settings: DistrictSettings,
): FrequentProblems {
  if (!isMonth(month)) throw new Error(`not a month: ${month}`);
  const counts = new Map<string, number>();
  const areas = new Map<string, Set<string>>();
  const monthsOf = new Map<string, Set<string>>();
  for (const record of cases) {
    if (!record.category) continue;
    const own = monthOf(record.receivedOn);
    if (own > month) continue;
    const seen = monthsOf.get(record.category) ?? new Set<string>();
    seen.add(own);
    monthsOf.set(record.category, seen);
    if (own !== month) continue;
    counts.set(record.category, (counts.get(record.category) ?? 0) + (record.count ?? 1));
    const set = areas.get(record.category) ?? new Set<string>();
    if (record.area) set.add(record.area);
    areas.set(record.category, set);
  }
  const recurring = [...counts.keys()].map((category) => {
    const seen = monthsOf.get(category)!;
    let months = 0;
    for (let at = month; seen.has(at); at = previousMonth(at)) months++;
    return { category, months };
  });
  return {
    month,
    frequent: [...counts]
      .map(([category, n]) => ({ category, cases: n }))
      .sort(byCountThenName((t) => t.cases)),
    widespread: [...areas]
      .map(([category, set]) => ({
        category,
        areas: set.size,
        overThreshold: set.size >= settings.widespreadAreas,
      }))
      .sort(byCountThenName((t) => t.areas)),
    recurring: recurring.sort(byCountThenName((t) => t.months)),
  };
}

export interface SupervisionItem {
  caseNo: string;
  area: string | null;
  category: string | null;
  firstReceiver: string | null;
  level: number;
  /** NO_REPLY: no reply by the reply due date; OVERDUE: not resolved by the resolution due date. */
  reason: 'NO_REPLY' | 'OVERDUE';
  due: string;
  daysOverdue: number;
  /**
   * For a case dispatched to a department, the department's clock beside the unit's (above): its
   * due dates from the dispatch (the resolution moved by a granted extension) and how late it is
   * on them (`reason` null while within them).
   */
  department?: {
    code: string;
    dispatchedOn: string;
    replyDue: string;
    resolutionDue: string;
    reason: 'NO_REPLY' | 'OVERDUE' | null;
    daysOverdue: number;
  };
}

/** What the list reads of a case besides its escalation: who received it, where it was dispatched. */
export interface SupervisedCase extends EscalationCase {
  firstReceiver?: string | null;
  /** The department the case is dispatched to, and when (派单); the days of a granted extension. */
  assignee?: string | null;
  dispatchedOn?: string | null;
  extensionDays?: number | null;
}

export interface SupervisionList {
  asOf: string;
  overdue: SupervisionItem[];
  widespread: WidespreadProblem[];
}

/**
 * The district's supervision list (督办清单) as of a date: every open case past its resolution due
 * date or without a reply past its reply due date (longest overdue first), and every widespread
 * problem of the last `widespreadDays` days. `history` holds the reporters' other cases (closed
 * ones too), so repeats are found as the sweep finds them.
 */
export function supervisionList(
  cases: readonly SupervisedCase[],
  eventsOf: (caseNo: string) => readonly CaseEvent[],
  asOf: string,
  settings: DistrictSettings,
  calendar: Calendar,
  history: readonly EscalationCase[] = [],
): SupervisionList {
  const listed = new Set(cases.map((c) => c.caseNo));
  const index = reporterIndex(
    [...cases, ...history.filter((c) => !listed.has(c.caseNo))],
    settings.repeatDays,
    settings.repeatCount,
  );
  const overdue: SupervisionItem[] = [];
  for (const record of cases) {
    if (record.receivedOn > asOf) continue;
    const state = escalate(
      record,
      eventsOf(record.caseNo),
      settings,
      calendar,
      asOf,
      index.priorCasesOf(record),
    );
    if (!state.open) continue;
    const lateOn = (due: { replyDue: string; resolutionDue: string }) =>
      due.resolutionDue < asOf
        ? { reason: 'OVERDUE' as const, due: due.resolutionDue }
        : !state.replied && due.replyDue < asOf
          ? { reason: 'NO_REPLY' as const, due: due.replyDue }
          : null;
    const late = lateOn(state);
    if (!late) continue;
    // The department's clock starts later than the unit's: a case late for the department is late
    // for the unit too, so it is listed either way and shows both.
    const dispatched =
      record.assignee && record.dispatchedOn && record.dispatchedOn <= asOf
        ? dispatchDueDates(record.dispatchedOn, record.extensionDays ?? 0, settings, calendar)
        : null;
    const departmentLate = dispatched ? lateOn(dispatched) : null;
    overdue.push({
      caseNo: record.caseNo,
      area: record.area ?? null,
      category: record.category ?? null,
      firstReceiver: record.firstReceiver ?? null,
      level: state.level,
      ...late,
      daysOverdue: daysBetween(late.due, asOf),
      ...(dispatched
        ? {
            department: {
              code: record.assignee!,
              dispatchedOn: record.dispatchedOn!,
              ...dispatched,
              reason: departmentLate?.reason ?? null,
              daysOverdue: departmentLate ? daysBetween(departmentLate.due, asOf) : 0,
            },
          }
        : {}),
    });
  }
  overdue.sort((a, b) => b.daysOverdue - a.daysOverdue || a.caseNo.localeCompare(b.caseNo));
  return { asOf, overdue, widespread: widespread(cases, asOf, settings) };
}

/** Where a case stands on its deadlines as of a day (as `escalate` gives it). */
export interface DueSoonCase {
  caseNo: string;
  open: boolean;
  replied: boolean;
  replyDue: string;
  /** The resolution due date of the current round (a 不满意 rating starts a new one). */
  resolutionDue: string;
}

export interface DueSoonItem {
  caseNo: string;
  due: string;
  kind: 'reply' | 'resolution';
}

/** The last day of the 临期 window: `days` working days after `asOf` (holidays skipped). */
export function dueSoonUntil(asOf: string, days: number, calendar: Calendar): string {
  return addDays(asOf, days, 'working', calendar);
}

/**
 * 临期: the replies and resolutions of open cases that fall due from `asOf` through the next `days`
 * working days — what a unit or department must finish before it lands on the supervision list
 * (what is already past due is there, not here). Earliest first.
 */
export function dueSoon(
  cases: readonly DueSoonCase[],
  asOf: string,
  days: number,
  calendar: Calendar,
): DueSoonItem[] {
  const until = dueSoonUntil(asOf, days, calendar);
  const within = (due: string) => due >= asOf && due <= until;
  const items: DueSoonItem[] = [];
  for (const c of cases) {
    if (!c.open) continue;
    if (!c.replied && within(c.replyDue)) {
      items.push({ caseNo: c.caseNo, due: c.replyDue, kind: 'reply' });
    }
    if (within(c.resolutionDue)) {
      items.push({ caseNo: c.caseNo, due: c.resolutionDue, kind: 'resolution' });
    }
  }
  return items.sort(
    (a, b) =>
      a.due.localeCompare(b.due) ||
      a.caseNo.localeCompare(b.caseNo) ||
      a.kind.localeCompare(b.kind),
  );
}
