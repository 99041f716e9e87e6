import { describe, expect, it } from 'vitest';
import { readOrgFile } from '../../cli/org.ts';
import { type Cell, convertSheet } from './index.ts';
import { nonRecordReason } from './skip.ts';

const org = readOrgFile();
const ctx = { org, unit: 'YP-CB', asOf: '2026-11-16' };

describe('rows that are not records', () => {
  it.each<[string, Cell[]]>([
    ['a bare total', ['合计', '', '', '']],
    ['a total inside a longer label, a count beside it', ['上半年小计', '共41件', '', '']],
    ['a monthly total with numbers beside it', ['', '本月合计', 12, 3, '95%']],
    ['a total with its count in the same cell', ['合 计：41件', '', '—', '']],
    ['a total with its count in brackets', ['上理居民区小计（3户）', '', '', '']],
    ['a grand total written with a space in it', ['总　计', '', '5户', '']],
  ])('skips %s as a totals row', (_, cells) => {
    expect(nonRecordReason(cells)).toBe('TOTALS_ROW');
  });

  it.each<[string, Cell[]]>([
    ['a sign-off with a full-width colon', ['填表人：李四', '', '', '']],
    ['a sign-off with an ASCII colon, not in the first column', ['', '', '制表人: 张三', '']],
    ['a date of filing last in the row', ['', '', '', '填报日期：2026年6月30日']],
    ['several sign-offs in one cell', ['建档人：周敏　　审核：陈刚　　填报日期：2026-06-30', '']],
    ['sign-offs spread over the row', ['记录人：沈国平', '', '审核人：王五', '负责人:李强']],
    ['a sign-off whose name is in the next cell', ['审核人：', '王五', '', '填报日期：', 46203]],
    ['a sign-off left unsigned', ['', '负责人：', '', '']],
    ['a sign-off word alone, the name beside it', ['填表人', '李四', '审核', '王五']],
    ['a note under the table', ['注：本表一式两份', '', '', '']],
  ])('skips %s as a footer', (_, cells) => {
    expect(nonRecordReason(cells)).toBe('FOOTER_ROW');
  });

  it.each<[string, Cell[]]>([
    ['a summary that speaks of a total', ['CB-1', '2026-03-05', '王阿姨', '物业费合计多收200元']],
    ['a summary that is only a short label', ['CB-2', '2026-03-05', '王阿姨', '水费合计']],
    ['a summary that starts like a sign-off', ['CB-3', '2026-03-05', '王阿姨', '负责人：张三']],
    ['a total sentence in prose', ['本月合计，居民反映水费偏高', '', '', '']],
    ['a sign-off followed by a sentence', ['审核人：王五说下周答复，请居民等待', '', '', '']],
  ])('keeps %s as a record', (_, cells) => {
    expect(nonRecordReason(cells)).toBeNull();
  });

  it('calls a row of empty and whitespace cells blank', () => {
    expect(nonRecordReason(['', '  ', null, '\u3000'])).toBe('BLANK_ROW');
  });
});

