/**
 * `minqing scores --cases FILE.json --as-of YYYY-MM-DD [--period P] [--by area|department|cadre]
 * [--evaluations FILE] [--unit CODE] [--settings FILE.json] [--org FILE.csv] [--json]`
 * The assessment figures of the cases in a JSON file `{ "cases": [...], "evaluations"?: [...] }`
 * (canonical records), as the Worker's `GET /api/scores` gives them: the evaluations of the file and
 * of `--evaluations` (a .json of records or an evaluation workbook) give 测评得分 and vetoes — the
 * total's those of `--unit` (the top of the org by default), each group's its own.
 * Exit code 0, or 2 for a usage or file error.
 */
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { calendarGapYears, seedCalendar } from '../shared/calendar.ts';
import { dueDates } from '../shared/escalation.ts';
import { type Locale, message } from '../shared/i18n.ts';
import type { OrgTree } from '../shared/org.ts';
import { parsePeriod } from '../shared/periods.ts';
import {
  type Figures,
  type GroupBy,
  groupFigures,
  type ScoredCase,
  type ScoredEvaluation,
} from '../shared/scores.ts';
import { DEFAULT_SETTINGS, type DistrictSettings, resolveSettings } from '../shared/settings.ts';
import { calendarGapNote } from './calendar.ts';
import { convertFile, hasErrors, summary } from './convert.ts';
import { type CliIO, checkIsoDate, localeOf, UsageError } from './io.ts';
import './messages.ts';
import { readOrgFile } from './org.ts';
import USAGE from './usage.json' with { type: 'json' };

const BY: readonly GroupBy[] = ['area', 'department', 'cadre'];
const ISO = /^\d{4}-\d{2}-\d{2}$/;

/** Which file a `readJson` reads: the code of its not-found message. */
export type JsonFileKind = 'cases' | 'evaluations' | 'settings' | 'ledgers';
const NOT_FOUND: Record<JsonFileKind, string> = {
  cases: 'CLI_CASES_FILE_NOT_FOUND',
  evaluations: 'CLI_EVALUATIONS_FILE_NOT_FOUND',
  settings: 'CLI_SETTINGS_FILE_NOT_FOUND',
  ledgers: 'CLI_LEDGER_FILE_NOT_FOUND',
};

export function readJson(file: string, what: JsonFileKind): unknown {
  if (!existsSync(file)) throw new UsageError(NOT_FOUND[what], { file });
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError('CLI_NOT_JSON', { file, reason: (error as Error).message });
  }
}

/** A settings file zod refused, as a usage error listing its issues (`path: message`). */
export function settingsIssues(file: string, error: unknown): UsageError {
  const issues = (error as { issues?: { path: PropertyKey[]; message: string }[] }).issues ?? [];
  const root = message('CLI_SETTINGS_ROOT');
  const text = issues
    .map((i) => `${i.path.join('.') || root}: ${i.message}`)
    .join(message('CLI_ISSUE_SEPARATOR'));
  return new UsageError('CLI_SETTINGS_INVALID', { file, issues: text || (error as Error).message });
}

/** The case records of a `{ cases: [...] }` file; other top-level keys are ignored. */
export function readCases(file: string): ScoredCase[] {
  const json = readJson(file, 'cases') as { cases?: unknown };
  if (!json || !Array.isArray(json.cases)) {
    throw new UsageError('CLI_CASES_SHAPE', { file });
  }
  json.cases.forEach((record: Record<string, unknown>, index) => {
    const bad = ['receivedOn', 'repliedOn', 'resolvedOn'].find((key) => {
      const value = record?.[key] ?? null;
      return key === 'receivedOn'
        ? typeof value !== 'string' || !ISO.test(value)
        : value !== null && (typeof value !== 'string' || !ISO.test(value));
    });
    if (bad) {
      throw new UsageError('CLI_CASE_BAD_DATE', { file, index: index + 1, field: bad });
    }
  });
  return json.cases.map((record: Record<string, unknown>) => ({
    ...record,
    repliedOn: (record.repliedOn as string | undefined) ?? null,
    resolvedOn: (record.resolvedOn as string | undefined) ?? null,
    satisfaction: (record.satisfaction as string | undefined) ?? null,
  })) as ScoredCase[];
}

/** The evaluation records of a `{ evaluations: [...] }` object (none when it has no such key). */
function evaluationsOf(json: unknown, file: string): ScoredEvaluation[] {
  const list = Array.isArray(json) ? json : (json as { evaluations?: unknown })?.evaluations;
  if (list === undefined) return [];
  if (!Array.isArray(list)) throw new UsageError('CLI_EVALUATIONS_NOT_LIST', { file });
  list.forEach((row: Record<string, unknown>, index) => {
    if (typeof row?.subject !== 'string' || typeof row?.evaluatorGroup !== 'string') {
      throw new UsageError('CLI_EVALUATION_INCOMPLETE', { file, index: index + 1 });
    }
  });
  return list as ScoredEvaluation[];
}

/**
 * The evaluations of `--evaluations`: a .json file of records, or an evaluation workbook converted
 * as `minqing convert` converts it (a workbook with errors is refused, naming them).
 */
