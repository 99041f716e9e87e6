import { describe, expect, it } from 'vitest';
import { FakeExcel } from './fake-excel.ts';
import { writeReports } from './report.ts';
import {
  dueSoonSheet,
  type Figures,
  noticeSheet,
  type ScoresPull,
  writeNotice,
  writeScores,
} from './scores.ts';
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
  it('is print-ready and carries no names or phones', async () => {
    const excel = new FakeExcel([{ name: 'Sheet1', values: [] }]);
    const input = {
      unitName: '上理居民区',
      month: '2026年11月',
      open: [
        {
          category: '环境卫生',
          summary: '垃圾箱房异味',
          status: '办理中',
          receivedOn: '2026-11-02',
          reporterName: '郭秀英',
          reporterPhone: '13912345678',
        },
      ],
      settled: [],
    };
    await writeNotice(excel.context, input);
    const sheet = excel.sheet('公示');
    expect(sheet.pageLayout).toMatchObject({ orientation: 'Landscape', printArea: 'A1:F9' });
    const text = [...sheet.cells.values()].map((c) => String(c.value)).join(' ');
    expect(text).toContain('垃圾箱房异味');
    expect(text).not.toContain('郭秀英');
    expect(text).not.toContain('13912345678');
    expect(noticeSheet(input).sections[0]!.columns.map((c) => c.header)).not.toContain('反映人');
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
