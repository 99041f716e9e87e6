import { describe, expect, it } from 'vitest';
import { FakeExcel } from '../../test/excel/fake-excel.ts';
import { noticeSheet, noticeSubject, writeNotice } from './notice.ts';
import { writeReports } from './report.ts';
import { dueSoonSheet, type Figures, type ScoresPull, writeScores } from './scores.ts';
import { readSetting, writeSetting } from './settings.ts';

const figures = (composite: number, grade: Figures['grade']): Figures => ({
  intake: 40,
  responseRate: 0.95,
  onTimeResolutionRate: 0.8,
  closureRate: 0.9,
  satisfactionRate: 0.85,
  composite,
  grade,
});

function pull(groups: number, composite = 91): ScoresPull {
  return {
    unitName: '杨浦区',
    period: '2026',
    asOf: '2026-11-16',
    by: 'children',
    total: figures(composite, '优秀'),
    groups: Array.from({ length: groups }, (_, i) => ({
      key: `YP-${i}`,
      name: `街道${i}`,
      ...figures(composite - i, i % 2 ? '不合格' : '良好'),
    })),
    trend: [
      { month: '2026-09', composite: 80, intake: 10 },
      { month: '2026-10', composite: 85, intake: 12 },
    ],
    supervision: [{ caseNo: 'CB-001', category: '环境卫生', reason: '逾期未答复', level: '街道' }],
    frequent: { multiple: [{ category: '环境卫生', count: 12 }], widespread: [] },
  };
}

describe('pulling the scores', () => {
  it('writes 汇总 with figures, conditional formats and two native charts', async () => {
    const excel = new FakeExcel([{ name: 'Sheet1', values: [] }]);
    await writeScores(excel.context, pull(3));
    const sheet = excel.sheet('汇总');
    expect(excel.values('汇总', 'A4:C4')).toEqual([['下级单位', '综合得分', '等级']]);
    expect(excel.values('汇总', 'A5:C5')).toEqual([['街道0', 91, '良好']]);
    expect(excel.values('汇总', 'A8:A8')).toEqual([['合计']]);
    expect(sheet.cells.get('E5')?.format).toBe('0.0%');
    expect(sheet.conditionalFormats.map((c) => c.type)).toEqual([
      'ColorScale',
      'ContainsText',
      'ContainsText',
    ]);
    expect(sheet.charts.map((c) => [c.name, c.type])).toEqual([
      ['MQ_composite', 'ColumnClustered'],
      ['MQ_trend', 'Line'],
    ]);
    expect(excel.values('督办清单', 'A4:D5')).toEqual([
      ['编号', '问题类别', '原因', '层级'],
      ['CB-001', '环境卫生', '逾期未答复', '街道'],
    ]);
    expect(excel.sheet('问题分析')).toBeDefined();
  });

  it('refreshes the sheets in place when pulled again', async () => {
    const excel = new FakeExcel([{ name: 'Sheet1', values: [] }]);
    await writeScores(excel.context, pull(3, 91));
    await writeScores(excel.context, pull(3, 70));
    expect(excel.sheets.map((s) => s.name)).toEqual(['Sheet1', '汇总', '督办清单', '问题分析']);
    expect(excel.values('汇总', 'B5')).toEqual([[70]]);
    expect(excel.sheet('汇总').charts).toHaveLength(2);
    expect(excel.sheet('汇总').conditionalFormats).toHaveLength(3);
  });

  it('syncs as often for 1,000 units as for 5', async () => {
    const small = new FakeExcel([{ name: 'Sheet1', values: [] }]);
    await writeScores(small.context, pull(5));
    const large = new FakeExcel([{ name: 'Sheet1', values: [] }]);
    await writeScores(large.context, pull(1_000));
    expect(large.syncs).toBe(small.syncs);
  });
});