describe('layouts with totals and footers in several forms', () => {
  it('reads a case ledger with a two-row header under merged groups', () => {
    const values: Cell[][] = [
      ['长白新村街道一事一表（2026年上半年）', '', '', '', '', '', '', ''],
      ['', '', '反映人', '', '', '办理情况', '', ''],
      ['编号', '受理日期', '姓名', '电话', '诉求内容', '状态', '首问责任人', '承办单位'],
      [
        'CB-1',
        '2026-03-05',
        '王阿姨',
        '13912345678',
        '物业费合计多收200元，要求退还',
        '办理中',
        '陆建华',
        '',
      ],
      ['CB-2', '2026/3/9', '赵伯伯', '', '申请核对本月合计水费', '已受理', '陆建华', ''],
      ['本月合计', '', '共2件', '', '', '', '', ''],
      ['CB-3', '2026.4.1', '钱阿姨', '', '楼道灯坏', '已受理', '陆建华', ''],
      ['', '上半年小计', '', '3', '', '', '', ''],
      ['填表人：李四　　审核人：王五', '', '', '', '', '', '', '填报日期：2026年6月30日'],
    ];
    const merges = [
      { row: 1, column: 1, rowCount: 1, columnCount: 8 },
      { row: 2, column: 3, rowCount: 1, columnCount: 2 },
      { row: 2, column: 6, rowCount: 1, columnCount: 3 },
      { row: 6, column: 1, rowCount: 1, columnCount: 2 },
    ];
    const result = convertSheet({ values, merges }, ctx);
    expect(result).toMatchObject({ kind: 'case', headerRow: 3, titleYear: 2026 });
    expect(result.ignoredRows).toEqual([
      { row: 6, reason: 'TOTALS_ROW' },
      { row: 8, reason: 'TOTALS_ROW' },
      { row: 9, reason: 'FOOTER_ROW' },
    ]);
    expect(result.rows.map((r) => [r.row, r.values.summary])).toEqual([
      [4, '物业费合计多收200元，要求退还'],
      [5, '申请核对本月合计水费'],
      [7, '楼道灯坏'],
    ]);
    expect(result.rows.map((r) => r.errors)).toEqual([[], [], []]);
  });

  it('reads a household ledger whose areas are merged down over their blocks', () => {
    const values: Cell[][] = [
      ['长白新村街道民情档案（2026年）', '', '', '', '', ''],
      ['居民区', '户编号', '户主姓名', '地址', '家庭人口', '主要困难与诉求'],
      ['上理', 'H-1', '周桂兰', '长白路1号', 3, '两个孩子学费合计1万元，申请助学'],
      ['', 'H-2', '吴建国', '长白路3号', 2, ''],
      ['上理居民区小计', '', '', '', '5人', ''],
      ['太丁', 'H-3', '孙秀英', '安波路9号', 1, '独居，需要定期探望'],
      ['太丁居民区小计（1户）', '', '', '', 1, ''],
      ['总计', '3户', '', '', '6人', ''],
      ['建档人：周敏', '', '审核：陈刚', '', '', '填报日期：2026-06-30'],
    ];
    const merges = [
      { row: 3, column: 1, rowCount: 2, columnCount: 1 },
      { row: 5, column: 1, rowCount: 1, columnCount: 4 },
    ];
    const result = convertSheet({ values, merges }, ctx);
    expect(result.kind).toBe('household');
    expect(result.ignoredRows).toEqual([
      { row: 5, reason: 'TOTALS_ROW' },
      { row: 7, reason: 'TOTALS_ROW' },
      { row: 8, reason: 'TOTALS_ROW' },
      { row: 9, reason: 'FOOTER_ROW' },
    ]);
    expect(result.rows.map((r) => [r.row, r.values.householdNo, r.values.area])).toEqual([
      [3, 'H-1', 'YP-CB-003'],
      [4, 'H-2', 'YP-CB-003'],
      [6, 'H-3', 'YP-CB-004'],
    ]);
    expect(result.rows[0]!.values.needs).toBe('两个孩子学费合计1万元，申请助学');
    expect(result.rows.map((r) => r.errors)).toEqual([[], [], []]);
  });

  it('reads a visit diary with its header on row 4 and footer lines under it', () => {
    const values: Cell[][] = [
      ['民情日记', '', '', '', ''],
      ['填报单位：长白新村街道', '', '', '', ''],
      ['2026年5月', '', '', '', ''],
      ['走访日期', '走访干部', '居民区', '走访对象', '走访内容'],
      ['5月6日', '沈国平', '太丁', '孙秀英', '走访时与居民核对本月合计用水量'],
      ['5月8日', '沈国平', '上理', '周桂兰', '了解助学申请，审核人：街道民政科'],
      ['本月合计：2次', '', '', '', ''],
      ['', '', '', '', ''],
      ['记录人：沈国平', '', '审核人：', '王五', ''],
      ['负责人:李强', '', '', '', '填报日期：2026.5.31'],
    ];
    const result = convertSheet({ values }, ctx);
    expect(result).toMatchObject({ kind: 'visit', headerRow: 4, titleYear: 2026 });
    expect(result.ignoredRows).toEqual([
      { row: 7, reason: 'TOTALS_ROW' },
      { row: 8, reason: 'BLANK_ROW' },
      { row: 9, reason: 'FOOTER_ROW' },
      { row: 10, reason: 'FOOTER_ROW' },
    ]);
    expect(result.rows.map((r) => [r.row, r.values.visitOn, r.values.content])).toEqual([
      [5, '2026-05-06', '走访时与居民核对本月合计用水量'],
      [6, '2026-05-08', '了解助学申请，审核人：街道民政科'],
    ]);
    expect(result.rows.map((r) => r.errors)).toEqual([[], []]);
  });
});
