/**
 * The year-end roll in Excel (docs/decisions/0014): a 年度考核 sheet per kind of roll — one section
 * per peer group, ranked, grades and 同比 formatted, the veto reasons beside, a bar chart of each
 * group's totals, print-ready on A4 landscape — and an explanation sheet of the records behind one
 * figure, linked from the figure's cell. Plans are plain data; `writeReport` writes them.
 */
import type { Roll, RollOf, RollRow } from '../../shared/assessment.ts';
import { type ExplainedFigure, FIGURE_LABELS } from '../../shared/assessment-explain.ts';
import type { Cell } from '../../shared/convert/index.ts';
import { cellAddress } from './cells.ts';
import {
  type ReportColumn,
  type ReportRule,
  type ReportSection,
  type ReportSheet,
  writeReport,
} from './report.ts';
import { layoutReport } from './report-layout.ts';

/** The roll as the API gives it, with its revision and open appeals once finalised. */
export interface SignedRoll extends Roll {
  revision?: {
    revision: number;
    signedBy: string;
    signedAt: string;
    reason: string | null;
    latest: boolean;
  };
  appeals?: { id: number; key: string; figure: string }[];
}

export const ROLL_SHEETS: Record<RollOf, string> = {
  units: '年度考核·单位',
  departments: '年度考核·部门',
  cadres: '年度考核·干部',
};
const KIND_LABEL: Record<RollOf, string> = {
  units: '单位',
  departments: '职能部门',
  cadres: '干部',
};

const PERCENT = '0.0%';
/** A column of the roll: a row's field, and the figure it explains when it is one. */
interface RollColumn {
  field: keyof RollRow | 'appeals';
  column: ReportColumn;
  figure?: ExplainedFigure;
}

const COLUMNS: RollColumn[] = [
  { field: 'name', column: { header: '对象', format: '@', width: 110 } },
  { field: 'total', column: { header: '总分', format: '0.00', width: 56 } },
  { field: 'rank', column: { header: '排名', format: '0', width: 40 } },
  { field: 'grade', column: { header: '等次', format: '@', width: 56 } },
  { field: 'change', column: { header: '同比', format: '+0.00;-0.00;0.00', width: 56 } },
  { field: 'key', column: { header: '编码', format: '@', width: 76 } },
  { field: 'intake', column: { header: '受理量', format: '0', width: 50 } },
  ...(['responseRate', 'onTimeResolutionRate', 'closureRate', 'satisfactionRate'] as const).map(
    (figure) => ({
      field: figure,
      figure,
      column: { header: FIGURE_LABELS[figure], format: PERCENT, width: 64 },
    }),
  ),
  { field: 'composite', column: { header: '综合得分', format: '0.00', width: 60 } },
  {
    field: 'evaluationScore',
    figure: 'evaluationScore',
    column: { header: '测评得分', format: '0.00', width: 60 },
  },
];
const CADRE_COLUMNS: RollColumn[] = (['coverage', 'contactDayAttendance'] as const).map(
  (figure) => ({
    field: figure,
    figure,
    column: { header: FIGURE_LABELS[figure], format: PERCENT, width: 64 },
  }),
);
const DEPARTMENT_COLUMNS: RollColumn[] = [
  { field: 'dispatchedCount', column: { header: '交办量', format: '0', width: 50 } },
  {
    field: 'dispatchedSatisfactionRate',
    column: { header: '交办满意率', format: PERCENT, width: 70 },
  },
];
const TAIL: RollColumn[] = [
  { field: 'vetoReason', column: { header: '一票否决', format: '@', width: 110 } },
  { field: 'appeals', column: { header: '申诉', format: '@', width: 90 } },
];

function columnsOf(of: RollOf): RollColumn[] {
  return [
    ...COLUMNS,
    ...(of === 'cadres' ? CADRE_COLUMNS : []),
    ...(of === 'departments' ? DEPARTMENT_COLUMNS : []),
    ...TAIL,
  ];
}

/** A peer group as a clerk reads it: 街道/镇, 居民区（甲街道）, 职能部门, 干部·科级. */
function groupLabel(group: string, names: ReadonlyMap<string, string>): string {
  if (group === 'sub-district') return '街道/镇';
  if (group === 'department') return '职能部门';
  if (group.startsWith('area:')) {
    const parent = group.slice(5);
    return `居民区（${names.get(parent) ?? parent}）`;
  }
  return `干部·${group.slice(6)}`;
}

/** The roll's peer groups in its order, each with its rows (already ranked by the API). */
function groupsOf(roll: Roll): [string, RollRow[]][] {
  const groups = new Map<string, RollRow[]>();
  for (const row of roll.rows)
    groups.set(row.peerGroup, [...(groups.get(row.peerGroup) ?? []), row]);
  return [...groups];
}

export interface RollSheetOptions {
  districtName: string;
  /** 制表日期. */
  today: string;
  /** The year's grade labels, best first: the first is shown green, the last red. */
  grades: readonly string[];
  /** Unit names by code, for the areas' groups. */
  unitNames?: ReadonlyMap<string, string>;
}