describe('holiday years and 临期', () => {
  it('warns on 汇总 when due dates fall in a year without a holiday schedule', async () => {
    const excel = new FakeExcel([{ name: 'Sheet1', values: [] }]);
    await writeScores(excel.context, { ...pull(2), calendarGaps: [2027] });
    const text = [...excel.sheet('汇总').cells.values()].map((c) => String(c.value)).join(' ');
    expect(text).toContain('2027 年节假日安排未载入');
    const checked = new FakeExcel([{ name: 'Sheet1', values: [] }]);
    await writeScores(checked.context, { ...pull(2), calendarGaps: [] });
    const plain = [...checked.sheet('汇总').cells.values()].map((c) => String(c.value)).join(' ');
    expect(plain).not.toContain('未载入');
  });

  it('writes the 临期 sheet: each case, its area, the due date and what is due', async () => {
    const excel = new FakeExcel([{ name: 'Sheet1', values: [] }]);
    const sheet = dueSoonSheet({
      unitName: '长白一村居民区',
      asOf: '2026-04-03',
      until: '2026-04-09',
      days: 3,
      items: [
        { caseNo: 'CB-001', area: '长白一村', due: '2026-04-03', kind: 'reply' },
        { caseNo: 'CB-007', area: null, due: '2026-04-07', kind: 'resolution' },
      ],
    });
    await writeReports(excel.context, [sheet]);
    const text = [...excel.sheet('临期').cells.values()].map((c) => String(c.value)).join(' ');
    expect(text).toContain('2026-04-03 至 2026-04-09（3 个工作日）内到期');
    expect(sheet.sections[0]!.rows).toEqual([
      ['CB-001', '长白一村', '2026-04-03', '答复'],
      ['CB-007', '', '2026-04-07', '办结'],
    ]);
  });
});

describe('the public notice', () => {
  it('is print-ready and prints the approved subject and the outcome, never the summary or result', async () => {
    const excel = new FakeExcel([{ name: 'Sheet1', values: [] }]);
    const input = {
      unitName: '上理居民区',
      month: '2026年11月',
      open: [
        {
          subject: noticeSubject('环境卫生', '长白一村'),
          status: '办理中',
          receivedOn: '2026-11-02',
          assignee: '区绿化市容局',
          summary: '郭秀英家门口垃圾箱房异味',
          reporterName: '郭秀英',
          reporterPhone: '13912345678',
        },
      ],
      settled: [
        {
          subject: '楼道照明',
          status: '已办结',
          receivedOn: '2026-10-03',
          resolvedOn: '2026-10-20',
          satisfaction: '满意',
          result: '已为3号楼王阿姨更换灯泡',
        },
      ],
    };
    await writeNotice(excel.context, input);
    const sheet = excel.sheet('公示');
    expect(sheet.pageLayout).toMatchObject({ orientation: 'Landscape', printArea: 'A1:F10' });
    const text = [...sheet.cells.values()].map((c) => String(c.value)).join(' ');
    for (const shown of ['环境卫生 · 长白一村', '区绿化市容局', '2026-11-02', '办理中']) {
      expect(text).toContain(shown);
    }
    for (const shown of ['楼道照明', '已办结', '2026-10-20', '满意']) expect(text).toContain(shown);
    for (const hidden of ['垃圾箱房异味', '郭秀英', '13912345678', '王阿姨', '更换灯泡']) {
      expect(text).not.toContain(hidden);
    }
    const headers = noticeSheet(input).sections.flatMap((s) => s.columns.map((c) => c.header));
    expect(headers).not.toContain('诉求内容');
    expect(headers).not.toContain('办理结果');
  });

  it('has a default subject of the category and the area, leaving out what is unknown', () => {
    expect(noticeSubject('环境卫生', '长白一村')).toBe('环境卫生 · 长白一村');
    expect(noticeSubject(null, '长白一村')).toBe('长白一村');
    expect(noticeSubject('治安', null)).toBe('治安');
  });
});

describe('workbook settings', () => {
  it('keep a receipt with the workbook', async () => {
    const excel = new FakeExcel([{ name: 'Sheet1', values: [] }]);
    expect(await readSetting(excel.context, 'receipt')).toBeNull();
    await writeSetting(excel.context, 'receipt', { id: 's1', version: 2 });
    expect(await readSetting(excel.context, 'receipt')).toEqual({ id: 's1', version: 2 });
  });
});
