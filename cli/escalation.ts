/**
 * `minqing escalation --cases FILE.json --as-of YYYY-MM-DD [--settings FILE.json]
 * [--calendar FILE.csv] [--org FILE.csv] [--json]`
 * Where each case stands on the ladder as of a date, with every climb, and the district's
 * supervision list (督办清单), and what falls due within the district's `dueSoonDays` working days
 * (临期, `dueSoon` in the JSON) — offline, from the same shared rules the Worker's sweep and list run
 * (docs/rules.md, "The ladder"). A case record may carry `events` (`{ "on", "type", … }`:
 * `reported_up`, `replied`, `resolved`, `rated` with `satisfaction`, `referred`) as the Worker stores
 * them; its `unit` (the submitting unit) gives the level it starts at. Due dates in a year whose
 * holiday schedule is neither built in nor in `--calendar` are noted on stderr.
 * Exit code 0, or 2 for a usage or file error.
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { type Calendar, calendarGapYears, makeCalendar, seedCalendar } from '../shared/calendar.ts';
import {
  type CaseEvent,
  type EscalationCase,
  escalate,
  LEVELS,
  levelOfUnitKind,
  reporterIndex,
} from '../shared/escalation.ts';
import { type Locale, message } from '../shared/i18n.ts';
import type { OrgTree } from '../shared/org.ts';
import { dueSoon, supervisionList } from '../shared/reports.ts';
import { calendarGapNote, readCalendarCsv } from './calendar.ts';
import { type CliIO, localeOf, UsageError } from './io.ts';
import { readOrgFile } from './org.ts';
import { CASES_OPTIONS, readCases, readJson, readSettings, requireCasesAsOf } from './scores.ts';
import USAGE from './usage.json' with { type: 'json' };

const STEP_TYPES: Record<string, CaseEvent['type']> = {
  reported_up: 'reported_up',
  replied: 'replied',
  resolved: 'resolved',
  rated: 'rated',
  rating: 'rated',
  referred: 'referred',
  referral: 'referred',
};
const ISO = /^\d{4}-\d{2}-\d{2}$/;

/** The steps of one record's `events`; kinds escalation does not read (a dispatch) are skipped. */
function stepsOf(record: Record<string, unknown>, file: string, index: number): CaseEvent[] {
  const events = record.events ?? [];
  if (!Array.isArray(events)) {
    throw new UsageError('CLI_CASE_EVENTS_NOT_LIST', { file, index: index + 1 });
  }
  const steps: CaseEvent[] = [];
  for (const event of events as Record<string, unknown>[]) {
    const type = STEP_TYPES[String(event?.type)];
    if (!type) continue;
    if (typeof event.on !== 'string' || !ISO.test(event.on)) {
      throw new UsageError('CLI_CASE_EVENT_BAD_DATE', { file, index: index + 1 });
    }
    steps.push({
      on: event.on,
      type,
      ...(type === 'rated' ? { satisfaction: (event.satisfaction as string) ?? null } : {}),
    });
  }
  return steps;
}

/**
 * A `date,kind` CSV (kind `holiday` or `workday`) laid over the built-in schedules; the years it
 * names count as loaded.
 */
export function readCalendar(file: string | undefined): Calendar {
  const seed = seedCalendar();
  if (!file) return seed;
  const holidays = new Set(seed.holidays);
  const workdays = new Set(seed.workdays);
  const years = new Set(seed.years);
  for (const { date, kind } of readCalendarCsv(file)) {
    (kind === 'holiday' ? holidays : workdays).add(date);
    (kind === 'holiday' ? workdays : holidays).delete(date);
    years.add(Number(date.slice(0, 4)));
  }
  return makeCalendar(holidays, workdays, years);
}

const receivedLevelOf = (org: OrgTree, unit: unknown) => {
  const kind = typeof unit === 'string' ? org.get(unit)?.kind : undefined;
  return kind ? levelOfUnitKind(kind) : 0;
};

