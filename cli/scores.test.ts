import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluationScore, type ScoredEvaluation } from '../shared/scores.ts';
import { DEFAULT_SETTINGS } from '../shared/settings.ts';
import { runCli } from './run-in-process.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'minqing-scores-'));
function file(name: string, content: unknown): string {
  const target = path.join(dir, name);
  writeFileSync(target, typeof content === 'string' ? content : JSON.stringify(content));
  return target;
}

const cli = (...argv: string[]) => runCli(argv);

const record = (caseNo: string, more: Record<string, unknown>) => ({
  caseNo,
  receivedOn: '2026-03-02', // reply due 03-09, resolution due 04-01
  area: 'YP-CB-001',
  firstReceiver: '王建华',
  assignee: null,
  repliedOn: null,
  resolvedOn: null,
  satisfaction: '未评价',
  ...more,
});
const cases = file('cases.json', {
  kind: 'case', // other top-level keys are ignored
  cases: [
    record('1', { repliedOn: '2026-03-05', resolvedOn: '2026-03-20', satisfaction: '满意' }),
    record('2', {
      repliedOn: '2026-03-12',
      resolvedOn: '2026-04-05',
      satisfaction: '基本满意',
      area: 'YP-CB-002',
      firstReceiver: '李秀英',
    }),
    record('3', { receivedOn: '2026-05-11', area: 'YP-CB-002', firstReceiver: '李秀英' }),
  ],
});
const AS_OF = ['--cases', cases, '--as-of', '2026-05-12'];

