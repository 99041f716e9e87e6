import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-in-process.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'minqing-escalation-'));
function file(name: string, content: unknown): string {
  const target = path.join(dir, name);
  writeFileSync(target, typeof content === 'string' ? content : JSON.stringify(content));
  return target;
}

const record = (caseNo: string, more: Record<string, unknown> = {}) => ({
  caseNo,
  unit: 'YP-CB-001',
  area: 'YP-CB-001',
  receivedOn: '2026-03-02', // reply due 03-09, resolution due 04-01
  status: '已受理',
  category: '城市管理',
  repliedOn: null,
  resolvedOn: null,
  satisfaction: '未评价',
  ...more,
});

const cases = file('cases.json', {
  cases: [
    // Nobody answers: NO_REPLY 03-10, OVERDUE 04-02 — and no further than 区.
    record('NEVER'),
    // The same, referred by the district on 06-18: 常委会.
    record('REFERRED', {
      events: [{ on: '2026-06-18', type: 'referral', reason: '综合性疑难问题' }],
    }),
    // Resolved on time, then rated 不满意 on 03-25: reopened at 街道, due again 04-24.
    record('UNHAPPY', {
      status: '已办结',
      repliedOn: '2026-03-05',
      resolvedOn: '2026-03-20',
      revisitOn: '2026-03-25',
      satisfaction: '不满意',
    }),
  ],
});

describe('minqing escalation', () => {
  it('prints each case’s level and climbs, and the supervision list, as JSON', async () => {
    const { code, stdout, stderr } = await runCli([
      'escalation',
      '--cases',
      cases,
      '--as-of',
      '2026-04-20',
      '--json',
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(Object.keys(json)).toEqual(['cases', 'supervision', 'widespread', 'dueSoon']);
    expect(json.cases).toEqual([
      {
        caseNo: 'NEVER',
        level: 2,
        events: [
          { on: '2026-03-10', from: 0, to: 1, reason: 'NO_REPLY' },
          { on: '2026-04-02', from: 1, to: 2, reason: 'OVERDUE' },
        ],
      },
      {
        caseNo: 'REFERRED',
        level: 2,
        events: [
          { on: '2026-03-10', from: 0, to: 1, reason: 'NO_REPLY' },
          { on: '2026-04-02', from: 1, to: 2, reason: 'OVERDUE' },
        ],
      },
      {
        caseNo: 'UNHAPPY',
        level: 1,
        events: [{ on: '2026-03-25', from: 0, to: 1, reason: 'DISSATISFIED' }],
      },
    ]);
    // Overdue and open as of 04-20: the two never answered; the reopened one is due 04-24.
    expect(json.supervision).toEqual([
      { caseNo: 'NEVER', level: 2, reason: 'OVERDUE' },
      { caseNo: 'REFERRED', level: 2, reason: 'OVERDUE' },
    ]);
    expect(json.widespread).toEqual([]);
  });

  it('a year on, the calendar has not taken any case to 常委会; the referral has', async () => {
    const { stdout } = await runCli([
      'escalation',
      '--cases',
      cases,
      '--as-of',
      '2027-03-01',
      '--json',
    ]);
    const levels = Object.fromEntries(
      JSON.parse(stdout).cases.map((c: { caseNo: string; level: number }) => [c.caseNo, c.level]),
    );
    expect(levels).toEqual({ NEVER: 2, REFERRED: 3, UNHAPPY: 2 });
  });

  it('reads a calendar CSV: a day made a holiday moves a due date', async () => {
    // 2026-04-01 (resolution due) declared a holiday: due 04-02, the climb on 04-03.
    const calendar = file('calendar.csv', 'date,kind\n2026-04-01,holiday\n');
    const { stdout } = await runCli([
      'escalation',
      '--cases',
      cases,
      '--as-of',
      '2026-04-20',
      '--calendar',
      calendar,
      '--json',
    ]);
    expect(JSON.parse(stdout).cases[0].events[1]).toEqual({
      on: '2026-04-03',
      from: 1,
      to: 2,
      reason: 'OVERDUE',
    });
  });

  it('prints a readable table without --json, and exits 2 on bad input', async () => {
    const table = await runCli(['escalation', '--cases', cases, '--as-of', '2026-04-20']);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain('NEVER  区');
    expect(table.stdout).toContain('督办清单 2 件');
    const bad = await runCli([
      'escalation',
      '--cases',
      cases,
      '--as-of',
      '2026-04-20',
      '--calendar',
      file('c.csv', '4/1,holiday'),
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('第 1 行');
    expect((await runCli(['escalation', '--as-of', '2026-04-20'])).code).toBe(2);
  });

  it('lists what falls due in the next three working days as dueSoon', async () => {
    // As of Tuesday 04-21 the window runs through Friday 04-24: UNHAPPY's reopened round is due
    // then; NEVER is past both its due dates (on the supervision list, not here).
    const { stdout, stderr } = await runCli([
      'escalation',
      '--cases',
      cases,
      '--as-of',
      '2026-04-21',
      '--json',
    ]);
    expect(stderr).toBe('');
    expect(JSON.parse(stdout).dueSoon).toEqual([
      { caseNo: 'UNHAPPY', due: '2026-04-24', kind: 'resolution' },
    ]);
    // As of Monday 04-20 it runs through Thursday 04-23 only.
    const monday = await runCli([
      'escalation',
      '--cases',
      cases,
      '--as-of',
      '2026-04-20',
      '--json',
    ]);
    expect(JSON.parse(monday.stdout).dueSoon).toEqual([]);
  });

  it('notes on stderr a due date in a year whose holidays are not loaded, until --calendar gives them', async () => {
    // Received Friday 2026-12-25: reply due Friday 2027-01-01, counted on weekends alone.
    const late = file('late.json', { cases: [record('LATE', { receivedOn: '2026-12-25' })] });
    const args = ['escalation', '--cases', late, '--as-of', '2026-12-31', '--json'];
    const flagged = await runCli(args);
    expect(flagged.code).toBe(0);
    expect(flagged.stderr).toContain('2027 年的节假日安排未载入');
    expect(JSON.parse(flagged.stdout).dueSoon).toEqual([
      { caseNo: 'LATE', due: '2027-01-01', kind: 'reply' },
    ]);
    const loaded = await runCli([
      ...args,
      '--calendar',
      file('2027.csv', 'date,kind\n2027-01-01,holiday\n2027-01-02,holiday\n2027-01-03,holiday\n'),
    ]);
    expect(loaded.stderr).toBe('');
    // 元旦 loaded: the reply is due on Monday 2027-01-04 instead.
    expect(JSON.parse(loaded.stdout).dueSoon).toEqual([
      { caseNo: 'LATE', due: '2027-01-04', kind: 'reply' },
    ]);
  });
});
