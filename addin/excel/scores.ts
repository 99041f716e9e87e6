/**
 * The district's pull: 汇总 (figures, grade, conditional formatting, charts of the composite by unit
 * and of the monthly trend), 督办清单 and the 多发性 / 普遍性 / 经常性 problem lists, as report
 * sheets; and the 公示 notice. Shapes follow the Worker's scores and reports API.
 */
import type { Cell } from '../../shared/convert/index.ts';
import type { Figures } from '../../shared/scores.ts';
import type { ReportColumn, ReportSection, ReportSheet } from './report.ts';

export type { Figures };

import { writeReports } from './report.ts';

export interface ScoresPull {
  unitName: string;
  period: string;
  asOf: string;
  by: 'children' | 'area' | 'department' | 'cadre';
  total: Figures;
  groups: ({ key: string; name: string } & Figures)[];
  trend?: { month: string; composite: number | null; intake: number }[];
  supervision?: Record<string, unknown>[];
  frequent?: Record<string, unknown>;
  /** Years of due dates counted on weekends alone: their holiday schedule is not loaded. */
  calendarGaps?: number[];
}

export const SCORES_SHEET = '汇总';
export const SUPERVISION_SHEET = '督办清单';
export const FREQUENT_SHEET = '问题分析';
export const NOTICE_SHEET = '公示';
export const DUE_SOON_SHEET = '临期';

/** The warning a sheet carries when its due dates rest on years without a holiday schedule. */
export function calendarGapText(years: readonly number[] | undefined): string {
  if (!years || years.length === 0) return '';
  return `注意：${years.join('、')} 年节假日安排未载入，相关到期日仅按周末推算`;
}

const BY_LABEL = { children: '下级单位', area: '居民区', department: '职能部门', cadre: '干部' };
const PERCENT = '0.0%';

const FIGURE_COLUMNS: { key: keyof Figures; column: ReportColumn }[] = [
  { key: 'composite', column: { header: '综合得分', format: '0.0', width: 64 } },
  { key: 'grade', column: { header: '等级', format: '@', width: 52 } },
  { key: 'intake', column: { header: '受理量', format: '0', width: 56 } },
  { key: 'responseRate', column: { header: '答复率', format: PERCENT, width: 60 } },
  { key: 'onTimeResolutionRate', column: { header: '按期办结率', format: PERCENT, width: 72 } },
  { key: 'closureRate', column: { header: '办结率', format: PERCENT, width: 60 } },
  { key: 'satisfactionRate', column: { header: '满意率', format: PERCENT, width: 60 } },
  { key: 'evaluationScore', column: { header: '测评得分', format: '0.0', width: 64 } },
  { key: 'veto', column: { header: '一票否决', format: '@', width: 60 } },
];

function figureCells(figures: Figures): Cell[] {
  return FIGURE_COLUMNS.map(({ key }) => {
    const value = figures[key];
    if (value === null || value === undefined) return '';
    if (typeof value === 'boolean') return value ? '是' : '';
    return value;
  });
}

/** Known keys of the supervision and report rows → Chinese headers; others keep their key. */
const HEADERS: Record<string, ReportColumn> = {
  // The case's id in the Worker: what a referral to 常委会 names.
  id: { header: '案件 id', format: '0', width: 50 },
  caseNo: { header: '编号', format: '@', width: 70 },
  unit: { header: '单位', format: '@', width: 90 },
  unitName: { header: '单位', format: '@', width: 100 },
  area: { header: '居民区', format: '@', width: 90 },
  areaName: { header: '居民区', format: '@', width: 100 },
  category: { header: '问题类别', format: '@', width: 80 },
  summary: { header: '诉求内容', format: '@', width: 240 },
  receivedOn: { header: '受理日期', format: '@', width: 76 },
  status: { header: '办理状态', format: '@', width: 64 },
  level: { header: '层级', format: '@', width: 50 },
  reason: { header: '原因', format: '@', width: 120 },
  dueOn: { header: '期限', format: '@', width: 76 },
  overdueDays: { header: '逾期天数', format: '0', width: 60 },
  count: { header: '件数', format: '0', width: 50 },
  cases: { header: '件数', format: '0', width: 50 },
  areas: { header: '居民区数', format: '0', width: 60 },
  months: { header: '连续月数', format: '0', width: 60 },
  assignee: { header: '承办单位', format: '@', width: 90 },
  due: { header: '到期日', format: '@', width: 76 },
  calendarGap: { header: '节假日未载入', format: '@', width: 72 },
};

const LIST_HEADINGS: Record<string, string> = {
  frequent: '多发性问题（件数最多的类别）',
  multiple: '多发性问题（件数最多的类别）',
  widespread: '普遍性问题（涉及居民区最多的类别）',
  recurring: '经常性问题（连续出现月数最多的类别）',
};

