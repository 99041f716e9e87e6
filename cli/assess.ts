/**
 * `minqing assess FILES… --year 2026 [--unit CODE] [--as-of YYYY-MM-DD] [--of units|departments|cadres]
 * [--settings FILE.json] [--org FILE.csv] [--json] [--explain KEY --figure NAME]`
 * The year-end roll (年度考核, docs/decisions/0009) of any mix of converted ledgers — paper-style
 * `.xlsx` workbooks, or `.json` files of canonical records `{ cases?, households?, visits?,
 * evaluations?, cadres? }` (other keys are ignored) — as the Worker's `GET /api/assessment` gives it.
 * As of the year's last day, or today while the year runs; the unit is the top of the org by
 * default. `--settings` holds the district's settings and, under `years`, each year's
 * (`{ "years": { "2025": { "gradePreset": "公务员" } } }`). Names two cadres share that the unit does
 * not settle are listed on stderr. `--explain KEY --figure NAME` prints the records behind one
 * figure of one row instead (docs/decisions/0014), as `GET /api/assessment/explain` lists them; the
 * key's roll (units, departments or cadres) follows from the key. Exit code 0, or 2 for a usage or
 * file error.
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  assessmentRoll,
  ROLL_OF,
  type Roll,
  type RollData,
  type RollOf,
  rollAsOf,
} from '../shared/assessment.ts';
import {
  EXPLAINED_FIGURES,
  type ExplainedFigure,
  explainFigure,
  rollOfKey,
} from '../shared/assessment-explain.ts';
import { explanationTable } from '../shared/assessment-explain-table.ts';
import { seedCalendar, todayInChina } from '../shared/calendar.ts';
import { type Locale, message } from '../shared/i18n.ts';
import type { OrgTree } from '../shared/org.ts';
import { resolveSettings } from '../shared/settings.ts';
import {
  defaultYearSettings,
  resolveYearSettings,
  type YearSettings,
} from '../shared/year-settings.ts';
import { convertFile, hasErrors, summary } from './convert.ts';
import { type CliIO, checkIsoDate, localeOf, UsageError } from './io.ts';
import { readOrgFile } from './org.ts';
import { readJson, settingsIssues } from './scores.ts';
import { textTable } from './table.ts';
import USAGE from './usage.json' with { type: 'json' };

/** The keys of a `.json` input and the ledger kind each holds. */
const JSON_KEYS = {
  cases: 'case',
  households: 'household',
  visits: 'visit',
  evaluations: 'evaluation',
  cadres: 'cadre',
} as const;
type DataKey = keyof typeof JSON_KEYS;
const KEY_OF_KIND = Object.fromEntries(
  Object.entries(JSON_KEYS).map(([key, kind]) => [kind, key]),
) as Record<string, DataKey>;

type Collected = Record<DataKey, Record<string, unknown>[]>;

/** Adds the records of one file (a workbook converted, or a JSON file) to `into`. */
async function readInput(
  file: string,
  into: Collected,
  context: { org: OrgTree; unit: string; asOf: string; locale: Locale },
): Promise<void> {
  if (/\.xlsx$/i.test(file)) {
    const result = await convertFile({ file, ...context });
    if (hasErrors(result)) {
      const text = summary(result, file, context.locale);
      throw new UsageError('CLI_EVALUATIONS_HAVE_ERRORS', { file, summary: text });
    }
    // A record without an area belongs to the unit the sheet's title names (else the top unit).
    const owner = result.titleUnit ?? context.unit;
    for (const row of result.rows) {
      into[KEY_OF_KIND[result.kind]!].push(
        result.kind === 'cadre' ? row.values : { unit: owner, ...row.values },
      );
    }
    return;
  }
  const json = readJson(file, 'ledgers') as Record<string, unknown> | null;
  if (!json || typeof json !== 'object' || Array.isArray(json)) {
    throw new UsageError('CLI_LEDGERS_SHAPE', { file });
  }
  for (const key of Object.keys(JSON_KEYS) as DataKey[]) {
    const list = json[key];
    if (list === undefined) continue;
    if (!Array.isArray(list)) throw new UsageError('CLI_LEDGER_NOT_LIST', { file, key });
    into[key].push(...(list as Record<string, unknown>[]));
  }
}

