/**
 * `minqing scores --cases FILE.json --as-of YYYY-MM-DD [--period P] [--by area|department|cadre]
 * [--settings FILE.json] [--org FILE.csv] [--json]`
 * The assessment figures of the cases in a JSON file `{ "cases": [canonical case records] }`, as
 * the Worker's `GET /api/scores` gives them. Exit code 0, or 2 for a usage or file error.
 */
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { seedCalendar } from '../shared/calendar.ts';
import { parsePeriod } from '../shared/periods.ts';
import {
  computeFigures,
  type Figures,
  type GroupBy,
  groupFigures,
  type ScoredCase,
} from '../shared/scores.ts';
import { DEFAULT_SETTINGS, type DistrictSettings, resolveSettings } from '../shared/settings.ts';
import { type CliIO, checkIsoDate, UsageError } from './io.ts';
import { loadOrg } from './org.ts';

export const SCORES_USAGE =
  'minqing scores --cases FILE.json --as-of YYYY-MM-DD [--period P] [--by area|department|cadre] [--settings FILE.json] [--org FILE.csv] [--json]';

const BY: readonly GroupBy[] = ['area', 'department', 'cadre'];
const ISO = /^\d{4}-\d{2}-\d{2}$/;

function readJson(file: string, what: string): unknown {
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

function readSettings(file: string | undefined): DistrictSettings {
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

export async function run(args: string[], io: CliIO): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      cases: { type: 'string' },
      'as-of': { type: 'string' },
      period: { type: 'string' },
      by: { type: 'string' },
      settings: { type: 'string' },
      org: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  if (!values.cases) throw new UsageError(`缺少 --cases。用法：${SCORES_USAGE}`);
  if (!values['as-of']) throw new UsageError(`缺少 --as-of。用法：${SCORES_USAGE}`);
  const asOf = checkIsoDate(values['as-of'], '--as-of');
  if (values.period && !parsePeriod(values.period)) {
    throw new UsageError(
      `--period 应为 2026、2026H1、2026Q2 或 2026-05（收到「${values.period}」）`,
    );
  }
  const by = values.by as GroupBy | undefined;
  if (by !== undefined && !BY.includes(by)) {
    throw new UsageError(`--by 应为 area、department 或 cadre（收到「${values.by}」）`);
  }
  if (values.org && !existsSync(values.org)) {
    throw new UsageError(`找不到组织架构文件：${values.org}`);
  }
  const cases = readCases(values.cases);
  const options = {
    asOf,
    settings: readSettings(values.settings),
    calendar: seedCalendar(),
    period: values.period ?? null,
  };

  if (!by) {
    const figures = computeFigures(cases, options);
    io.stdout(values.json ? JSON.stringify(figures, null, 2) : figuresLine('合计', figures));
    return 0;
  }
  const org = values.org ? loadOrg(values.org) : loadOrg();
  const result = groupFigures(cases, by, { ...options, org });
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
