/**
 * 六个一遍 visit compliance (Tumote Right Banner; docs/rules.md, Visits): each cadre visits the 两委班子 of
 * his area once a month, needy and special households once a quarter, model persons and small
 * businesses once every half-year, and reviews the livelihood policies once a quarter. Computed
 * from the visit diary (民情日记) and the household archive (民情档案): which duty is overdue.
 */
import { COVERAGE_DUTIES, HOUSEHOLD_DUTY } from './coverage.ts';

/** The coverage duties, with the household ones two by two: needy and special, model and business. */
export const VISIT_DUTIES = {
  COMMITTEE: COVERAGE_DUTIES.COMMITTEE,
  NEEDY: { label: '走访困难和特殊家庭', months: COVERAGE_DUTIES.NEEDY.months },
  MODEL: { label: '走访模范人物和工商户', months: COVERAGE_DUTIES.MODEL.months },
  POLICY: COVERAGE_DUTIES.POLICY,
} as const;
export type VisitDuty = keyof typeof VISIT_DUTIES;

/** The overdue view's duty for a household type: its coverage duty, merged as above. */
const HOUSEHOLD_VISIT_DUTY: Record<string, VisitDuty> = {
  NEEDY: 'NEEDY',
  SPECIAL: 'NEEDY',
  MODEL: 'MODEL',
  BUSINESS: 'MODEL',
};

export interface ComplianceVisit {
  visitOn: string;
  cadre: string;
  area: string | null;
  target: string | null;
  visitType: string | null;
}

export interface ComplianceHousehold {
  householdNo: string;
  area: string | null;
  householdType: string | null;
  pairedCadre: string | null;
  lastVisitOn: string | null;
}

export interface DutyStatus {
  area: string;
  cadre: string | null;
  duty: VisitDuty;
  /** The household number for household duties; `null` for the area's own duties. */
  target: string | null;
  lastVisitOn: string | null;
  /** Next visit due; `null` when never visited (overdue from the start). */
  dueOn: string | null;
  overdue: boolean;
}

export interface ComplianceSummary {
  key: string;
  duties: number;
  overdue: number;
  /** Share of duties met, 0–1 (rounded to 4 places). */
  rate: number;
}

export interface VisitCompliance {
  asOf: string;
  duties: DutyStatus[];
  byCadre: ComplianceSummary[];
  byArea: ComplianceSummary[];
}

/** `iso` plus whole months; the day is kept, or the month's last day when it has fewer. */
export function addMonths(iso: string, months: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${year}-${pad(month)}-${pad(Math.min(d, last))}`;
}

const latest = (a: string | null, b: string | null) =>
  a === null ? b : b === null || a > b ? a : b;

function summarise(duties: readonly DutyStatus[], keyOf: (d: DutyStatus) => string | null) {
  const table = new Map<string, { duties: number; overdue: number }>();
  for (const duty of duties) {
    const key = keyOf(duty);
    if (key === null) continue;
    const entry = table.get(key) ?? { duties: 0, overdue: 0 };
    entry.duties++;
    if (duty.overdue) entry.overdue++;
    table.set(key, entry);
  }
  return [...table]
    .map(([key, e]) => ({
      key,
      ...e,
      rate: Math.round(((e.duties - e.overdue) / e.duties) * 10_000) / 10_000,
    }))
    .sort((a, b) => a.rate - b.rate || a.key.localeCompare(b.key));
}

/** The cadres of each area: those who visited it, and those paired with one of its households. */
function cadresByArea(
  visits: readonly ComplianceVisit[],
  households: readonly ComplianceHousehold[],
): Map<string, Set<string>> {
  const cadresOf = new Map<string, Set<string>>();
  const link = (area: string | null, cadre: string | null) => {
    if (!area || !cadre) return;
    const set = cadresOf.get(area) ?? new Set<string>();
    set.add(cadre);
    cadresOf.set(area, set);
  };
  for (const v of visits) link(v.area, v.cadre);
  for (const h of households) link(h.area, h.pairedCadre);
  return cadresOf;
}

/**
 * Each duty of each cadre in each area with its last visit, next due date and whether it is
 * overdue as of `asOf`. A cadre belongs to an area when he visited it or is paired with one of
 * its households; his household duties are the households paired with him.
 */
export function visitCompliance(
  visits: readonly ComplianceVisit[],
  households: readonly ComplianceHousehold[],
  asOf: string,
): VisitCompliance {
  const seen = visits.filter((v) => v.visitOn <= asOf);
  const lastVisit = (match: (v: ComplianceVisit) => boolean) =>
    seen.reduce<string | null>((last, v) => (match(v) ? latest(last, v.visitOn) : last), null);
  const status = (
    area: string,
    cadre: string | null,
    duty: VisitDuty,
    target: string | null,
    lastVisitOn: string | null,
  ): DutyStatus => {
    const dueOn = lastVisitOn === null ? null : addMonths(lastVisitOn, VISIT_DUTIES[duty].months);
    return {
      area,
      cadre,
      duty,
      target,
      lastVisitOn,
      dueOn,
      overdue: dueOn === null || dueOn < asOf,
    };
  };

  const duties: DutyStatus[] = [];
  const cadresOf = cadresByArea(seen, households);
  for (const [area, cadres] of [...cadresOf].sort(([a], [b]) => a.localeCompare(b))) {
    for (const cadre of [...cadres].sort()) {
      const own = (v: ComplianceVisit) => v.area === area && v.cadre === cadre;
      duties.push(
        status(
          area,
          cadre,
          'COMMITTEE',
          null,
          lastVisit((v) => own(v) && (v.visitType === '走访两委班子' || v.target === '两委班子')),
        ),
        status(
          area,
          cadre,
          'POLICY',
          null,
          lastVisit((v) => own(v) && v.visitType === '梳理民生政策'),
        ),
      );
    }
  }
  for (const h of households) {
    if (!h.area || !h.householdType) continue;
    const coverageDuty = HOUSEHOLD_DUTY[h.householdType];
    const duty = coverageDuty ? HOUSEHOLD_VISIT_DUTY[coverageDuty] : null;
    if (!duty) continue;
    const archived = h.lastVisitOn !== null && h.lastVisitOn <= asOf ? h.lastVisitOn : null;
    const last = latest(
      archived,
      lastVisit((v) => v.target === h.householdNo),
    );
    duties.push(status(h.area, h.pairedCadre, duty, h.householdNo, last));
  }
  return {
    asOf,
    duties,
    byCadre: summarise(duties, (d) => d.cadre),
    byArea: summarise(duties, (d) => d.area),
  };
}