export async function run(args: string[], io: CliIO): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { ...CASES_OPTIONS, calendar: { type: 'string' } },
  });
  const { cases: casesFile, asOf } = requireCasesAsOf(values, USAGE.escalation);
  if (values.org && !existsSync(values.org)) {
    throw new UsageError('CLI_ORG_NOT_FOUND', { file: values.org });
  }
  const org = values.org ? readOrgFile(values.org) : readOrgFile();
  const settings = readSettings(values.settings);
  const calendar = readCalendar(values.calendar);
  const { cases, steps } = readEscalationCases(casesFile, org);
  const index = reporterIndex(cases, settings.repeatDays, settings.repeatCount);
  const states = cases
    .filter((record) => record.receivedOn <= asOf)
    .map((record) => ({
      caseNo: record.caseNo,
      ...escalate(
        record,
        steps.get(record.caseNo) ?? [],
        settings,
        calendar,
        asOf,
        index.priorCasesOf(record),
      ),
    }));
  const standing = states.map((state) => ({
    caseNo: state.caseNo,
    level: state.level,
    events: state.climbs.map(({ on, from, to, reason }) => ({ on, from, to, reason })),
  }));
  const list = supervisionList(
    cases,
    (caseNo) => steps.get(caseNo) ?? [],
    asOf,
    settings,
    calendar,
  );
  const result = {
    cases: standing,
    supervision: list.overdue.map(({ caseNo, level, reason }) => ({ caseNo, level, reason })),
    widespread: list.widespread.map(({ category, areas }) => ({ category, areas })),
    dueSoon: dueSoon(states, asOf, settings.dueSoonDays, calendar),
  };
  const gaps = calendarGapNote(
    calendarGapYears(
      states.flatMap((s) => [s.replyDue, s.resolutionDue]),
      calendar,
    ),
    localeOf(io),
  );
  if (gaps) io.stderr(gaps);
  if (values.json) {
    io.stdout(JSON.stringify(result, null, 2));
    return 0;
  }
  io.stdout(standingText(result, asOf, settings.dueSoonDays, localeOf(io)).join('\n'));
  return 0;
}

/** The cases of a JSON file as the shared escalation reads them, with each case's recorded steps. */
function readEscalationCases(casesFile: string, org: OrgTree) {
  const raw = (readJson(casesFile, 'cases') as { cases: Record<string, unknown>[] }).cases;
  const cases: EscalationCase[] = readCases(casesFile).map((record, index) => {
    const row = raw[index]!;
    if (typeof row.caseNo !== 'string' || row.caseNo === '') {
      throw new UsageError('CLI_CASE_WITHOUT_NUMBER', { file: casesFile, index: index + 1 });
    }
    return {
      ...(record as unknown as EscalationCase),
      caseNo: row.caseNo,
      status: (row.status as string | undefined) ?? null,
      receivedLevel: receivedLevelOf(org, row.unit),
    };
  });
  const steps = new Map(cases.map((c, i) => [c.caseNo, stepsOf(raw[i]!, casesFile, i)]));
  return { cases, steps };
}

/** The standing of every case, the 督办清单 and the 临期 list, as lines for a person. */
function standingText(
  result: {
    cases: {
      caseNo: string;
      level: number;
      events: { on: string; from: number; to: number; reason: string }[];
    }[];
    supervision: { caseNo: string; level: number; reason: string }[];
    widespread: { category: string; areas: readonly string[] }[];
    dueSoon: { caseNo: string; due: string; kind: string }[];
  },
  asOf: string,
  dueSoonDays: number,
  locale: Locale,
): string[] {
  const say = (code: string, params: Record<string, string | number> = {}) =>
    message(code, params, locale);
  return [
    say('CLI_STANDING_HEAD', { asOf, count: result.cases.length }),
    ...result.cases.map((c) =>
      [
        c.caseNo,
        LEVELS[c.level],
        ...c.events.map((e) => `${e.on} ${LEVELS[e.from]}→${LEVELS[e.to]} ${e.reason}`),
      ].join('  '),
    ),
    '',
    say('CLI_SUPERVISION_HEAD', { count: result.supervision.length }),
    ...result.supervision.map((s) => `${s.caseNo}  ${LEVELS[s.level]}  ${s.reason}`),
    ...result.widespread.map((w) =>
      say('CLI_WIDESPREAD', {
        category: w.category,
        areas: w.areas.join(say('CLI_LIST_SEPARATOR')),
      }),
    ),
    '',
    say('CLI_DUE_SOON_HEAD', { days: dueSoonDays, count: result.dueSoon.length }),
    ...result.dueSoon.map(
      (d) =>
        `${d.caseNo}  ${d.due}  ${say(d.kind === 'reply' ? 'CLI_DUE_REPLY' : 'CLI_DUE_RESOLUTION')}`,
    ),
  ];
}
