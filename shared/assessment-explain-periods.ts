/**
 * The periods behind a cadre's coverage and contact-day figures (docs/decisions/0009,
 * docs/decisions/0014): every period a duty owed in the year, each with whether his own visits
 * covered it, so that the figure recomputes from the lines listed.
 */
import type { RollData, RollOptions } from './assessment.ts';
import {
  COVERAGE_DUTIES,
  COVERAGE_DUTY_KEYS,
  type CoverageDuty,
  contactDayOf,
  HOUSEHOLD_DUTY,
  isCommitteeVisit,
  isPolicyVisit,
  periodsDue,
} from './coverage.ts';
import { parsePeriod } from './periods.ts';

/** A period a duty owed (for household duties, one household's period), covered or not. */
export interface ExplainedPeriod {
  duty: CoverageDuty | 'CONTACT_DAY';
  label: string;
  from: string;
  to: string;
  household: string | null;
  /** For the contact day: the day a visit to the contact area was due. */
  day: string | null;
  covered: boolean;
}

/**
 * Every period a cadre owed in the year (docs/decisions/0009): the committee and policy duties of
 * his contact area, the household-periods of its households and those paired with him, and the
 * contact days — each with whether his own visits covered it.
 */
export function cadrePeriods(
  data: RollData,
  options: RollOptions,
  cadre: string,
  contactArea: string | null | undefined,
): ExplainedPeriod[] {
  const { asOf } = options;
  const range = parsePeriod(String(options.year))!;
  const own = (data.visits ?? []).filter((v) => v.cadre === cadre && v.visitOn <= asOf);
  const areas = new Set<string>(
    contactArea ? [contactArea] : own.flatMap((v) => (v.area ? [v.area] : [])),
  );
  const inAreas = own.filter((v) => v.area !== null && areas.has(v.area));
  const lines: ExplainedPeriod[] = [];
  const owe = (
    duty: CoverageDuty,
    dates: readonly string[],
    household: string | null,
    owed: boolean,
  ) => {
    if (!owed) return;
    for (const p of periodsDue(range, COVERAGE_DUTIES[duty].months, asOf)) {
      lines.push({
        duty,
        label: COVERAGE_DUTIES[duty].label,
        ...p,
        household,
        day: null,
        covered: dates.some((d) => d >= p.from && d <= p.to),
      });
    }
  };
  const owesArea = areas.size > 0;
  owe(
    'COMMITTEE',
    inAreas.filter(isCommitteeVisit).map((v) => v.visitOn),
    null,
    owesArea,
  );
  owe(
    'POLICY',
    inAreas.filter(isPolicyVisit).map((v) => v.visitOn),
    null,
    owesArea,
  );
  for (const h of data.households ?? []) {
    const duty = HOUSEHOLD_DUTY[h.householdType ?? ''];
    const paired = h.pairedCadre === cadre;
    if (!duty || !((h.area !== null && areas.has(h.area)) || paired)) continue;
    const dates = own.filter((v) => v.target === h.householdNo).map((v) => v.visitOn);
    // The archive's last visit was the paired cadre's own.
    if (paired && h.lastVisitOn && h.lastVisitOn <= asOf) dates.push(h.lastVisitOn);
    owe(duty, dates, h.householdNo, true);
  }
  if (owesArea) {
    for (const month of periodsDue(range, 1, asOf)) {
      const day = contactDayOf(month.from.slice(0, 7), options.settings.contactDay);
      lines.push({
        duty: 'CONTACT_DAY',
        label: '定点联系日',
        ...month,
        household: null,
        day,
        covered: inAreas.some((v) => v.visitOn === day),
      });
    }
  }
  const order = (duty: ExplainedPeriod['duty']) =>
    duty === 'CONTACT_DAY' ? COVERAGE_DUTY_KEYS.length : COVERAGE_DUTY_KEYS.indexOf(duty);
  return lines.sort(
    (a, b) =>
      order(a.duty) - order(b.duty) ||
      (a.household ?? '').localeCompare(b.household ?? '') ||
      a.from.localeCompare(b.from),
  );
}
