/**
 * 六个一遍 coverage per calendar period and contact-day attendance (docs/decisions/0009):
 * how many of the periods that have ended were covered, per cadre and per residential area —
 * where `compliance.ts` says only what is overdue today. A cadre who visited the committee in 2 of
 * 12 months covers 2/12, not "not overdue" on the one day someone looked.
 */
import type { ComplianceHousehold, ComplianceVisit } from './compliance.ts';
import { type DateRange, parsePeriod } from './periods.ts';

/**
 * The six duties and their period in months: the 两委班子 and the livelihood-policy review (the
 * area's own duties), and four duties over households.
 */
export const COVERAGE_DUTIES = {
  COMMITTEE: { label: '走访两委班子', months: 1 },
  POLICY: { label: '梳理民生政策', months: 3 },
  NEEDY: { label: '走访困难户', months: 3 },
  SPECIAL: { label: '走访特殊群体', months: 3 },
  MODEL: { label: '走访模范人物', months: 6 },
  BUSINESS: { label: '走访工商个体户', months: 6 },
} as const;
export type CoverageDuty = keyof typeof COVERAGE_DUTIES;
export const COVERAGE_DUTY_KEYS = Object.keys(COVERAGE_DUTIES) as CoverageDuty[];

export const HOUSEHOLD_DUTY: Record<string, CoverageDuty> = {
  困难户: 'NEEDY',
  孤老: 'SPECIAL',
  重残重病: 'SPECIAL',
  独居老人: 'SPECIAL',
  离休干部: 'SPECIAL',
  军烈属: 'SPECIAL',
  模范人物: 'MODEL',
  工商个体户: 'BUSINESS',
};

/** The contact day (定点联系日) as a district sets it: the n-th given weekday of each month. */
export interface ContactDaySetting {
  /** 1–4: the first to fourth such weekday of the month. */
  nth: number;
  /** 1 Monday … 7 Sunday. */
  weekday: number;
}

/** Yangpu: the second Thursday of each month. */
export const DEFAULT_CONTACT_DAY: ContactDaySetting = { nth: 2, weekday: 4 };

const pad = (n: number) => String(n).padStart(2, '0');

/** The contact day of a month (`YYYY-MM`), ISO. */
export function contactDayOf(month: string, setting: ContactDaySetting = DEFAULT_CONTACT_DAY) {
  const [year, m] = month.split('-').map(Number) as [number, number];
  const firstWeekday = new Date(Date.UTC(year, m - 1, 1)).getUTCDay() || 7;
  const first = 1 + ((setting.weekday - firstWeekday + 7) % 7);
  return `${year}-${pad(m)}-${pad(first + 7 * (setting.nth - 1))}`;
}

/** The calendar periods of `months` months lying wholly in `range` that have ended by `asOf`. */
export function periodsDue(range: DateRange, months: number, asOf: string): DateRange[] {
  const due: DateRange[] = [];
  const firstYear = Number(range.from.slice(0, 4));
  const lastYear = Number(range.to.slice(0, 4));
  for (let year = firstYear; year <= lastYear; year++) {
    for (let start = 1; start <= 12; start += months) {
      const span: DateRange = {
        from: `${year}-${pad(start)}-01`,
        to: parsePeriod(`${year}-${pad(start + months - 1)}`)!.to,
      };
      // A period is due once its last day is reached; the running one is not yet.
      if (span.from >= range.from && span.to <= range.to && span.to <= asOf) due.push(span);
    }
  }
  return due;
}

export interface DutyCoverage {
  /** Periods (for households: household-periods) due by the as-of date. */
  due: number;
  /** Of those, covered by a visit within the period. */
  done: number;
  rate: number | null;
}

export interface Coverage {
  /** Each duty's periods due and covered. */
  duties: Record<CoverageDuty, DutyCoverage>;
  /** The mean rate of the duties with anything due, 0–1; `null` when nothing is due. */
  coverage: number | null;
  /** Months visited on the contact day over the ended months. */
  contactDay: DutyCoverage;
}

export interface CadreCoverage extends Coverage {
  cadre: string;
  /** The contact areas the duties are counted in. */
  areas: string[];
}

export interface AreaCoverage extends Coverage {
  area: string;
}

/** A cadre of the register: the contact area (联系点) gives his committee and household duties. */
export interface CoverageCadre {
  name: string;
  contactArea?: string | null;
}

export interface CoverageOptions {
  /** The assessed period (`2026`, `2026H1`, …). */
  period: string;
  asOf: string;
  contactDay?: ContactDaySetting;
  /** The cadre register; without it a cadre's areas are those his visits name. */
  cadres?: readonly CoverageCadre[];
}

const round4 = (value: number) => Math.round(value * 10_000) / 10_000;
const rateOf = (done: number, due: number) => (due === 0 ? null : round4(done / due));

export const isCommitteeVisit = (v: ComplianceVisit) =>
  v.visitType === '走访两委班子' || v.target === '两委班子';
export const isPolicyVisit = (v: ComplianceVisit) => v.visitType === '梳理民生政策';

/** Items grouped by a key (null keys left out), each group in the items' order. */
function groupBy<T>(items: readonly T[], keyOf: (item: T) => string | null): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    if (key === null) continue;
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

/**
 * The coverage of one subject: its visits in the areas whose committee and policy duties are its
 * own (`inAreas`), the dates its visits reached a household (`visitedOn`), and the households it
 * owes visits to (with the archive's last visit when it counts). A district has thousands of
 * cadres and households and tens of thousands of visits: the caller groups the visits once.
 */
