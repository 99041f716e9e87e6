/**
 * 年度考核 — the year-end roll (docs/decisions/0009): one row per sub-district and residential area,
 * per department, or per cadre of the register, with the figures of docs/rules.md "Scores" (through
 * `countCase`, `figuresFromCounts` and `evaluationScore`, never a second time), a total of composite
 * and 测评得分 under the year's own settings, the grade, the rank among peers and the change against
 * the year before. Pure: the Worker and `minqing assess` give it the same records.
 */

import { caseKeys, type Subject, subjectsOf, type UnresolvedName } from './assessment-subjects.ts';
import type { Calendar } from './calendar.ts';
import type { ComplianceHousehold, ComplianceVisit } from './compliance.ts';
import { visitCoverage } from './coverage.ts';
import type { OrgTree } from './org.ts';
import { contains, overlaps, parsePeriod } from './periods.ts';
import {
  type CaseCounts,
  countCase,
  dueDateCache,
  emptyCounts,
  evaluationScore,
  type Figures,
  figuresFromCounts,
  type ScoredCase,
  type ScoredEvaluation,
} from './scores.ts';
import type { DistrictSettings } from './settings.ts';
import { gradeOf, scoringSettings, type YearSettings } from './year-settings.ts';

export const ROLL_OF = ['units', 'departments', 'cadres'] as const;
export type RollOf = (typeof ROLL_OF)[number];

/** A case as the roll reads it: the scored fields and the names that tie it to cadres. */
export interface RollCase extends ScoredCase {
  caseNo?: string | null;
  /** 承办人: the named person who handles it (定人). */
  handler?: string | null;
}

export interface RollEvaluation extends ScoredEvaluation {
  vetoReason?: string | null;
}

export interface RollVisit extends ComplianceVisit {
  caseNos?: readonly string[] | null;
}

/** A row of the cadre register (干部名册). */
export interface RollCadre {
  cadreNo: string;
  name: string;
  unit?: string | null;
  rank?: string | null;
  contactArea?: string | null;
}

export interface RollData {
  cases: readonly RollCase[];
  evaluations: readonly RollEvaluation[];
  visits?: readonly RollVisit[];
  households?: readonly ComplianceHousehold[];
  cadres?: readonly RollCadre[];
}

export interface RollOptions {
  year: number;
  of: RollOf;
  /** The unit whose roll it is (its subtree; a district's departments). */
  unit: string;
  /** As of this date (the year's last day once it has ended). */
  asOf: string;
  org: OrgTree;
  /** The district's settings: time limits and the contact day. */
  settings: DistrictSettings;
  /** Each year's settings (the year and the one before, for 同比). */
  yearSettings: (year: number) => YearSettings;
  calendar: Calendar;
}

/** A row of the roll: the case figures of docs/rules.md "Scores", then the roll's own. */
export interface RollRow
  extends Pick<
    Figures,
    | 'intake'
    | 'responseRate'
    | 'onTimeResolutionRate'
    | 'closureRate'
    | 'satisfactionRate'
    | 'composite'
  > {
  key: string;
  name: string;
  peerGroup: string;
  evaluationScore: number | null;
  total: number | null;
  coverage: number | null;
  contactDayAttendance: number | null;
  dispatchedCount: number | null;
  dispatchedSatisfactionRate: number | null;
  veto: boolean;
  vetoReason: string | null;
  grade: string | null;
  rank: number | null;
  change: number | null;
}

export interface Roll {
  year: number;
  of: RollOf;
  unit: string;
  rows: RollRow[];
}

const round2 = (value: number) => Math.round(value * 100) / 100;

/** The figures of every subject for one year: counts, evaluation, total, grade. */
function yearFigures(
  data: RollData,
  subjects: readonly Subject[],
  year: number,
  asOf: string,
  options: RollOptions,
  unresolved: UnresolvedName[],
) {
  const settings = options.yearSettings(year);
  const scoring = scoringSettings(options.settings, settings);
  const range = parsePeriod(String(year))!;
  const { org } = options;
  const { dueOf, reopenDue } = dueDateCache(scoring, options.calendar);
  const counts = new Map<string, CaseCounts>(subjects.map((s) => [s.key, emptyCounts()]));
  const keysOf = caseKeys(data, subjects, options, unresolved);
  for (const record of data.cases) {
    if (record.receivedOn > asOf || !contains(range, record.receivedOn)) continue;
    const keys = keysOf(record);
    if (keys.length === 0) continue;
    const { replyDue, resolutionDue } = dueOf(record);
    for (const key of keys) {
      countCase(counts.get(key)!, record, asOf, replyDue, resolutionDue, reopenDue);
    }
  }
  const evaluations = data.evaluations.filter((row) => {
    const own = parsePeriod(row.period);
    return own !== null && overlaps(own, range);
  });
  const subjectOf = (row: RollEvaluation) =>
    options.of === 'cadres' ? row.subject : (org.find(row.subject)?.code ?? row.subject);
  const ratingsOf = new Map<string, RollEvaluation[]>();
  for (const row of evaluations) {
    const key = subjectOf(row);
    ratingsOf.set(key, [...(ratingsOf.get(key) ?? []), row]);
  }
  const figuresOf = (subject: Subject) => {
    const ratingKey = subject.cadre ? subject.cadre.name : subject.key;
    const ratings = (ratingsOf.get(ratingKey) ?? []).filter(
      (row) => !subject.cadre || row.subjectKind !== '单位',
    );
    const evaluation = evaluationScore(ratings, scoring, subject.department === true);
    const caseFigures = figuresFromCounts(counts.get(subject.key)!, scoring, evaluation);
    const parts: [number, number][] = [];
    if (caseFigures.composite !== null) {
      parts.push([settings.totalWeights.composite, caseFigures.composite]);
    }
    if (evaluation.score !== null) parts.push([settings.totalWeights.evaluation, evaluation.score]);
    const weights = parts.reduce((sum, [w]) => sum + w, 0);
    const weighted = parts.reduce((sum, [w, v]) => sum + w * v, 0);
    const total = evaluation.veto ? 0 : weights === 0 ? null : round2(weighted / weights);
    const vetoReason = evaluation.veto
      ? (ratings.find((row) => row.veto && row.vetoReason)?.vetoReason ?? null)
      : null;
    return {
      ...caseFigures,
      evaluationScore: evaluation.score,
      veto: evaluation.veto,
      vetoReason,
      total,
      grade: gradeOf(total, settings.grades, evaluation.veto),
    };
  };
  return new Map(subjects.map((subject) => [subject.key, figuresOf(subject)]));
}

