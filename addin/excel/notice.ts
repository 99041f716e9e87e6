/**
 * The 公示 notice (三公示) as a report sheet: what is promised for the coming month and how last
 * month's cases were settled, with nothing a posted sheet must not carry.
 */
import type { Cell } from '../../shared/convert/index.ts';
import { type ReportColumn, type ReportSheet, writeReports } from './report.ts';
import { NOTICE_SHEET } from './scores.ts';

/**
 * A line of the 公示: a subject the clerk approved and the outcome. The summary and the free-text
 * result are never printed: clerks write names, doorways and quarrels into them, which a posted
 * sheet must not carry.
 */
export interface NoticeCase {
  /** By default the category and the area (环境卫生 · 长白一村); the clerk may reword it. */
  subject: string;
  status: string | null;
  receivedOn: string | null;
  resolvedOn?: string | null;
  satisfaction?: string | null;
  assignee?: string | null;
}

/** The default subject of a notice line: the category and the area's name. */
export function noticeSubject(category: string | null, areaName: string | null): string {
  return [category, areaName].filter((part): part is string => !!part).join(' · ');
}

/** The columns both parts of the notice open with: 序号, 事项, 承办单位. */
const LEAD_COLUMNS: ReportColumn[] = [
  { header: '序号', format: '0', width: 36 },
  { header: '事项', format: '@', width: 200 },
  { header: '承办单位', format: '@', width: 90 },
];

/**
 * 三公示: what is promised for the coming month (cases still open) and how last month's cases were
 * settled — a subject, who handles it and the outcome; no names, phones, addresses or free text.
 */
export function noticeSheet(input: {
  unitName: string;
  month: string;
  open: readonly NoticeCase[];
  settled: readonly NoticeCase[];
}): ReportSheet {
  const text = (value: string | null | undefined): Cell => value ?? '';
  const lead = (c: NoticeCase, i: number): Cell[] => [i + 1, c.subject, text(c.assignee)];
  return {
    name: NOTICE_SHEET,
    title: `${input.unitName} 民情办理公示（${input.month}）`,
    subtitle: '欢迎群众监督。如有意见，请向居委会或街道反映。',
    print: true,
    sections: [
      {
        heading: '一、本月承诺办理事项',
        columns: [
          ...LEAD_COLUMNS,
          { header: '受理日期', format: '@', width: 76 },
          { header: '目前进展', format: '@', width: 70 },
        ],
        rows: input.open.map((c, i) => [...lead(c, i), text(c.receivedOn), text(c.status)]),
      },
      {
        heading: '二、上月事项办理结果',
        columns: [
          ...LEAD_COLUMNS,
          { header: '办理状态', format: '@', width: 76 },
          { header: '办结日期', format: '@', width: 70 },
          { header: '群众评价', format: '@', width: 60 },
        ],
        rows: input.settled.map((c, i) => [
          ...lead(c, i),
          text(c.status),
          text(c.resolvedOn),
          text(c.satisfaction),
        ]),
      },
    ],
  };
}

export async function writeNotice(
  ctx: Excel.RequestContext,
  input: Parameters<typeof noticeSheet>[0],
): Promise<void> {
  await writeReports(ctx, [noticeSheet(input)]);
}