/** Each group's totals — the mean, the highest and the lowest: the bar chart's source. */
function groupTotals(
  groups: readonly [string, RollRow[]][],
  names: ReadonlyMap<string, string>,
): ReportSection {
  const rows = groups.map(([group, rows]) => {
    const values = rows.flatMap((r) => (r.total === null ? [] : [r.total]));
    const mean = values.length ? values.reduce((a, b) => a + b, 0) / values.length : '';
    return [
      groupLabel(group, names),
      typeof mean === 'number' ? Math.round(mean * 100) / 100 : '',
      values.length ? Math.max(...values) : '',
      values.length ? Math.min(...values) : '',
    ] as Cell[];
  });
  return {
    heading: '各组总分',
    columns: [
      { header: '组别', format: '@', width: 110 },
      { header: '平均总分', format: '0.00', width: 56 },
      { header: '最高', format: '0.00', width: 56 },
      { header: '最低', format: '0.00', width: 56 },
    ],
    rows,
  };
}

/** 同比 on a colour scale; the best grade green and the worst red, in every group's section. */
function gradeRules(
  sections: number,
  columns: readonly RollColumn[],
  grades: readonly string[],
): ReportRule[] {
  const at = (field: RollColumn['field']) => columns.findIndex((c) => c.field === field);
  const gradeRule = (section: number, text: string | undefined, fill: string, font: string) =>
    text ? [{ kind: 'text' as const, section, column: at('grade'), text, fill, font }] : [];
  return Array.from({ length: sections }, (_, section): ReportRule[] => [
    { kind: 'colorScale', section, column: at('change') },
    ...gradeRule(section, grades[0], '#C6EFCE', '#006100'),
    ...gradeRule(section, grades.at(-1), '#FFC7CE', '#9C0006'),
  ]).flat();
}

/** The roll's standing: the finalised revision that signed it, or not yet final; open appeals. */
function revisionLine(roll: SignedRoll): string {
  const revision = roll.revision
    ? `定稿第 ${roll.revision.revision} 版（${roll.revision.signedBy} 签发于 ${roll.revision.signedAt.slice(0, 10)}${roll.revision.reason ? `，更正：${roll.revision.reason}` : ''}）`
    : '未定稿（按现有记录计算）';
  const open = roll.appeals?.length ? ` · 待答复申诉 ${roll.appeals.length} 件` : '';
  return `${revision}${open}`;
}

/** The 年度考核 sheet of a roll as plain data. */
export function rollSheet(roll: SignedRoll, options: RollSheetOptions): ReportSheet {
  const columns = columnsOf(roll.of);
  const names = options.unitNames ?? new Map<string, string>();
  const appealsOf = (key: string) =>
    (roll.appeals ?? [])
      .filter((a) => a.key === key)
      .map((a) => `${FIGURE_LABELS[a.figure as ExplainedFigure] ?? a.figure}（待答复）`)
      .join('、');
  const cellOf = (row: RollRow, field: RollColumn['field']): Cell => {
    if (field === 'appeals') return appealsOf(row.key);
    if (field === 'vetoReason') return row.veto ? `是（${row.vetoReason ?? '未注明'}）` : '';
    const value = row[field];
    if (value === null || value === undefined || typeof value === 'boolean') return '';
    return value;
  };
  const groups = groupsOf(roll);
  const sections: ReportSection[] = groups.map(([group, rows]) => ({
    heading: groupLabel(group, names),
    columns: columns.map((c) => c.column),
    rows: rows.map((row) => columns.map((c) => cellOf(row, c.field))),
  }));
  sections.push(groupTotals(groups, names));
  const rules = gradeRules(groups.length, columns, options.grades);
  return {
    name: ROLL_SHEETS[roll.of],
    title: `${options.districtName} ${roll.year} 年度考核（${KIND_LABEL[roll.of]}）`,
    subtitle: `制表日期：${options.today} · ${revisionLine(roll)}`,
    sections,
    rules,
    charts: [
      {
        name: 'MQ_roll_totals',
        type: 'ColumnClustered',
        title: '各组总分',
        section: sections.length - 1,
        series: 3,
      },
    ],
    print: 'A4',
  };
}

/** Which row and figure a cell of the 年度考核 sheet shows; `null` for any other cell. */
export function figureAt(
  roll: SignedRoll,
  options: RollSheetOptions,
  row: number,
  column: number,
): { key: string; figure: ExplainedFigure } | null {
  const plan = rollSheet(roll, options);
  const layout = layoutReport(plan);
  const columns = columnsOf(roll.of);
  const figure = columns[column - 1]?.figure;
  if (!figure) return null;
  const groups = groupsOf(roll);
  for (const [index, [, rows]] of groups.entries()) {
    const placed = layout.sections[index]!;
    const at = row - placed.firstRow;
    if (at >= 0 && at < placed.rowCount) return { key: rows[at]!.key, figure };
  }
  return null;
}

/** Where a row's figure sits on the 年度考核 sheet (1-based), for the link to its explanation. */
export function figureCell(
  roll: SignedRoll,
  options: RollSheetOptions,
  key: string,
  figure: ExplainedFigure,
): string | null {
  const layout = layoutReport(rollSheet(roll, options));
  const column = columnsOf(roll.of).findIndex((c) => c.figure === figure);
  if (column === -1) return null;
  for (const [index, [, rows]] of groupsOf(roll).entries()) {
    const at = rows.findIndex((r) => r.key === key);
    if (at !== -1) return cellAddress(layout.sections[index]!.firstRow + at, column + 1);
  }
  return null;
}

/** Writes (or refreshes in place) the 年度考核 sheet of a roll. */
export async function writeRoll(
  ctx: Excel.RequestContext,
  roll: SignedRoll,
  options: RollSheetOptions,
): Promise<void> {
  await writeReport(ctx, rollSheet(roll, options));
}