function coverageOf(
  inAreas: readonly ComplianceVisit[],
  visitedOn: (householdNo: string) => readonly string[],
  areas: ReadonlySet<string>,
  households: readonly ComplianceHousehold[],
  range: DateRange,
  options: CoverageOptions,
): Coverage {
  const { asOf } = options;
  const duties = {} as Record<CoverageDuty, DutyCoverage>;
  // Without a contact area (a department's head, say) the area's own duties are not his.
  const dueIn = (months: number) => (areas.size === 0 ? [] : periodsDue(range, months, asOf));
  const covered = (dates: readonly string[], months: number, own = true) => {
    const periods = own ? dueIn(months) : periodsDue(range, months, asOf);
    const done = periods.filter((p) => dates.some((d) => d >= p.from && d <= p.to)).length;
    return { due: periods.length, done };
  };
  for (const [duty, match] of [
    ['COMMITTEE', isCommitteeVisit],
    ['POLICY', isPolicyVisit],
  ] as const) {
    const { due, done } = covered(
      inAreas.filter(match).map((v) => v.visitOn),
      COVERAGE_DUTIES[duty].months,
    );
    duties[duty] = { due, done, rate: rateOf(done, due) };
  }
  for (const duty of ['NEEDY', 'SPECIAL', 'MODEL', 'BUSINESS'] as const) {
    let due = 0;
    let done = 0;
    for (const h of households) {
      if (HOUSEHOLD_DUTY[h.householdType ?? ''] !== duty) continue;
      const dates = [...visitedOn(h.householdNo)];
      if (h.lastVisitOn) dates.push(h.lastVisitOn);
      const one = covered(
        dates.filter((d) => d <= asOf),
        COVERAGE_DUTIES[duty].months,
        false,
      );
      due += one.due;
      done += one.done;
    }
    duties[duty] = { due, done, rate: rateOf(done, due) };
  }
  // The mean of the duties' own shares (unrounded), each duty counting once.
  const rates = COVERAGE_DUTY_KEYS.filter((d) => duties[d].due > 0).map(
    (d) => duties[d].done / duties[d].due,
  );
  const months = dueIn(1);
  const attended = months.filter((m) => {
    const day = contactDayOf(m.from.slice(0, 7), options.contactDay);
    return inAreas.some((v) => v.visitOn === day);
  }).length;
  return {
    duties,
    coverage: rates.length === 0 ? null : round4(rates.reduce((a, b) => a + b, 0) / rates.length),
    contactDay: { due: months.length, done: attended, rate: rateOf(attended, months.length) },
  };
}

/**
 * 六个一遍 coverage and contact-day attendance per cadre and per residential area over a period
 * as of a date. A cadre's duties are those of his contact area (from the register, else the areas
 * his visits name) and of the households there or paired with him; only his own visits count
 * for him. An area's duties count every cadre's visits. A cadre of the register without visits
 * still has a row.
 */
export function visitCoverage(
  visits: readonly ComplianceVisit[],
  households: readonly ComplianceHousehold[],
  options: CoverageOptions,
): { byCadre: CadreCoverage[]; byArea: AreaCoverage[] } {
  const range = parsePeriod(options.period);
  if (!range) throw new Error(`not a period: ${options.period}`);
  const seen = visits.filter((v) => v.visitOn <= options.asOf);
  const register = new Map((options.cadres ?? []).map((c) => [c.name, c.contactArea ?? null]));
  const names = new Set<string>(register.keys());
  for (const v of seen) names.add(v.cadre);
  for (const h of households) if (h.pairedCadre) names.add(h.pairedCadre);

  const visitsOf = groupBy(seen, (v) => v.cadre);
  const householdsIn = groupBy(households, (h) => h.area);
  const pairedWith = groupBy(households, (h) => h.pairedCadre ?? null);
  const datesByTarget = (visits: readonly ComplianceVisit[]) => {
    const dates = groupBy(visits, (v) => v.target ?? null);
    return (householdNo: string) => (dates.get(householdNo) ?? []).map((v) => v.visitOn);
  };
  const byCadre = [...names].sort().map((cadre): CadreCoverage => {
    const own = visitsOf.get(cadre) ?? [];
    const contact = register.get(cadre);
    const areas = new Set<string>(
      contact ? [contact] : own.flatMap((v) => (v.area ? [v.area] : [])),
    );
    // His areas' households and those paired with him, in the archive's order, each once.
    const mine = new Set([
      ...[...areas].flatMap((area) => householdsIn.get(area) ?? []),
      ...(pairedWith.get(cadre) ?? []),
    ]);
    const theirs = households
      .filter((h) => mine.has(h))
      // The archive's last visit was the paired cadre's; another cadre's own visits must show.
      .map((h) => (h.pairedCadre === cadre ? h : { ...h, lastVisitOn: null }));
    const inAreas = own.filter((v) => v.area !== null && areas.has(v.area));
    return {
      cadre,
      areas: [...areas].sort(),
      ...coverageOf(inAreas, datesByTarget(own), areas, theirs, range, options),
    };
  });

  const areaNames = new Set<string>();
  for (const v of seen) if (v.area) areaNames.add(v.area);
  for (const h of households) if (h.area) areaNames.add(h.area);
  for (const area of register.values()) if (area) areaNames.add(area);
  const seenIn = groupBy(seen, (v) => v.area);
  const everyVisitTo = datesByTarget(seen);
  const byArea = [...areaNames].sort().map(
    (area): AreaCoverage => ({
      area,
      ...coverageOf(
        seenIn.get(area) ?? [],
        everyVisitTo,
        new Set([area]),
        householdsIn.get(area) ?? [],
        range,
        options,
      ),
    }),
  );
  return { byCadre, byArea };
}