/** The district's settings and each year's, from a `--settings` file. */
function readAllSettings(file: string | undefined) {
  const json = (file ? readJson(file, 'settings') : {}) as Record<string, unknown>;
  const { years = {}, ...district } = json ?? {};
  try {
    const settings = resolveSettings(district);
    const base = defaultYearSettings(settings);
    const perYear = new Map<number, YearSettings>();
    for (const [year, patch] of Object.entries(years as Record<string, unknown>)) {
      perYear.set(Number(year), resolveYearSettings(patch, base));
    }
    return { settings, yearSettings: (year: number) => perYear.get(year) ?? base };
  } catch (error) {
    throw settingsIssues(file ?? '', error);
  }
}

const percent = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`);
const points = (value: number | null) => (value === null ? '—' : value.toFixed(2));

/** The roll as a person reads it: one ranked table per peer group. */
function rollTable(roll: Roll, locale: Locale): string {
  const say = (code: string, params: Record<string, string | number> = {}) =>
    message(code, params, locale);
  const header = [
    'CLI_ROLL_RANK',
    'CLI_ROLL_SUBJECT',
    'CLI_FIG_INTAKE',
    'CLI_FIG_RESPONSE_RATE',
    'CLI_FIG_ON_TIME_RATE',
    'CLI_FIG_CLOSURE_RATE',
    'CLI_FIG_SATISFACTION_RATE',
    'CLI_FIG_COMPOSITE',
    'CLI_FIG_EVALUATION',
    'CLI_FIG_TOTAL',
    'CLI_FIG_GRADE',
    'CLI_FIG_CHANGE',
    ...(roll.of === 'cadres' ? ['CLI_FIG_COVERAGE', 'CLI_FIG_CONTACT_DAYS'] : []),
    ...(roll.of === 'departments' ? ['CLI_FIG_DISPATCHED', 'CLI_FIG_DISPATCHED_SATISFACTION'] : []),
    'CLI_FIG_VETO',
  ].map((code) => say(code));
  const groups = new Map<string, Roll['rows']>();
  for (const row of roll.rows)
    groups.set(row.peerGroup, [...(groups.get(row.peerGroup) ?? []), row]);
  const blocks = [...groups].map(([group, rows]) => {
    const lines = rows.map((r) => [
      r.rank === null ? '—' : String(r.rank),
      `${r.key} ${r.name}`,
      String(r.intake),
      percent(r.responseRate),
      percent(r.onTimeResolutionRate),
      percent(r.closureRate),
      percent(r.satisfactionRate),
      points(r.composite),
      points(r.evaluationScore),
      points(r.total),
      r.grade ?? (r.intake === 0 && r.evaluationScore === null ? say('CLI_ROLL_NO_RECORDS') : '—'),
      r.change === null ? '—' : `${r.change > 0 ? '+' : ''}${r.change.toFixed(2)}`,
      ...(roll.of === 'cadres' ? [percent(r.coverage), percent(r.contactDayAttendance)] : []),
      ...(roll.of === 'departments'
        ? [String(r.dispatchedCount ?? 0), percent(r.dispatchedSatisfactionRate)]
        : []),
      r.veto
        ? say('CLI_ROLL_VETOED', { reason: r.vetoReason ?? say('CLI_ROLL_VETO_UNSTATED') })
        : '',
    ]);
    return `【${group}】\n${textTable(header, lines, { rule: '  ' })}`;
  });
  const title = say('CLI_ROLL_TITLE', { year: roll.year, unit: roll.unit, of: roll.of });
  return [title, ...blocks].join('\n\n');
}

export async function run(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      year: { type: 'string' },
      unit: { type: 'string' },
      'as-of': { type: 'string' },
      of: { type: 'string', default: 'units' },
      settings: { type: 'string' },
      org: { type: 'string' },
      json: { type: 'boolean', default: false },
      explain: { type: 'string' },
      figure: { type: 'string' },
    },
  });
  if (positionals.length === 0)
    throw new UsageError('CLI_MISSING_LEDGER_FILES', { usage: USAGE.assess });
  if (!values.year || !/^\d{4}$/.test(values.year)) {
    throw new UsageError('CLI_YEAR_INVALID', { usage: USAGE.assess });
  }
  const year = Number(values.year);
  const of = values.of as RollOf;
  if (!ROLL_OF.includes(of)) {
    throw new UsageError('CLI_OF_INVALID', { of: String(values.of) });
  }
  const asOf = values['as-of']
    ? checkIsoDate(values['as-of'], '--as-of')
    : rollAsOf(year, todayInChina());
  if (values.org && !existsSync(values.org)) {
    throw new UsageError('CLI_ORG_NOT_FOUND', { file: values.org });
  }
  const org = values.org ? readOrgFile(values.org) : readOrgFile();
  const unit = values.unit ?? org.units.find((u) => u.parent === null)?.code;
  if (!unit || !org.get(unit))
    throw new UsageError('CLI_UNIT_NOT_IN_ORG', { unit: values.unit ?? '' });
  const { settings, yearSettings } = readAllSettings(values.settings);
  const collected: Collected = {
    cases: [],
    households: [],
    visits: [],
    evaluations: [],
    cadres: [],
  };
  for (const file of positionals) {
    await readInput(file, collected, { org, unit, asOf, locale: localeOf(io) });
  }
  const data = collected as unknown as RollData;
  const options = { year, of, unit, asOf, org, settings, yearSettings, calendar: seedCalendar() };
  if (values.explain !== undefined || values.figure !== undefined) {
    return explain(data, options, values.explain, values.figure, values.json, io);
  }
  const { roll, unresolved } = assessmentRoll(data, options);
  for (const { name, where } of unresolved) {
    io.stderr(message('CLI_CADRE_AMBIGUOUS', { name, where }, localeOf(io)));
  }
  io.stdout(values.json ? JSON.stringify(roll, null, 2) : rollTable(roll, localeOf(io)));
  return 0;
}

/** `--explain KEY --figure NAME`: the records behind one figure, as a table or as JSON. */
function explain(
  data: RollData,
  options: Parameters<typeof assessmentRoll>[1],
  key: string | undefined,
  figure: string | undefined,
  json: boolean,
  io: CliIO,
): number {
  if (!key || !figure || !EXPLAINED_FIGURES.includes(figure as ExplainedFigure)) {
    throw new UsageError('CLI_EXPLAIN_INVALID', {
      figures: EXPLAINED_FIGURES.join(message('CLI_LIST_SEPARATOR', {}, localeOf(io))),
      figure: figure ?? '',
    });
  }
  const of = rollOfKey(key, options.org, data.cadres);
  const explanation = of && explainFigure(data, { ...options, of }, key, figure as ExplainedFigure);
  if (!explanation) {
    throw new UsageError('CLI_NOT_ON_ROLL', { year: options.year, unit: options.unit, key });
  }
  if (json) {
    io.stdout(JSON.stringify(explanation, null, 2));
    return 0;
  }
  const table = explanationTable(explanation);
  const cell = (value: string | number | null) => (value === null ? '—' : String(value));
  io.stdout(
    [
      table.title,
      textTable(
        table.header,
        table.rows.map((row) => row.map(cell)),
        { rule: '  ' },
      ),
      ...table.sums,
    ].join('\n\n'),
  );
  return 0;
}
