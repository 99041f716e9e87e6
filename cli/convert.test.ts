import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-in-process.ts';

const SAMPLES = path.resolve(import.meta.dirname, '../../shared/samples');
const CHANGBAI = ['--unit', 'YP-CB', '--as-of', '2026-11-16'];

const cli = (...argv: string[]) => runCli(argv);

describe('minqing convert', () => {
  it('prints exactly the JSON contract and exits 1 when a row has an error', async () => {
    const file = path.join(SAMPLES, 'changbai-cases-2026.xlsx');
    const { code, stdout } = await cli('convert', file, ...CHANGBAI, '--json');
    expect(code).toBe(1);
    const json = JSON.parse(stdout);
    expect(Object.keys(json)).toEqual([
      'kind',
      'headerRow',
      'titleYear',
      'rows',
      'ignoredRows',
      'unknownColumns',
    ]);
    expect(json).toMatchObject({ kind: 'case', headerRow: 3, titleYear: 2026, unknownColumns: [] });
    expect(json.ignoredRows).toEqual([
      { row: 22, reason: 'BLANK_ROW' },
      { row: 47, reason: 'BLANK_ROW' },
      { row: 66, reason: 'TOTALS_ROW' },
    ]);
    expect(Object.keys(json.rows[0])).toEqual(['row', 'values', 'errors']);
    expect(json.rows[0].values).toMatchObject({
      caseNo: 'CB-001',
      receivedOn: '2026-08-22',
      area: 'YP-CB-005',
    });
    expect(json.rows.find((r: { row: number }) => r.row === 18).errors).toEqual([
      expect.objectContaining({ field: 'reporterPhone', code: 'BAD_PHONE' }),
    ]);
  });

  it('prints a summary a person reads, each error by row in Chinese', async () => {
    const file = path.join(SAMPLES, 'changbai-cases-2026.xlsx');
    const { stdout } = await cli('convert', file, '--unit', 'YP-CB', '--as-of', '2026-11-16');
    expect(stdout).toContain('记录 60 行：合格 51 行，有错 9 行；跳过 3 行');
    expect(stdout).toContain('跳过第 66 行：合计行，不是记录');
    expect(stdout).toContain(
      '第 38 行 「居民区」的「国定一居民区」不属于填报单位 长白新村街道（YP-CB）',
    );
  });

  it('prints the same summary in English with --lang en', async () => {
    const file = path.join(SAMPLES, 'changbai-cases-2026.xlsx');
    const { stdout } = await cli('convert', file, ...CHANGBAI, '--lang', 'en');
    const lines = stdout.split('\n');
    expect(lines[0]).toMatch(/^changbai-cases-2026\.xlsx: .+, header on row \d+/);
    expect(lines[1]).toBe('60 record rows: 51 good, 9 with errors; 3 skipped');
    expect(stdout).toContain('  skipped row 66: ');
    expect(stdout).toContain('row 38: ');
  });

  it('exits 0 for a ledger without errors', async () => {
    const file = path.join(SAMPLES, 'changbai-visits-2026.xlsx');
    const { code } = await cli('convert', file, ...CHANGBAI, '--json');
    expect(code).toBe(0);
  });

  it.each([
    [['convert', 'missing.xlsx', '--unit', 'YP-CB'], '找不到文件'],
    [['convert', path.join(SAMPLES, 'org.csv'), '--unit', 'YP-CB'], '不是电子表格'],
    [['convert', path.join(SAMPLES, 'changbai-cases-2026.xlsx')], '缺少 --unit'],
    [
      ['convert', path.join(SAMPLES, 'changbai-cases-2026.xlsx'), '--unit', 'XX'],
      '没有单位代码 XX',
    ],
    [
      [
        'convert',
        path.join(SAMPLES, 'changbai-cases-2026.xlsx'),
        '--unit',
        'YP-CB',
        '--as-of',
        '16/11/2026',
      ],
      'YYYY-MM-DD',
    ],
    [['convert', '--bogus'], 'bogus'],
    [['nonsense'], '未知命令'],
  ])('exits 2 with a message on stderr for %j', async (argv, text) => {
    const { code, stderr } = await cli(...argv);
    expect(code).toBe(2);
    expect(stderr).toContain(text);
  });
});
