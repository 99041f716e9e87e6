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
import { message } from '../shared/i18n.ts';
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
import { type CliIO, checkIsoDate, UsageError } from './io.ts';
import './messages.ts';
import { readOrgFile } from './org.ts';
import USAGE from './usage.json' with { type: 'json' };

const BY: readonly GroupBy[] = ['area', 'department', 'cadre'];
const ISO = /^\d{4}-\d{2}-\d{2}$/;

export function readJson(file: string, what: string): unknown {
  if (!existsSync(file)) throw new UsageError(`找不到${what}文件：${file}`);
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`${file} 不是有效的 JSON：${(error as Error).message}`);
  }
}

/** The case records of a `{ cases: [...] }` file; other top-level keys are ignored. */
export function readCases(file: string): ScoredCase[] {
  const json = readJson(file, '案件') as { cases?: unknown };
  if (!json || !Array.isArray(json.cases)) {
    throw new UsageError(`${file} 应为 { "cases": [ … ] }（一事一表的规范记录）`);
  }
  json.cases.forEach((record: Record<string, unknown>, index) => {
    const bad = ['receivedOn', 'repliedOn', 'resolvedOn'].find((key) => {
      const value = record?.[key] ?? null;
      return key === 'receivedOn'
        ? typeof value !== 'string' || !ISO.test(value)
        : value !== null && (typeof value !== 'string' || !ISO.test(value));
    });
    if (bad) {
      throw new UsageError(`${file}：第 ${index + 1} 条案件的 ${bad} 不是 YYYY-MM-DD 日期`);
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
  if (!Array.isArray(list))
    throw new UsageError(`${file} 的 evaluations 应为数组（满意度测评记录）`);
  list.forEach((row: Record<string, unknown>, index) => {
    if (typeof row?.subject !== 'string' || typeof row?.evaluatorGroup !== 'string') {
      throw new UsageError(`${file}：第 ${index + 1} 条测评记录缺少 subject 或 evaluatorGroup`);
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
): Promise<ScoredEvaluation[]> {
  if (!/\.xlsx$/i.test(file)) return evaluationsOf(readJson(file, '测评'), file);
  const result = await convertFile({ file, unit, asOf, org, locale: 'zh' });
  if (result.kind !== 'evaluation') {
    throw new UsageError(message('CLI_NOT_EVALUATIONS', { file, kind: result.kind }));
  }
  if (hasErrors(result)) {
    throw new UsageError(
      message('CLI_EVALUATIONS_HAVE_ERRORS', { file, summary: summary(result, file, 'zh') }),
    );
  }
  return result.rows.map((row) => row.values as unknown as ScoredEvaluation);
}

export function readSettings(file: string | undefined): DistrictSettings {
  if (!file) return DEFAULT_SETTINGS;
  try {
    return resolveSettings(readJson(file, '设置'));
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const issues = (error as { issues?: { path: PropertyKey[]; message: string }[] }).issues ?? [];
    const text = issues.map((i) => `${i.path.join('.') || '(根)'}: ${i.message}`).join('；');
    throw new UsageError(`${file} 中的设置无效：${text || (error as Error).message}`);
  }
}

const percent = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(2)}%`);

/** One line of figures a person reads. */
function figuresLine(label: string, f: Figures): string {
  return [
    label,
    `受理量 ${f.intake}`,
    `答复率 ${percent(f.responseRate)}`,
    `按期办结率 ${percent(f.onTimeResolutionRate)}`,
    `办结率 ${percent(f.closureRate)}`,
    `满意率 ${percent(f.satisfactionRate)}`,
    `综合得分 ${f.composite === null ? '—' : f.composite.toFixed(2)}`,
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
  if (!values.cases) throw new UsageError(`缺少 --cases。用法：${usage}`);
  if (!values['as-of']) throw new UsageError(`缺少 --as-of。用法：${usage}`);
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
    throw new UsageError(message('CLI_PERIOD_INVALID', { period: values.period }));
  }
  const by = values.by as GroupBy | undefined;
  if (by !== undefined && !BY.includes(by)) {
    throw new UsageError(message('CLI_BY_INVALID', { by: String(values.by) }));
  }
  if (values.org && !existsSync(values.org)) {
    throw new UsageError(`找不到组织架构文件：${values.org}`);
  }
  const cases = readCases(casesFile);
  const org = values.org ? readOrgFile(values.org) : readOrgFile();
  const unit = values.unit ?? org.units.find((u) => u.parent === null)?.code;
  if (!unit || !org.get(unit)) throw new UsageError(`组织架构中没有单位 ${values.unit ?? ''}`);
  const evaluations = [
    ...evaluationsOf(readJson(casesFile, '案件'), casesFile),
    ...(values.evaluations ? await readEvaluations(values.evaluations, org, unit, asOf) : []),
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
  );
  if (gaps) io.stderr(gaps);

  if (!by) {
    const figures = groupFigures(cases, 'area', options).total;
    io.stdout(values.json ? JSON.stringify(figures, null, 2) : figuresLine('合计', figures));
    return 0;
  }
  const result = groupFigures(cases, by, options);
  if (values.json) {
    io.stdout(JSON.stringify(result, null, 2));
  } else {
    const lines = result.groups.map((g) =>
      figuresLine(g.name === g.key ? g.key : `${g.key} ${g.name}`, g),
    );
    io.stdout([figuresLine('合计', result.total), ...lines].join('\n'));
  }
  return 0;
}
