import { describe, expect, it } from 'vitest';
import type { RollRow } from '../../shared/assessment.ts';
import type { Explanation } from '../../shared/assessment-explain.ts';
import { FakeExcel } from '../../test/excel/fake-excel.ts';
import { figureAt, ROLL_SHEETS, type SignedRoll, writeRoll } from './roll.ts';
import { explanationSheetName, writeExplanation } from './roll-explanation.ts';

const row = (
  key: string,
  name: string,
  peerGroup: string,
  total: number | null,
  rank: number | null,
  more: Partial<RollRow> = {},
): RollRow => ({
  key,
  name,
  peerGroup,
  intake: 10,
  responseRate: 0.9,
  onTimeResolutionRate: 0.8,
  closureRate: 0.7,
  satisfactionRate: 0.95,
  composite: 85,
  evaluationScore: 90,
  total,
  coverage: null,
  contactDayAttendance: null,
  dispatchedCount: null,
  dispatchedSatisfactionRate: null,
  veto: false,
  vetoReason: null,
  grade: total === null ? null : total >= 90 ? '优秀' : total > 0 ? '良好' : '不合格',
  rank,
  change: 1.5,
  ...more,
});

/** Two sub-districts (one vetoed), and the areas of the first. */
const roll = (totalA = 92): SignedRoll => ({
  year: 2026,
  of: 'units',
  unit: 'YP',
  rows: [
    row('YP-CB', '长白新村街道', 'sub-district', totalA, 1),
    row('YP-WJC', '五角场街道', 'sub-district', 0, 2, {
      veto: true,
      vetoReason: '重大信访事件',
      change: -80,
    }),
    row('YP-CB-001', '长白一村', 'area:YP-CB', 88, 1),
    row('YP-CB-002', '长白二村', 'area:YP-CB', 80, 2),
  ],
  revision: {
    revision: 2,
    signedBy: 'YP',
    signedAt: '2026-12-31T10:00:00+08:00',
    reason: '补报',
    latest: true,
  },
  appeals: [{ id: 7, key: 'YP-CB-001', figure: 'closureRate' }],
});
const options = {
  districtName: '杨浦区',
  today: '2027-01-05',
  grades: ['优秀', '良好', '合格', '不合格'],
  unitNames: new Map([['YP-CB', '长白新村街道']]),
};
const SHEET = ROLL_SHEETS.units;

