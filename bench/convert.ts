/**
 * Conversion throughput on a generated 50,000-row messy case ledger (title rows, synonyms,
 * hand-written dates, phones with spaces, spacer rows, a totals row) in `Range.values` form.
 * Goal (issue 3): ≥ 250,000 rows/s on one core, peak heap < 5× the input's size.
 */
import { loadOrg } from '../cli/org.ts';
import { type Cell, convertSheet } from '../shared/convert/index.ts';
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

export async function benchConvert(rows = 50_000): Promise<BenchRow[]> {
  const org = loadOrg();
  const ctx = { org, unit: 'YP-CB', asOf: '2026-11-16' };
  convertSheet({ values: messyCaseSheet(2_000) }, ctx); // warm up the JIT

  const before = heapNow();
  const values = messyCaseSheet(rows);
  const inputBytes = heapNow() - before;
  const baseline = process.memoryUsage();
  // The first run, cold, gives the peak heap; the throughput is the median of five runs after it
  // (steady state, as a clerk converting sheet after sheet sees it).
  let start = performance.now();
  const result = convertSheet({ values }, ctx);
  const after = process.memoryUsage();
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    start = performance.now();
    convertSheet({ values }, ctx);
    times.push((performance.now() - start) / 1000);
  }
  const seconds = times.sort((a, b) => a - b)[2]!;
  // heapTotal only grows while the conversion runs, so its growth bounds the peak from above.
  const peak = Math.max(after.heapTotal - baseline.heapTotal, after.heapUsed - baseline.heapUsed);
  const rate = result.rows.length / seconds;
  const heapRatio = peak / inputBytes;
  return [
    {
      name: `conversion, ${rows.toLocaleString('en')} messy case rows`,
      figure: `${Math.round(rate).toLocaleString('en')} rows/s (${seconds.toFixed(2)} s, median of 5)`,
      reference: 'goal 250,000 rows/s',
      ratio: rate / 250_000,
      goal: '≥ 250,000 rows/s',
      met: rate >= 250_000,
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
