/**
 * Cases seen together rather than one by one (docs/rules.md, The ladder): a reporter's repeated
 * cases in one category (rule 5, found through an index by reporter) and problems many residential
 * areas report at once (普遍性), which go on the district's supervision list.
 */
import { daysBetween, shiftDays } from './calendar.ts';
import type { EscalationCase } from './escalation.ts';
import type { DistrictSettings } from './settings.ts';

/** The reporter's identities: phone, and the household (its address) when there is no phone match. */
function reporterKeys(record: EscalationCase): string[] {
  const keys: string[] = [];
  const category = record.category ?? '';
  if (record.reporterPhone) keys.push(`phone|${record.reporterPhone}|${category}`);
  const address = record.address?.replace(/\s+/g, '');
  if (address) keys.push(`home|${address}|${category}`);
  return keys;
}

const isEarlier = (a: EscalationCase, b: EscalationCase) =>
  a.receivedOn < b.receivedOn || (a.receivedOn === b.receivedOn && a.caseNo < b.caseNo);

/**
 * Rule 5: the level a case starts at given the same reporter's other cases — 街道 (1) at least when
 * it is the `repeatCount`-th case (3rd by default) of one phone or household in one category, the
 * earlier ones received at most `repeatDays` (90) days before it.
 */
export function repeatStartLevel(
  record: EscalationCase,
  earlierCases: readonly EscalationCase[],
  settings: DistrictSettings,
): number {
  const start = record.receivedLevel ?? 0;
  if (!record.category) return start;
  const keys = new Set(reporterKeys(record));
  const earlier = earlierCases.filter(
    (other) =>
      other.caseNo !== record.caseNo &&
      isEarlier(other, record) &&
      daysBetween(other.receivedOn, record.receivedOn) <= settings.repeatDays &&
      reporterKeys(other).some((key) => keys.has(key)),
  );
  return earlier.length + 1 >= settings.repeatCount ? Math.max(start, 1) : start;
}

/**
 * An index of cases by reporter and category, so that each case's possible repeats are found
 * without scanning the whole district: `priorCasesOf(record)` gives the candidates for rule 5 —
 * the same reporter's cases received before it, within `windowDays` (all without a window), the
 * nearest first and at most `limit` of them (rule 5 only asks whether there are enough). Each
 * reporter's cases are kept in order and found by binary search, so a phone with thousands of
 * cases (an office line) costs the window, not the whole list.
 */
export function reporterIndex(
  cases: readonly EscalationCase[],
  windowDays?: number,
  limit = Infinity,
) {
  const byKey = new Map<string, EscalationCase[]>();
  for (const record of cases) {
    for (const key of reporterKeys(record)) {
      const list = byKey.get(key);
      if (list) list.push(record);
      else byKey.set(key, [record]);
    }
  }
  const order = (a: EscalationCase, b: EscalationCase) =>
    isEarlier(a, b) ? -1 : isEarlier(b, a) ? 1 : 0;
  for (const list of byKey.values()) list.sort(order);
  return {
    priorCasesOf(record: EscalationCase): EscalationCase[] {
      const found = new Set<EscalationCase>();
      const from = windowDays === undefined ? '' : shiftDays(record.receivedOn, -windowDays);
      for (const key of reporterKeys(record)) {
        const list = byKey.get(key);
        if (!list) continue;
        // The first case that is not earlier than the record.
        let low = 0;
        let high = list.length;
        while (low < high) {
          const mid = (low + high) >> 1;
          if (isEarlier(list[mid]!, record)) low = mid + 1;
          else high = mid;
        }
        let taken = 0;
        for (let i = low - 1; i >= 0 && taken < limit && list[i]!.receivedOn >= from; i--) {
          found.add(list[i]!);
          taken++;
        }
      }
      return [...found];
    },
  };
}

export interface WidespreadProblem {
  category: string;
  /** Residential areas that reported it within the window, sorted. */
  areas: string[];
  cases: number;
  from: string;
  to: string;
}

/**
 * Widespread problems (普遍性) as of a date: categories reported from `widespreadAreas` (5) or more
 * residential areas within the last `widespreadDays` (30) days — they go on the district's
 * supervision list (督办清单). Most areas first.
 */
export function widespread(
  cases: readonly EscalationCase[],
  asOf: string,
  settings: DistrictSettings,
): WidespreadProblem[] {
  const from = shiftDays(asOf, -settings.widespreadDays);
  const byCategory = new Map<string, { areas: Set<string>; cases: number }>();
  for (const record of cases) {
    if (!record.category || !record.area) continue;
    if (record.receivedOn < from || record.receivedOn > asOf) continue;
    const entry = byCategory.get(record.category) ?? { areas: new Set<string>(), cases: 0 };
    entry.areas.add(record.area);
    entry.cases++;
    byCategory.set(record.category, entry);
  }
  return [...byCategory]
    .filter(([, entry]) => entry.areas.size >= settings.widespreadAreas)
    .map(([category, entry]) => ({
      category,
      areas: [...entry.areas].sort(),
      cases: entry.cases,
      from,
      to: asOf,
    }))
    .sort((a, b) => b.areas.length - a.areas.length || a.category.localeCompare(b.category));
}