/** A section of plain objects: one column per key (known keys get Chinese headers). */
export function objectsSection(
  items: readonly Record<string, unknown>[],
  heading?: string,
): ReportSection {
  const keys = [...new Set(items.flatMap((item) => Object.keys(item)))].filter(
    // The case id stays: it is what the district names when it refers a case to 常委会.
    (key) => !['reporterName', 'reporterPhone', 'phone', 'headName'].includes(key),
  );
  return {
    ...(heading ? { heading } : {}),
    columns: keys.map((key) => HEADERS[key] ?? { header: key, format: '@', width: 80 }),
    rows: items.map((item) =>
      keys.map((key) => {
        const value = item[key];
        if (value === null || value === undefined) return '';
        if (typeof value === 'number' || typeof value === 'string') return value;
        if (typeof value === 'boolean') return value ? '是' : '否';
        return JSON.stringify(value);
      }),
    ),
  };
}

/** The report sheets of one pull. */
export function scoresSheets(pull: ScoresPull): ReportSheet[] {
  const by = BY_LABEL[pull.by];
  const sheets: ReportSheet[] = [
    {
      name: SCORES_SHEET,
      title: `${pull.unitName} 群众工作考核汇总（${pull.period}）`,
      subtitle: [`统计截至 ${pull.asOf}　按${by}`, calendarGapText(pull.calendarGaps)]
        .filter(Boolean)
        .join('　'),
      sections: [
        {
          columns: [
            { header: by, format: '@', width: 110 },
            ...FIGURE_COLUMNS.map((c) => c.column),
          ],
          rows: [
            ...pull.groups.map((g) => [g.name, ...figureCells(g)]),
            ['合计', ...figureCells(pull.total)],
          ],
        },
        {
          heading: '月度走势',
          columns: [
            { header: '月份', format: '@', width: 110 },
            { header: '综合得分', format: '0.0', width: 64 },
            { header: '受理量', format: '0', width: 56 },
          ],
          rows: (pull.trend ?? []).map((t) => [t.month, t.composite ?? '', t.intake]),
        },
      ],
      rules: [
        { kind: 'colorScale', section: 0, column: 1 },
        { kind: 'text', section: 0, column: 2, text: '不合格', fill: '#FFC7CE', font: '#9C0006' },
        { kind: 'text', section: 0, column: 2, text: '优秀', fill: '#C6EFCE', font: '#006100' },
      ],
      charts: [
        {
          name: 'MQ_composite',
          type: 'ColumnClustered',
          title: `综合得分（按${by}）`,
          section: 0,
          series: 1,
        },
        { name: 'MQ_trend', type: 'Line', title: '综合得分月度走势', section: 1, series: 1 },
      ],
    },
  ];
  if (pull.supervision) {
    sheets.push({
      name: SUPERVISION_SHEET,
      title: `${pull.unitName} 督办清单`,
      subtitle: `截至 ${pull.asOf}：逾期未答复、未办结和普遍性问题`,
      sections: [objectsSection(pull.supervision)],
    });
  }
  if (pull.frequent) {
    const sections = Object.entries(pull.frequent)
      .filter((entry): entry is [string, Record<string, unknown>[]] => Array.isArray(entry[1]))
      .map(([key, items]) => objectsSection(items, LIST_HEADINGS[key] ?? key));
    sheets.push({
      name: FREQUENT_SHEET,
      title: `${pull.unitName} 多发性、普遍性、经常性问题`,
      sections,
    });
  }
  return sheets;
}

export interface DueSoonPull {
  unitName: string;
  asOf: string;
  until: string;
  days: number;
  items: { caseNo: string; area: string | null; due: string; kind: 'reply' | 'resolution' }[];
  calendarGaps?: number[];
}

/**
 * 临期: what the unit or department must answer or solve from today through `days` working days
 * (docs/decisions/0011) — the sheet a clerk opens each morning, earliest first.
 */
export function dueSoonSheet(pull: DueSoonPull): ReportSheet {
  const text = (value: string | null) => value ?? '';
  return {
    name: DUE_SOON_SHEET,
    title: `${pull.unitName} 临期清单`,
    subtitle: [
      `${pull.asOf} 至 ${pull.until}（${pull.days} 个工作日）内到期`,
      calendarGapText(pull.calendarGaps),
    ]
      .filter(Boolean)
      .join('　'),
    sections: [
      {
        columns: [
          { header: '编号', format: '@', width: 90 },
          { header: '居民区', format: '@', width: 90 },
          { header: '到期日', format: '@', width: 76 },
          { header: '事项', format: '@', width: 50 },
        ],
        rows: pull.items.map((item) => [
          item.caseNo,
          text(item.area),
          item.due,
          item.kind === 'reply' ? '答复' : '办结',
        ]),
      },
    ],
  };
}

export async function writeScores(ctx: Excel.RequestContext, pull: ScoresPull): Promise<void> {
  await writeReports(ctx, scoresSheets(pull));
}
