import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Roll } from '../shared/assessment.ts';
import type { Explanation } from '../shared/assessment-explain.ts';
import { ledgerWorkbook } from './export.ts';
import { runCli } from './run-in-process.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'minqing-assess-'));
function file(name: string, content: unknown): string {
  const target = path.join(dir, name);
  writeFileSync(target, typeof content === 'string' ? content : JSON.stringify(content));
  return target;
}

// Received on a Monday: reply due 03-09, resolution due 04-01.
const good = (caseNo: string, receivedOn = '2026-03-02') => ({
  caseNo,
  receivedOn,
  area: 'YP-CB-001',
  firstReceiver: '王建华',
  repliedOn: receivedOn.replace(/-\d\d$/, '-05'),
  resolvedOn: receivedOn.replace(/-\d\d$/, '-20'),
  satisfaction: '满意',
});
const late = {
  ...good('2'),
  repliedOn: '2026-03-12',
  resolvedOn: '2026-04-10',
  satisfaction: '基本满意',
};

const ledgers = file('ledgers.json', {
  kind: 'case', // other keys are ignored
  cases: [good('1'), late, good('0', '2025-03-03')],
  evaluations: [
    {
      period: '2026',
      subjectKind: '干部',
      subject: '王建华',
      evaluatorGroup: '群众',
      overall: '满意',
    },
  ],
});
// 2025 was assessed on the composite alone.
const settings = file('settings.json', {
  years: { '2025': { totalWeights: { evaluation: 0 } }, '2026': { gradePreset: '公务员' } },
});

async function registerWorkbook(): Promise<string> {
  const target = path.join(dir, '干部名册.xlsx');
  await ledgerWorkbook('cadre', [
    { cadreNo: 'C1', name: '王建华', unit: 'YP-CB', rank: '科级', contactArea: 'YP-CB-001' },
    { cadreNo: 'C2', name: '李秀英', unit: 'YP-CB', rank: '科级', contactArea: null },
  ]).xlsx.writeFile(target);
  return target;
}

describe('minqing assess', () => {
  it('rolls the cadres of a register workbook over JSON ledgers, under each year’s settings', async () => {
    const register = await registerWorkbook();
    const { code, stdout, stderr } = await runCli([
      'assess',
      ledgers,
      register,
      '--year',
      '2026',
      '--of',
      'cadres',
      '--unit',
      'YP-CB',
      '--settings',
      settings,
      '--json',
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const roll = JSON.parse(stdout) as Roll;
    expect(roll).toMatchObject({ year: 2026, of: 'cadres', unit: 'YP-CB' });
    expect(
      roll.rows.map((r) => [
        r.key,
        r.intake,
        r.composite,
        r.evaluationScore,
        r.total,
        r.grade,
        r.rank,
        r.change,
      ]),
    ).toEqual([
      // 1 good, 1 late: 100 × (0.55 × 0.5 + 0.45) = 72.5; (72.5 + 100) / 2 = 86.25, 称职.
      // 2025: one good case, composite alone: 100. Change −13.75.
      ['C1', 2, 72.5, 100, 86.25, '称职', 1, -13.75],
      // In the register, nothing recorded: a row that says so, unranked.
      ['C2', 0, null, null, null, null, null, null],
    ]);
  });

  it('prints a ranked table a person reads', async () => {
    const register = await registerWorkbook();
    const { code, stdout } = await runCli([
      'assess',
      ledgers,
      register,
      '--year',
      '2026',
      '--of',
      'cadres',
      '--as-of',
      '2026-12-31',
    ]);
    expect(code).toBe(0);
    expect(stdout).toContain('【cadre:科级】');
    const lines = stdout.split('\n');
    expect(lines.find((l) => l.includes('王建华'))).toMatch(/^1\s+C1 王建华/);
    expect(lines.find((l) => l.includes('李秀英'))).toContain('无记录');
  });

  it('--explain prints the cases behind a figure, late ones with their due dates', async () => {
    const register = await registerWorkbook();
    const args = ['assess', ledgers, register, '--year', '2026', '--as-of', '2026-12-31'];
    const json = await runCli([...args, '--explain', 'C1', '--figure', 'responseRate', '--json']);
    expect(json.stderr).toBe('');
    const explanation = JSON.parse(json.stdout) as Explanation;
    // The cadre's key gives the cadres' roll; case 1 replied in time, case 2 on 03-12 after 03-09.
    expect(explanation).toMatchObject({
      of: 'cadres',
      key: 'C1',
      figure: 'responseRate',
      value: 0.5,
    });
    expect(explanation.cases.map((c) => [c.caseNo, c.replyDue, c.repliedOn, c.outcome])).toEqual([
      ['1', '2026-03-09', '2026-03-05', '按期答复'],
      ['2', '2026-03-09', '2026-03-12', '逾期答复'],
    ]);
    const text = await runCli([...args, '--explain', 'C1', '--figure', 'responseRate']);
    expect(text.code).toBe(0);
    const lines = text.stdout.split('\n');
    expect(lines[0]).toBe('2026 年度考核 · C1 王建华 · 答复率 50.0%');
    expect(lines.find((l) => l.startsWith('2 '))).toMatch(/2026-03-09\s+2026-03-12.*逾期答复/);
    expect(text.stdout).toContain('答复率 = 达标 1 / 计入 2 = 50.0%');
  });

  it('--explain refuses a figure it does not know and a key the roll lacks (exit 2)', async () => {
    const args = ['assess', ledgers, '--year', '2026', '--explain', 'YP-CB-001'];
    expect((await runCli([...args, '--figure', 'composite'])).code).toBe(2);
    const missing = await runCli([
      'assess',
      ledgers,
      '--year',
      '2026',
      '--explain',
      'C9',
      '--figure',
      'closureRate',
    ]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('C9');
  });

  it('refuses a missing year, an unknown roll and a file that is not a ledger (exit 2)', async () => {
    expect((await runCli(['assess', ledgers])).code).toBe(2);
    expect((await runCli(['assess', ledgers, '--year', '2026', '--of', 'people'])).code).toBe(2);
    const bad = file('bad.json', { cases: 'many' });
    const result = await runCli(['assess', bad, '--year', '2026']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('cases');
  });
});