describe('minqing scores', () => {
  it('prints the figures object as JSON', async () => {
    const { code, stdout } = await cli('scores', ...AS_OF, '--json');
    expect(code).toBe(0);
    // Reply 1/2 (case 3 not due), on time 1/2, closed 2/3, satisfied 2/2:
    // composite 100 × (0.05 + 0.225 + 0.45) = 72.5.
    expect(JSON.parse(stdout)).toEqual({
      intake: 3,
      responseRate: 0.5,
      onTimeResolutionRate: 0.5,
      closureRate: 0.6667,
      satisfactionRate: 1,
      composite: 72.5,
      grade: '合格',
      // As GET /api/scores: the evaluation figures stand beside, empty without evaluations.
      evaluationScore: null,
      veto: false,
    });
  });

  it('applies the evaluations of the cases file as GET /api/scores does: a veto zeroes a unit', async () => {
    const rated = file('rated.json', {
      cases: JSON.parse(readFileSync(cases, 'utf8')).cases,
      evaluations: [
        {
          period: '2026',
          subjectKind: '单位',
          subject: 'YP-CB-002',
          evaluatorGroup: '群众',
          attendance: 90,
          spirit: 70,
          overall: '不满意',
        },
        {
          period: '2026',
          subjectKind: '单位',
          subject: 'YP-CB-001',
          evaluatorGroup: '群众',
          overall: '满意',
          veto: true,
        },
      ],
    });
    const { code, stdout } = await cli(
      'scores',
      '--cases',
      rated,
      '--as-of',
      '2026-05-12',
      '--by',
      'area',
      '--json',
    );
    expect(code).toBe(0);
    const [first, second] = JSON.parse(stdout).groups;
    expect(first).toMatchObject({ key: 'YP-CB-001', veto: true, composite: 0, grade: '不合格' });
    // Item scores win over the overall rating: (90 + 70) / 2 = 80, 群众 alone.
    expect(second).toMatchObject({ key: 'YP-CB-002', veto: false, evaluationScore: 80 });
  });

  it('reads an evaluation workbook with --evaluations; the total is the unit asked for', async () => {
    const sample = path.resolve(
      import.meta.dirname,
      '../../shared/samples/yangpu-evaluations-2026.xlsx',
    );
    const expected = JSON.parse(
      readFileSync(sample.replace(/\.xlsx$/, '.expected.json'), 'utf8'),
    ) as { rows: { values: ScoredEvaluation }[] };
    const { code, stdout, stderr } = await cli(
      'scores',
      ...AS_OF,
      '--evaluations',
      sample,
      '--unit',
      'YP-CB',
      '--json',
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const own = expected.rows.map((r) => r.values).filter((r) => r.subject === 'YP-CB');
    expect(own.length).toBeGreaterThan(0);
    expect(JSON.parse(stdout).evaluationScore).toBe(evaluationScore(own, DEFAULT_SETTINGS).score);
  });

  it('groups by area in the API shape, key the unit code', async () => {
    const { code, stdout } = await cli('scores', ...AS_OF, '--by', 'area', '--json');
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(Object.keys(json)).toEqual(['total', 'groups']);
    expect(json.total.intake).toBe(3);
    expect(
      json.groups.map((g: { key: string; name: string; intake: number }) => [
        g.key,
        g.name,
        g.intake,
      ]),
    ).toEqual([
      ['YP-CB-001', '长白一村居民区', 1],
      ['YP-CB-002', '长白二村居民区', 2],
    ]);
    expect(json.groups[0]).toMatchObject({ composite: 100, grade: '优秀' });
  });

  it('narrows to a period and reads partial settings', async () => {
    const may = await cli('scores', ...AS_OF, '--period', '2026-05', '--json');
    expect(JSON.parse(may.stdout).intake).toBe(1);
    const settings = file('settings.json', { basicSatisfiedWeight: 0.9 });
    const lighter = await cli('scores', ...AS_OF, '--settings', settings, '--json');
    expect(JSON.parse(lighter.stdout).satisfactionRate).toBe(0.95);
  });

  it('prints a line a person reads without --json', async () => {
    const { code, stdout } = await cli('scores', ...AS_OF, '--by', 'cadre');
    expect(code).toBe(0);
    expect(stdout.split('\n')).toHaveLength(3);
    expect(stdout).toContain('合计  受理量 3  答复率 50.00%');
    expect(stdout).toContain('王建华');
  });

  it('exits 2 with the reason on stderr for usage and file errors', async () => {
    const cases2 = (...argv: string[]) => cli('scores', ...argv);
    const failures = [
      await cases2('--as-of', '2026-05-12'),
      await cases2('--cases', path.join(dir, 'missing.json'), '--as-of', '2026-05-12'),
      await cases2('--cases', file('bad.json', '{ not json'), '--as-of', '2026-05-12'),
      await cases2('--cases', file('shape.json', { rows: [] }), '--as-of', '2026-05-12'),
      await cases2(
        '--cases',
        file('date.json', { cases: [{ receivedOn: '5月3日' }] }),
        '--as-of',
        '2026-05-12',
      ),
      await cases2(...AS_OF, '--by', 'street'),
      await cases2(...AS_OF, '--period', '2026Q5'),
      await cases2('--cases', cases, '--as-of', '12/05/2026'),
      await cases2(...AS_OF, '--settings', file('s.json', { replyDays: 0 })),
    ];
    for (const failure of failures) {
      expect(failure.code).toBe(2);
      expect(failure.stderr).not.toBe('');
    }
    expect(failures[1]!.stderr).toContain('missing.json');
    expect(failures[4]!.stderr).toContain('第 1 条');
    expect(failures[8]!.stderr).toContain('replyDays');
    expect(failures[5]!.stderr).toContain('--by 应为 area、department 或 cadre（收到「street」）');
    expect(failures[6]!.stderr).toContain(
      '--period 应为 2026、2026H1、2026Q2 或 2026-05（收到「2026Q5」）',
    );
  });

  it('says its errors and its figures in the language --lang asks for, Chinese by default', async () => {
    const missing = path.join(dir, 'no-such-cases.json');
    const zh = await cli('scores', '--cases', missing, '--as-of', '2026-05-12');
    expect(zh.code).toBe(2);
    expect(zh.stderr).toBe(`找不到案件文件：${missing}`);
    // --lang goes anywhere on the line, also before the command.
    const en = await cli('--lang', 'en', 'scores', '--cases', missing, '--as-of', '2026-05-12');
    expect(en.code).toBe(2);
    expect(en.stderr).toBe(`Cases file not found: ${missing}`);
    const bad = await cli('scores', ...AS_OF, '--lang=en', '--as-of', '2026-13-01');
    expect(bad.stderr).toBe('--as-of should be a date written YYYY-MM-DD (got "2026-13-01")');

    const figures = await cli('scores', ...AS_OF, '--lang', 'en');
    expect(figures.code).toBe(0);
    // The figures of the first test; the grade stays the district's own word.
    expect(figures.stdout).toBe(
      'Total  Intake 3  Reply rate 50.00%  Resolved on time 50.00%  Closure rate 66.67%  Satisfaction rate 100.00%  Composite 72.50  合格',
    );

    const french = await cli('scores', ...AS_OF, '--lang', 'fr');
    expect(french.code).toBe(2);
    expect(french.stderr).toBe('--lang 应为 zh 或 en（收到「fr」）');
  });

  it('notes on stderr figures whose due dates fall in a year without a holiday schedule', async () => {
    // Received 2026-12-10: resolution due 30 days later, 2027-01-09 — counted on weekends alone.
    const late = file('late.json', { cases: [record('L', { receivedOn: '2026-12-10' })] });
    const flagged = await cli('scores', '--cases', late, '--as-of', '2026-12-20');
    expect(flagged.code).toBe(0);
    expect(flagged.stderr).toContain('2027 年的节假日安排未载入');
    expect((await cli('scores', '--cases', cases, '--as-of', '2026-12-20')).stderr).toBe('');
  });
});
