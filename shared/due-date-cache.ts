/**
 * Due dates for scoring (docs/rules.md, Scores): cached per date, on the receiving unit's clock or
 * the department's (from the dispatch date, moved by a granted extension).
 */
import { type Calendar, deadline } from './calendar.ts';
import type { Clock, ReopenDue, ScoredCase } from './case-counts.ts';
import { dueDates } from './escalation.ts';
import type { DistrictSettings } from './settings.ts';

/**
 * Due dates per date: a district has a few hundred distinct receipt (and rating) dates, not a
 * million. `reopenDue` is the resolution due again one period after a 不满意 rating.
 */
export function dueDateCache(settings: DistrictSettings, calendar: Calendar) {
  const cache = new Map<string, { replyDue: string; resolutionDue: string }>();
  const reopened = new Map<string, string>();
  const reopenDue: ReopenDue = (ratedOn) => {
    let due = reopened.get(ratedOn);
    if (due === undefined) {
      due = deadline(ratedOn, settings.resolveDays, settings.dayMode, calendar);
      reopened.set(ratedOn, due);
    }
    return due;
  };
  const dueOf = (record: ScoredCase) => {
    if (record.replyDue && record.resolutionDue) {
      return { replyDue: record.replyDue, resolutionDue: record.resolutionDue };
    }
    let due = cache.get(record.receivedOn);
    if (!due) {
      due = dueDates(record.receivedOn, settings, calendar);
      cache.set(record.receivedOn, due);
    }
    return due;
  };
  const dispatched = new Map<string, { replyDue: string; resolutionDue: string }>();
  /** The due dates on a clock: the department's run from the dispatch date, where one is given. */
  const dueOn = (record: ScoredCase, clock: Clock) => {
    if (clock === 'unit' || !record.dispatchedOn) return dueOf(record);
    if (record.dispatchReplyDue && record.dispatchResolutionDue) {
      return { replyDue: record.dispatchReplyDue, resolutionDue: record.dispatchResolutionDue };
    }
    const key = `${record.dispatchedOn}+${record.extensionDays ?? 0}`;
    let due = dispatched.get(key);
    if (!due) {
      due = dispatchDueDates(record.dispatchedOn, record.extensionDays ?? 0, settings, calendar);
      dispatched.set(key, due);
    }
    return due;
  };
  return { dueOf, dueOn, reopenDue };
}

/**
 * The department's due dates for a case dispatched on `dispatchedOn`: the district's limits counted
 * from the dispatch, the resolution moved by a granted extension's days (延期, once).
 */
export function dispatchDueDates(
  dispatchedOn: string,
  extensionDays: number,
  settings: DistrictSettings,
  calendar: Calendar,
): { replyDue: string; resolutionDue: string } {
  return dueDates(dispatchedOn, settings, calendar, extensionDays);
}