const GROUP_ORDER = [
  'sub-district',
  'area:',
  'department',
  'cadre:局级',
  'cadre:处级',
  'cadre:科级',
];

/** Peer groups in a fixed order: sub-districts, areas, departments, cadres from the top rank. */
function groupOrder(group: string): number {
  const at = GROUP_ORDER.findIndex((prefix) => group.startsWith(prefix));
  return at === -1 ? GROUP_ORDER.length : at;
}

/** Ranks within each peer group by total, ties sharing a rank (1, 1, 3); no total, no rank. */
function rankWithin(rows: RollRow[]): void {
  const groups = new Map<string, RollRow[]>();
  for (const row of rows) groups.set(row.peerGroup, [...(groups.get(row.peerGroup) ?? []), row]);
  for (const peers of groups.values()) {
    for (const row of peers) {
      row.rank =
        row.total === null
          ? null
          : 1 + peers.filter((p) => p.total !== null && p.total > row.total!).length;
    }
  }
}

/**
 * The roll of a year: the rows of `of` under `unit`, each with its figures under the year's
 * settings, its rank among its peers and the change of its total against the year before
 * (computed as of that year's last day, under that year's settings). Also the names of cases and
 * visits that two cadres share and the unit does not settle: reported, never guessed.
 */
export function assessmentRoll(
  data: RollData,
  options: RollOptions,
): { roll: Roll; unresolved: UnresolvedName[] } {
  const subjects = subjectsOf(data, options);
  const unresolved: UnresolvedName[] = [];
  const current = yearFigures(data, subjects, options.year, options.asOf, options, unresolved);
  const before = yearFigures(
    data,
    subjects,
    options.year - 1,
    `${options.year - 1}-12-31`,
    options,
    [],
  );
  const coverage =
    options.of === 'cadres'
      ? new Map(
          visitCoverage(data.visits ?? [], data.households ?? [], {
            period: String(options.year),
            asOf: options.asOf,
            contactDay: options.settings.contactDay,
            cadres: (data.cadres ?? []).map((c) => ({
              name: c.name,
              contactArea: c.contactArea ?? null,
            })),
          }).byCadre.map((c) => [c.cadre, c]),
        )
      : null;
  const rows = subjects.map((subject): RollRow => {
    const f = current.get(subject.key)!;
    const previous = before.get(subject.key)!;
    const cadreCoverage = subject.cadre ? coverage?.get(subject.cadre.name) : undefined;
    return {
      key: subject.key,
      name: subject.name,
      peerGroup: subject.peerGroup,
      intake: f.intake,
      responseRate: f.responseRate,
      onTimeResolutionRate: f.onTimeResolutionRate,
      closureRate: f.closureRate,
      satisfactionRate: f.satisfactionRate,
      composite: f.composite,
      evaluationScore: f.evaluationScore,
      total: f.total,
      coverage: subject.cadre ? (cadreCoverage?.coverage ?? null) : null,
      contactDayAttendance: subject.cadre ? (cadreCoverage?.contactDay.rate ?? null) : null,
      // Every case the district hands a department is 交办: its cases are the dispatched ones.
      dispatchedCount: subject.department ? f.intake : null,
      dispatchedSatisfactionRate: subject.department ? f.satisfactionRate : null,
      veto: f.veto,
      vetoReason: f.vetoReason,
      grade: f.grade,
      rank: null,
      change: f.total !== null && previous.total !== null ? round2(f.total - previous.total) : null,
    };
  });
  rankWithin(rows);
  rows.sort(
    (a, b) =>
      groupOrder(a.peerGroup) - groupOrder(b.peerGroup) ||
      a.peerGroup.localeCompare(b.peerGroup) ||
      (a.rank ?? Number.POSITIVE_INFINITY) - (b.rank ?? Number.POSITIVE_INFINITY) ||
      a.key.localeCompare(b.key),
  );
  return { roll: { year: options.year, of: options.of, unit: options.unit, rows }, unresolved };
}

/** The default as-of date: the year's last day, or `today` while the year runs. */
export function rollAsOf(year: number, today: string): string {
  const last = `${year}-12-31`;
  return today < last ? today : last;
}
