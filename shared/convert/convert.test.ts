import { describe, expect, it } from 'vitest';
import { readOrgFile } from '../../cli/org.ts';
import { type Cell, ConvertError, convertSheet, isDateFormat } from './index.ts';

const org = readOrgFile();
const ctx = { org, unit: 'YP-CB', asOf: '2026-11-16' };

/** A case ledger written with other synonyms, another column order and an extra column. */
function otherCaseSheet(): Cell[][] {
  return [
    ['', '', '', '', '', '', '', '', ''],
    ['2025年 太丁居民区 群众来访登记表', '', '', '', '', '', '', '', ''],
    [
      '登记号',
      '诉求人',
      '来访\n日期',
      '联系方式',
      '类别',
      '主要内容',
      '接待人',
      '经办人签名',
      '办理情况',
    ],
    ['T-1', '王阿姨', '3月2日', '13912345678', '帮困', '申请低保', '李四', '张三', '登记'],
    ['T-2', '匿名', '2025/4/1', '', '矛盾纠纷', '楼上漏水', '李四', '', '已解决'],
    [
      '登记号',
      '诉求人',
      '来访日期',
      '联系方式',
      '类别',
      '主要内容',
      '接待人',
      '经办人签名',
      '办理情况',
    ],
    ['T-3', '赵伯伯', 45800, '021 6501 2345', '其他', '路灯不亮', '李四', '', '处理中'],
    ['小计', '3件', '', '', '', '', '', '', ''],
    ['填表人：李四', '', '', '', '', '', '', '', ''],
  ];
}