async function readEvaluations(
  file: string,
  org: OrgTree,
  unit: string,
  asOf: string,
  locale: Locale,
): Promise<ScoredEvaluation[]> {
  if (!/\.xlsx$/i.test(file)) return evaluationsOf(readJson(file, 'evaluations'), file);
  const result = await convertFile({ file, unit, asOf, org, locale });
  if (result.kind !== 'evaluation') {
    throw new UsageError('CLI_NOT_EVALUATIONS', { file, kind: result.kind });
  }
  if (hasErrors(result)) {
    throw new UsageError('CLI_EVALUATIONS_HAVE_ERRORS', {
      file,
      summary: summary(result, file, locale),
    });
  }
  return result.rows.map((row) => row.values as unknown as ScoredEvaluation);
}

export function readSettings(file: string | undefined): DistrictSettings {
  if (!file) return DEFAULT_SETTINGS;
  try {
    return resolveSettings(readJson(file, 'settings'));
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw settingsIssues(file, error);
  }
}

const percent = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(2)}%`);

/** One line of figures a person reads. */
function figuresLine(label: string, f: Figures, locale: Locale): string {
  const name = (code: string) => message(code, {}, locale);
  return [
    label,
    `${name('CLI_FIG_INTAKE')} ${f.intake}`,
    `${name('CLI_FIG_RESPONSE_RATE')} ${percent(f.responseRate)}`,
    `${name('CLI_FIG_ON_TIME_RATE')} ${percent(f.onTimeResolutionRate)}`,
    `${name('CLI_FIG_CLOSURE_RATE')} ${percent(f.closureRate)}`,
    `${name('CLI_FIG_SATISFACTION_RATE')} ${percent(f.satisfactionRate)}`,
    `${name('CLI_FIG_COMPOSITE')} ${f.composite === null ? '—' : f.composite.toFixed(2)}`,
    f.grade ?? '—',
  ].join('  ');
}

/** The options of the commands that read a cases file as of a day (`parseArgs` form). */
export const CASES_OPTIONS = {
  cases: { type: 'string' },
  'as-of': { type: 'string' },
  settings: { type: 'string' },
  org: { type: 'string' },
  json: { type: 'boolean', default: false },
} as const;

/** `--cases` and `--as-of` are required; the day must be a real ISO date. */
export function requireCasesAsOf(
  values: { cases?: string | undefined; 'as-of'?: string | undefined },
  usage: string,
): { cases: string; asOf: string } {
  if (!values.cases) throw new UsageError('CLI_MISSING_OPTION', { option: '--cases', usage });
  if (!values['as-of']) throw new UsageError('CLI_MISSING_OPTION', { option: '--as-of', usage });
  return { cases: values.cases, asOf: checkIsoDate(values['as-of'], '--as-of') };
}

export async function run(args: string[], io: CliIO): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      ...CASES_OPTIONS,
      period: { type: 'string' },
      by: { type: 'string' },
      evaluations: { type: 'string' },
      unit: { type: 'string' },
    },
  });
  const { cases: casesFile, asOf } = requireCasesAsOf(values, USAGE.scores);
  if (values.period && !parsePeriod(values.period)) {
    throw new UsageError('CLI_PERIOD_INVALID', { period: values.period });
  }
  const by = values.by as GroupBy | undefined;
  if (by !== undefined && !BY.includes(by)) {
    throw new UsageError('CLI_BY_INVALID', { by: String(values.by) });
  }
  if (values.org && !existsSync(values.org)) {
    throw new UsageError('CLI_ORG_NOT_FOUND', { file: values.org });
  }
  const cases = readCases(casesFile);
  const org = values.org ? readOrgFile(values.org) : readOrgFile();
  const unit = values.unit ?? org.units.find((u) => u.parent === null)?.code;
  if (!unit || !org.get(unit))
    throw new UsageError('CLI_UNIT_NOT_IN_ORG', { unit: values.unit ?? '' });
  const evaluations = [
    ...evaluationsOf(readJson(casesFile, 'cases'), casesFile),
    ...(values.evaluations
      ? await readEvaluations(values.evaluations, org, unit, asOf, localeOf(io))
      : []),
  ];
  const options = {
    asOf,
    settings: readSettings(values.settings),
    calendar: seedCalendar(),
    period: values.period ?? null,
    org,
    unit,
    // As the Worker: 测评得分 and 一票否决 always stand beside the case figures.
    evaluations,
  };

  // Figures over due dates counted on weekends alone say so (docs/decisions/0011).
  const gaps = calendarGapNote(
    calendarGapYears(
      cases.flatMap((c) =>
        Object.values(dueDates(c.receivedOn, options.settings, options.calendar)),
      ),
      options.calendar,
    ),
    localeOf(io),
  );
  if (gaps) io.stderr(gaps);
  const total = message('CLI_TOTAL', {}, localeOf(io));

  if (!by) {
    const figures = groupFigures(cases, 'area', options).total;
    io.stdout(
      values.json ? JSON.stringify(figures, null, 2) : figuresLine(total, figures, localeOf(io)),
    );
    return 0;
  }
  const result = groupFigures(cases, by, options);
  if (values.json) {
    io.stdout(JSON.stringify(result, null, 2));
  } else {
    const lines = result.groups.map((g) =>
      figuresLine(g.name === g.key ? g.key : `${g.key} ${g.name}`, g, localeOf(io)),
    );
    io.stdout([figuresLine(total, result.total, localeOf(io)), ...lines].join('\n'));
  }
  return 0;
}