describe('the 年度考核 sheet', () => {
  it('writes each peer group ranked, the veto and open appeals beside, the revision in the title', async () => {
    const excel = new FakeExcel([{ name: 'Sheet1', values: [] }]);
    await writeRoll(excel.context, roll(), options);
    expect(excel.values(SHEET, 'A1:A2')).toEqual([
      ['杨浦区 2026 年度考核（单位）'],
      ['制表日期：2027-01-05 · 定稿第 2 版（YP 签发于 2026-12-31，更正：补报） · 待答复申诉 1 件'],
    ]);
    expect(excel.values(SHEET, 'A4:E6')).toEqual([
      ['街道/镇', '', '', '', ''],
      ['对象', '总分', '排名', '等次', '同比'],
      ['长白新村街道', 92, 1, '优秀', 1.5],
    ]);
    expect(excel.values(SHEET, 'A7:D7')).toEqual([['五角场街道', 0, 2, '不合格']]);
    expect(excel.values(SHEET, 'N7:O7')).toEqual([['是（重大信访事件）', '']]);
    expect(excel.values(SHEET, 'A9:A12')).toEqual([
      ['居民区（长白新村街道）'],
      ['对象'],
      ['长白一村'],
      ['长白二村'],
    ]);
    expect(excel.values(SHEET, 'O11:O11')).toEqual([['办结率（待答复）']]);
    expect(excel.sheet(SHEET).cells.get('H6')?.format).toBe('0.0%');
  });

  it('formats grade and change, charts the groups’ totals, prints on A4 landscape with repeated headers', async () => {
    const excel = new FakeExcel([{ name: 'Sheet1', values: [] }]);
    await writeRoll(excel.context, roll(), options);
    const sheet = excel.sheet(SHEET);
    // Per group: 同比 colour scale, the best and the worst grade.
    expect(sheet.conditionalFormats.map((c) => [c.type, c.address])).toEqual([
      ['ColorScale', 'E6:E7'],
      ['ContainsText', 'D6:D7'],
      ['ContainsText', 'D6:D7'],
      ['ColorScale', 'E11:E12'],
      ['ContainsText', 'D11:D12'],
      ['ContainsText', 'D11:D12'],
    ]);
    expect(excel.values(SHEET, 'A15:D17')).toEqual([
      ['组别', '平均总分', '最高', '最低'],
      ['街道/镇', 46, 92, 0],
      ['居民区（长白新村街道）', 84, 88, 80],
    ]);
    expect(sheet.charts.map((c) => [c.name, c.type, c.title])).toEqual([
      ['MQ_roll_totals', 'ColumnClustered', '各组总分'],
    ]);
    expect(sheet.pageLayout).toMatchObject({
      orientation: 'Landscape',
      paperSize: 'A4',
      printTitleRows: '$1:$5',
    });
  });

  it('refreshes in place when pulled again', async () => {
    const excel = new FakeExcel([{ name: 'Sheet1', values: [] }]);
    await writeRoll(excel.context, roll(92), options);
    await writeRoll(excel.context, roll(95), options);
    expect(excel.sheets.map((s) => s.name)).toEqual(['Sheet1', SHEET]);
    expect(excel.values(SHEET, 'B6')).toEqual([[95]]);
    expect(excel.sheet(SHEET).charts).toHaveLength(1);
    expect(excel.sheet(SHEET).conditionalFormats).toHaveLength(6);
  });

  it('knows which row and figure a cell shows', () => {
    expect(figureAt(roll(), options, 11, 10)).toEqual({ key: 'YP-CB-001', figure: 'closureRate' });
    expect(figureAt(roll(), options, 7, 8)).toEqual({ key: 'YP-WJC', figure: 'responseRate' });
    expect(figureAt(roll(), options, 11, 2)).toBeNull();
    expect(figureAt(roll(), options, 8, 10)).toBeNull();
  });

  it('writes a figure’s explanation sheet and links the figure to it', async () => {
    const excel = new FakeExcel([{ name: 'Sheet1', values: [] }]);
    await writeRoll(excel.context, roll(), options);
    const explanation: Explanation = {
      year: 2026,
      of: 'units',
      unit: 'YP',
      key: 'YP-CB-001',
      name: '长白一村',
      figure: 'closureRate',
      value: 0.5,
      cases: [
        {
          caseNo: 'R-1',
          unit: 'YP-CB-001',
          area: 'YP-CB-001',
          receivedOn: '2026-03-02',
          replyDue: '2026-03-09',
          resolutionDue: '2026-04-01',
          dueAgain: null,
          repliedOn: '2026-03-05',
          resolvedOn: '2026-03-20',
          satisfaction: null,
          firstReceiver: '李敏',
          handler: null,
          counted: 1,
          met: 1,
          outcome: '已办结',
        },
        {
          caseNo: 'R-2',
          unit: 'YP-CB-001',
          area: 'YP-CB-001',
          receivedOn: '2026-03-02',
          replyDue: '2026-03-09',
          resolutionDue: '2026-04-01',
          dueAgain: null,
          repliedOn: null,
          resolvedOn: null,
          satisfaction: null,
          firstReceiver: '李敏',
          handler: null,
          counted: 1,
          met: 0,
          outcome: '未办结',
        },
      ],
      evaluations: [],
      groups: [],
      periods: [],
    };
    const name = await writeExplanation(excel.context, explanation, roll(), options);
    expect(name).toBe(explanationSheetName('YP-CB-001', 'closureRate'));
    expect(excel.values(name, 'A1')).toEqual([
      ['2026 年度考核 · YP-CB-001 长白一村 · 办结率 50.0%'],
    ]);
    expect(excel.values(name, 'A4:A6')).toEqual([['编号'], ['R-1'], ['R-2']]);
    expect(excel.values(name, 'N6')).toEqual([['未办结']]);
    expect(excel.values(name, 'A10')).toEqual([['办结率 = 达标 1 / 计入 2 = 50.0%']]);
    expect(excel.sheet(SHEET).cells.get('J11')?.link).toBe(`'${name}'!A1`);
  });
});