describe('convertSheet on ledgers other than the samples', () => {
  it('maps synonyms in any order, reports extra columns and keeps them out', () => {
    const result = convertSheet({ values: otherCaseSheet() }, { ...ctx, unit: 'YP-CB-004' });
    expect(result.kind).toBe('case');
    expect(result.headerRow).toBe(3);
    expect(result.titleYear).toBe(2025);
    expect(result.titleUnit).toBe('YP-CB-004');
    expect(result.unknownColumns).toEqual(['经办人签名']);
    expect(result.columns.find((c) => c.letter === 'C')).toMatchObject({
      field: 'receivedOn',
      by: 'synonym',
    });
    expect(result.rows[0]!.values).toMatchObject({
      caseNo: 'T-1',
      reporterName: '王阿姨',
      receivedOn: '2025-03-02',
      category: '社会救助',
      status: '已受理',
      satisfaction: '未评价',
    });
    expect(result.rows[0]!.values).not.toHaveProperty('经办人签名');
  });

  it('skips a repeated header, a subtotal and a footer, each with its reason', () => {
    const result = convertSheet({ values: otherCaseSheet() }, { ...ctx, unit: 'YP-CB-004' });
    expect(result.ignoredRows).toEqual([
      { row: 6, reason: 'HEADER_ROW' },
      { row: 8, reason: 'TOTALS_ROW' },
      { row: 9, reason: 'FOOTER_ROW' },
    ]);
    expect(result.rows.map((r) => r.row)).toEqual([4, 5, 7]);
  });

  it('applies cross-field rules and keeps what the clerk typed for every field', () => {
    const result = convertSheet({ values: otherCaseSheet() }, { ...ctx, unit: 'YP-CB-004' });
    const resolved = result.rows[1]!;
    expect(resolved.errors.map((e) => [e.field, e.code])).toEqual([
      ['resolvedOn', 'RESOLVED_WITHOUT_DATE'],
      ['result', 'RESOLVED_WITHOUT_RESULT'],
    ]);
    expect(resolved.original.status).toBe('已解决');
    expect(result.rows[2]!.values.receivedOn).toBe('2025-05-23');
    expect(result.rows[2]!.values.reporterPhone).toBe('021-65012345');
  });

  it('names all missing required columns in one sheet error instead of an error per row', () => {
    const values = otherCaseSheet().map((row) => row.filter((_, c) => c !== 6 && c !== 5));
    const result = convertSheet({ values }, { ...ctx, unit: 'YP-CB-004' });
    expect(result.missingColumns).toEqual(['诉求内容', '首问责任人']);
    expect(result.sheetErrors).toEqual([
      expect.objectContaining({
        code: 'MISSING_COLUMNS',
        message: expect.stringContaining('诉求内容、首问责任人'),
      }),
    ]);
    expect(result.rows[0]!.errors).toEqual([]);
  });

  it('lets the clerk correct a column mapping the converter could not make', () => {
    const values = otherCaseSheet();
    values[2]![7] = '主办';
    values[3]![7] = '区民政局';
    const withoutFix = convertSheet({ values }, { ...ctx, unit: 'YP-CB-004' });
    expect(withoutFix.unknownColumns).toContain('主办');
    const fixed = convertSheet(
      { values },
      { ...ctx, unit: 'YP-CB-004', columns: { H: 'assignee', E: null } },
    );
    expect(fixed.columns.find((c) => c.letter === 'H')).toMatchObject({
      field: 'assignee',
      by: 'override',
    });
    // 承办单位 written by name is stored as the department's code.
    expect(fixed.rows[0]!.values).toMatchObject({ assignee: 'YP-D-MZ', category: null });
  });

  it('reads the dispatch columns (定人定时定方案) under their paper-form names', () => {
    const values: Cell[][] = [
      [
        '编号',
        '受理日期',
        '反映人',
        '诉求内容',
        '首问责任人',
        '责任单位',
        '交办日期',
        '责任人',
        '处理方案',
      ],
      [
        'T-9',
        '2026/3/2',
        '王阿姨',
        '楼道漏水',
        '李四',
        '区房管局',
        '2026.3.4',
        '张伟',
        '三日内维修',
      ],
    ];
    const result = convertSheet({ values }, { ...ctx, unit: 'YP-CB-004' });
    expect(result.unknownColumns).toEqual([]);
    expect(result.rows[0]!.errors).toEqual([]);
    expect(result.rows[0]!.values).toMatchObject({
      assignee: 'YP-D-FG',
      dispatchedOn: '2026-03-04',
      handler: '张伟',
      plan: '三日内维修',
    });
  });

  it('applies corrections remembered by header, unless the sheet is corrected again', () => {
    const values = otherCaseSheet();
    values[2]![7] = '主 办';
    values[3]![7] = '区民政局';
    const remembered = { case: { 主办: 'assignee', 类别: null }, household: { 登记号: null } };
    const result = convertSheet({ values }, { ...ctx, unit: 'YP-CB-004', remembered });
    expect(result.columns.filter((c) => c.by === 'remembered')).toEqual([
      { letter: 'E', header: '类别', field: null, by: 'remembered' },
      { letter: 'H', header: '主 办', field: 'assignee', by: 'remembered' },
    ]);
    expect(result.rows[0]!.values).toMatchObject({ caseNo: 'T-1', assignee: 'YP-D-MZ' });
    const corrected = convertSheet(
      { values },
      { ...ctx, unit: 'YP-CB-004', remembered, columns: { H: null } },
    );
    expect(corrected.columns.find((c) => c.letter === 'H')).toMatchObject({
      field: null,
      by: 'override',
    });
  });

  it('ignores a remembered field the ledger no longer has, or a header named like a built-in', () => {
    const remembered = { case: { 经办人签名: 'signature', constructor: 'assignee' } };
    const result = convertSheet(
      { values: otherCaseSheet() },
      { ...ctx, unit: 'YP-CB-004', remembered },
    );
    expect(result.columns.find((c) => c.letter === 'H')).toMatchObject({ field: null, by: 'none' });
    expect(result.unknownColumns).toEqual(['经办人签名']);
  });

  it('reads a two-row header whose group row names the field together with the column', () => {
    const values: Cell[][] = [
      ['民情档案', '', '', '', ''],
      ['', '户主', '', '家庭', ''],
      ['档案号', '姓名', '电话', '住址', '人口'],
      ['H-1', '周桂兰', '65012345', '长白路1号', '3人'],
    ];
    const merges = [
      { row: 2, column: 2, rowCount: 1, columnCount: 2 },
      { row: 2, column: 4, rowCount: 1, columnCount: 2 },
    ];
    const result = convertSheet({ values, merges }, { ...ctx, unit: 'YP-CB-003' });
    expect(result.kind).toBe('household');
    expect(result.headerRow).toBe(3);
    expect(result.rows[0]!.values).toMatchObject({
      householdNo: 'H-1',
      headName: '周桂兰',
      phone: '021-65012345',
      address: '长白路1号',
      members: 3,
    });
  });

  it('repeats a value merged down over several records into each of them', () => {
    const values: Cell[][] = [
      ['走访日期', '走访干部', '居民区', '走访内容'],
      ['2026-05-01', '沈国平', '太丁', '走访困难户'],
      ['2026-05-02', '', '', '宣传政策'],
    ];
    const merges = [
      { row: 2, column: 2, rowCount: 2, columnCount: 1 },
      { row: 2, column: 3, rowCount: 2, columnCount: 1 },
    ];
    const result = convertSheet({ values, merges }, ctx);
    expect(result.kind).toBe('visit');
    expect(result.rows[1]!.values).toMatchObject({ cadre: '沈国平', area: 'YP-CB-004' });
  });

  it('reads a number in a date-formatted cell as a date serial', () => {
    const values: Cell[][] = [
      ['编号', '受理日期', '反映人', '诉求内容', '首问责任人'],
      ['A-1', 46000, '王', '路灯', '李'],
    ];
    const numberFormat = [
      ['General', 'General', 'General', 'General', 'General'],
      ['General', 'yyyy"年"m"月"d"日"', 'General', 'General', 'General'],
    ];
    const result = convertSheet({ values, numberFormat }, ctx);
    expect(result.rows[0]!.values.receivedOn).toBe('2025-12-09');
    expect(isDateFormat('[$-804]yyyy"年"m"月"d"日";@')).toBe(true);
    expect(isDateFormat('0.00')).toBe(false);
  });

  it('reads a landline a number cell lost its zero from, with the district area code', () => {
    const values: Cell[][] = [
      ['编号', '受理日期', '反映人', '联系电话', '诉求内容', '首问责任人'],
      ['A-1', '2026-03-05', '王', 2165432100, '路灯', '李'],
      ['A-2', '2026-03-05', '张', '2165432100', '路灯', '李'],
      ['A-3', '2026-03-05', '赵', 1012345678, '路灯', '李'],
      ['A-4', '3/5', '钱', 13912345678, '路灯', '李'],
    ];
    const result = convertSheet({ values }, ctx);
    const outcome = result.rows.map((r) => [r.values.reporterPhone, r.errors.map((e) => e.code)]);
    expect(outcome).toEqual([
      ['021-65432100', []],
      [null, ['BAD_PHONE']],
      [null, ['BAD_PHONE']],
      ['13912345678', ['AMBIGUOUS_DATE']],
    ]);
    expect(result.rows[3]!.errors[0]!.message).toContain('「3/5」');
    // Another district's own code is the one put back.
    const hohhot = convertSheet({ values }, { ...ctx, areaCode: '0471' });
    expect(hohhot.rows[0]!.errors.map((e) => e.code)).toEqual(['BAD_PHONE']);
  });

  it('flags a duplicate case number on the later row, naming the first', () => {
    const values: Cell[][] = [
      ['编号', '受理日期', '反映人', '诉求内容', '首问责任人'],
      ['A-1', '2026-01-02', '王', '路灯', '李'],
      ['A-1', '2026-01-03', '张', '漏水', '李'],
    ];
    const result = convertSheet({ values }, ctx);
    expect(result.rows[0]!.errors).toEqual([]);
    expect(result.rows[1]!.errors).toEqual([
      { field: 'caseNo', code: 'DUPLICATE', message: '「编号」A-1 与第 2 行重复' },
    ]);
  });

  it('speaks English when asked', () => {
    const values: Cell[][] = [
      ['编号', '受理日期', '反映人', '诉求内容', '首问责任人'],
      ['A-1', '26.1.2', '王', '路灯', '李'],
    ];
    const result = convertSheet({ values }, { ...ctx, locale: 'en' });
    expect(result.rows[0]!.errors[0]!.message).toBe(
      '"Received on": "26.1.2" is ambiguous (two-digit year, day-first order, or month and day only); write the full year first, e.g. 2026-03-05',
    );
  });

  it('recognises a cadre register (干部名册) by the words of a paper roster', () => {
    const sheet: Cell[][] = [
      ['杨浦区干部名册（2026年）', '', '', '', '', ''],
      ['工号', '干部姓名', '工作单位', '现任职务', '级别', '定点联系居民区'],
      ['C001', '王建华', '长白新村街道', '副主任', '副处', '长白一村'],
      ['C002', '李敏', '区民政局', '局长', '正局', ''],
      ['C003', '赵强', '区民政局', '科员', '厅级', ''],
    ];
    const result = convertSheet({ values: sheet }, { ...ctx, unit: 'YP' });
    expect(result.kind).toBe('cadre');
    expect(result.rows[0]!.values).toMatchObject({
      cadreNo: 'C001',
      name: '王建华',
      unit: 'YP-CB',
      post: '副主任',
      rank: '处级',
      contactArea: 'YP-CB-001',
    });
    expect(result.rows[1]!.values).toMatchObject({
      unit: 'YP-D-MZ',
      rank: '局级',
      contactArea: null,
    });
    // A rank the register does not know is an error naming the allowed ranks.
    expect(result.rows[2]!.errors.map((e) => e.field)).toEqual(['rank']);
  });

  it('refuses a sheet that is not a ledger', () => {
    expect(() =>
      convertSheet(
        {
          values: [
            ['姓名', '年龄'],
            ['王', 3],
          ],
        },
        ctx,
      ),
    ).toThrow(ConvertError);
  });

  it('honours the overrides for header row, kind and title year, and an offset range', () => {
    const values: Cell[][] = [
      ['编号', '日期', '姓名', '情况', '受理人'],
      ['A-1', '1月2日', '王', '路灯', '李'],
    ];
    const result = convertSheet(
      { values },
      { ...ctx, headerRow: 5, kind: 'case', titleYear: 2024, firstRow: 5, firstColumn: 2 },
    );
    expect(result.headerRow).toBe(5);
    expect(result.columns[0]!.letter).toBe('B');
    expect(result.rows[0]).toMatchObject({ row: 6, values: { receivedOn: '2024-01-02' } });
  });
});
