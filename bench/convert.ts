/**
 * Conversion of a generated 50,000-row messy case ledger (title rows, synonyms, hand-written
 * dates, phones with spaces, spacer rows, a totals row) in `Range.values` form, timed against the
 * floor for this work in the same run: a plain pass over the same cells that reads each cell of
 * the record rows and builds the record object, without normalising anything. Goals: within 4×
 * that pass (a ratio holds on any machine, where a rate in rows/s does not), peak heap < 5× the
 * input's size.
 */
import { readOrgFile } from '../cli/org.ts';
import {
  type Cell,
  type ConvertResult,
  columnIndex,
  convertSheet,
} from '../shared/convert/index.ts';
import { type BenchRow, heapNow } from './table.ts';

const HEADER = [
  '编号',
  '受理\n日期',
  '反映渠道',
  '反映人',
  '联系电话',
  '地址',
  '居民区',
  '问题类别',
  '诉求内容',
  '首问\n责任人',
  '承办单位',
  '办理状态',
  '答复日期',
  '办结日期',
  '办理结果',
  '群众签字',
  '回访日期',
  '满意度',
  '备注',
];
const DATES = ['2026.3.5', '2026年3月5日', '20260305', 46086, '2026/3/5', '3月5日', '2026-03-05'];
const PHONES = ['139 1234 5678', '+86 13912345678', '021 6501 2345', '65012345', '13912345678'];
const CHANNELS = ['上门 ', '　电话', '书记信箱', '连心卡', '来访', '网络'];
const AREAS = ['长白一村', 'YP-CB-002', '上理居民区', '太丁', '长白228街坊居民区'];
const CATEGORIES = [' 环境卫生', '帮困', '动拆迁', '社保 ', '治安与纠纷', '产业发展'];

/** A messy case ledger of `n` record rows (every 500th row a spacer, a totals row at the end). */
export function messyCaseSheet(n: number): Cell[][] {
  const values: Cell[][] = [
    ['长白新村街道“一线工作法”一事一表登记台账（2026年）', ...Array(18).fill('')],
    ['填报单位：长白新村街道办事处', ...Array(18).fill('')],
    HEADER,
  ];
  for (let i = 0; i < n; i++) {
    if (i > 0 && i % 500 === 0) values.push(Array(19).fill(''));
    const done = i % 3 === 0;
    values.push([
      `CB-${i}`,
      DATES[i % DATES.length]!,
      CHANNELS[i % CHANNELS.length]!,
      '王秀英',
      PHONES[i % PHONES.length]!,
      `长白路${i % 900}弄${i % 60}号`,
      AREAS[i % AREAS.length]!,
      CATEGORIES[i % CATEGORIES.length]!,
      '楼道电线老化存在安全隐患',
      '陆建华',
      '',
      done ? ' 完成' : '正在办理 ',
      done ? '2026.3.6' : '',
      done ? 46090 : '',
      done ? '已协调相关部门处理完毕' : '',
      done ? '√' : '',
      done ? '2026/3/12' : '',
      done ? ' 很满意' : '未评',
      i % 97 === 0 ? '电话 021 6501 2345 转 8' : '',
    ]);
  }
  values.push(['合计', `共${n}件`, ...Array(17).fill('')]);
  return values;
}

/** The floor: each record row's cells read into a record object by field, nothing normalised. */
export function plainPass(values: readonly Cell[][], layout: ConvertResult) {
  const fields = layout.columns
    .filter((c) => c.field !== null)
    .map((c) => ({ field: c.field!, index: columnIndex(c.letter) - 1 }));
  const records: { row: number; values: Record<string, unknown> }[] = [];
  for (let r = layout.headerRow; r < values.length; r++) {
    const cells = values[r]!;
    const record: Record<string, unknown> = {};
    for (const { field, index } of fields) record[field] = cells[index] ?? '';
    records.push({ row: r + 1, values: record });
  }
  return records;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function benchConvert(rows = 50_000): Promise<BenchRow[]> {
  const org = readOrgFile();
  const ctx = { org, unit: 'YP-CB', asOf: '2026-11-16' };
  const warm = messyCaseSheet(2_000);
  plainPass(warm, convertSheet({ values: warm }, ctx)); // warm up the JIT

  const before = heapNow();
  const values = messyCaseSheet(rows);
  const inputBytes = heapNow() - before;
  const baseline = process.memoryUsage();
  // The first run, cold, gives the peak heap; the times are medians of five runs after it, the
  // conversion and the plain pass alternating (steady state, as a clerk converting sheet after
  // sheet sees it).
  const result = convertSheet({ values }, ctx);
  const after = process.memoryUsage();
  const times: number[] = [];
  const plainTimes: number[] = [];
  for (let i = 0; i < 5; i++) {
    let start = performance.now();
    convertSheet({ values }, ctx);
    times.push((performance.now() - start) / 1000);
    heapNow();
    start = performance.now();
    plainPass(values, result);
    plainTimes.push((performance.now() - start) / 1000);
    heapNow();
  }
  const seconds = median(times);
  const plain = median(plainTimes);
  // heapTotal only grows while the conversion runs, so its growth bounds the peak from above.
  const peak = Math.max(after.heapTotal - baseline.heapTotal, after.heapUsed - baseline.heapUsed);
  const rate = result.rows.length / seconds;
  const heapRatio = peak / inputBytes;
  return [
    {
      name: `conversion, ${rows.toLocaleString('en')} messy case rows`,
      figure: `${(seconds * 1000).toFixed(0)} ms, ${Math.round(rate).toLocaleString('en')} rows/s (median of 5)`,
      reference: `plain pass over the same cells: ${(plain * 1000).toFixed(0)} ms`,
      ratio: seconds / plain,
      goal: '≤ 4× the plain pass',
      met: seconds / plain <= 4,
    },
    {
      name: 'conversion peak heap',
      figure: `${(peak / 2 ** 20).toFixed(1)} MiB`,
      reference: `input ${(inputBytes / 2 ** 20).toFixed(1)} MiB`,
      ratio: heapRatio,
      goal: '< 5× input',
      met: heapRatio < 5,
    },
  ];
}
