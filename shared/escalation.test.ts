import { describe, expect, test } from 'vitest';
import { seedCalendar, shiftDays } from './calendar.ts';
import {
  type CaseEvent,
  type EscalationCase,
  escalate,
  escalateUntilChange,
  repeatStartLevel,
  reporterIndex,
  widespread,
} from './escalation.ts';
import { DEFAULT_SETTINGS, resolveSettings } from './settings.ts';

const calendar = seedCalendar();
const settings = DEFAULT_SETTINGS;

/** An open case received on Monday 2026-03-02: reply due Mon 03-09, resolution due Wed 04-01. */
function openCase(overrides: Partial<EscalationCase> = {}): EscalationCase {
  return {
    caseNo: 'CB-001-001',
    receivedOn: '2026-03-02',
    status: '办理中',
    repliedOn: null,
    resolvedOn: null,
    satisfaction: '未评价',
    category: '环境卫生',
    reporterPhone: '13800000001',
    address: '长白路1弄1号101室',
    area: 'YP-CB-001',
    ...overrides,
  };
}

const run = (record: EscalationCase, asOf: string, events: CaseEvent[] = []) =>
  escalate(record, events, settings, calendar, asOf);

describe('due dates', () => {
  test('reply due 7 days and resolution due 30 days after receipt', () => {
    const result = run(openCase(), '2026-03-03');
    expect(result).toMatchObject({ level: 0, replyDue: '2026-03-09', resolutionDue: '2026-04-01' });
    expect(result.climbs).toEqual([]);
  });

  test('a due date on a holiday moves to the next working day', () => {
    // Fri 04-24 + 7 = Fri 05-01 劳动节 (off until 05-05) → Wed 05-06.
    const result = run(openCase({ receivedOn: '2026-04-24' }), '2026-05-06');
    expect(result.replyDue).toBe('2026-05-06');
    expect(result.climbs).toEqual([]);
    expect(run(openCase({ receivedOn: '2026-04-24' }), '2026-05-07').climbs).toEqual([
      { on: '2026-05-07', from: 0, to: 1, reason: 'NO_REPLY' },
    ]);
  });

  test('a due date on a 调休 Saturday stays: the Saturday is a working day', () => {
    const result = run(openCase({ receivedOn: '2026-05-02' }), '2026-05-10');
    expect(result.replyDue).toBe('2026-05-09');
    expect(result.climbs).toEqual([{ on: '2026-05-10', from: 0, to: 1, reason: 'NO_REPLY' }]);
  });

  test('in working days the count skips 劳动节 and counts the 调休 Saturday', () => {
    const working = resolveSettings({ dayMode: 'working' });
    // Wed 04-29: 04-30 (1), 05-06 (2), 05-07 (3), 05-08 (4), Sat 05-09 (5), 05-11 (6), 05-12 (7).
    const result = escalate(
      openCase({ receivedOn: '2026-04-29' }),
      [],
      working,
      calendar,
      '2026-05-12',
    );
    expect(result.replyDue).toBe('2026-05-12');
    expect(result.climbs).toEqual([]);
  });
});

describe('rule 2: no reply by the reply due date (督办)', () => {
  test('a reply on the due date itself is in time', () => {
    expect(run(openCase({ repliedOn: '2026-03-09' }), '2026-03-20').climbs).toEqual([]);
  });

  test('a reply the day after climbs once, on the day after the due date', () => {
    expect(run(openCase({ repliedOn: '2026-03-10' }), '2026-03-20').climbs).toEqual([
      { on: '2026-03-10', from: 0, to: 1, reason: 'NO_REPLY' },
    ]);
  });

  test('no reply: nothing on the due date, the climb on the day after', () => {
    expect(run(openCase(), '2026-03-09').level).toBe(0);
    expect(run(openCase(), '2026-03-10').level).toBe(1);
    expect(run(openCase(), '2026-03-31').climbs).toHaveLength(1);
  });

  test('a resolution counts as a reply', () => {
    const record = openCase({ status: '已办结', resolvedOn: '2026-03-06' });
    expect(run(record, '2026-06-30')).toMatchObject({ level: 0, open: false, climbs: [] });
  });
});

describe('rule 3: unresolved past the resolution due date', () => {
  const replied = openCase({ status: '已答复', repliedOn: '2026-03-05' });

  test('resolved on the due date itself: no climb', () => {
    const record = { ...replied, status: '已办结', resolvedOn: '2026-04-01' };
    expect(run(record, '2026-06-30').climbs).toEqual([]);
  });

  test('open: climbs the day after the due date, then after each further full period', () => {
    expect(run(replied, '2026-04-01').level).toBe(0);
    expect(run(replied, '2026-04-02').climbs).toEqual([
      { on: '2026-04-02', from: 0, to: 1, reason: 'OVERDUE' },
    ]);
    // Second period ends 04-01 + 30 = Fri 05-01 劳动节 → Wed 05-06; climb on 05-07.
    expect(run(replied, '2026-05-06').level).toBe(1);
    const later = run(replied, '2026-05-07');
    expect(later.climbs.map((c) => [c.on, c.to])).toEqual([
      ['2026-04-02', 1],
      ['2026-05-07', 2],
    ]);
  });

  test('a case nobody answers stops at 区: the calendar never takes it to 常委会', () => {
    const result = run(replied, '2027-12-31');
    expect(result.level).toBe(2);
    expect(result.climbs.map((c) => c.to)).toEqual([1, 2]);
    const never = run(openCase(), '2027-12-31');
    expect(never.level).toBe(2);
    expect(never.climbs.map((c) => c.reason)).toEqual(['NO_REPLY', 'OVERDUE']);
  });

  test('a case taken in by the district starts at 区 and does not climb by itself', () => {
    const result = run({ ...replied, receivedLevel: 2 }, '2027-12-31');
    expect(result.level).toBe(2);
    expect(result.climbs).toEqual([]);
  });

  test('the district refers a case to 常委会 on the meeting date; it stays there', () => {
    const events: CaseEvent[] = [{ on: '2026-06-18', type: 'referred' }];
    const result = run(replied, '2027-12-31', events);
    expect(result.level).toBe(3);
    expect(result.climbs.map((c) => [c.on, c.to, c.reason])).toEqual([
      ['2026-04-02', 1, 'OVERDUE'],
      ['2026-05-07', 2, 'OVERDUE'],
      ['2026-06-18', 3, 'REFERRED'],
    ]);
    expect(run(replied, '2026-06-17', events).level).toBe(2);
  });

  test('上报 and 不满意 stop at 区 too', () => {
    const events: CaseEvent[] = [
      { on: '2026-03-04', type: 'reported_up' },
      { on: '2026-03-05', type: 'reported_up' },
      { on: '2026-03-06', type: 'reported_up' },
      { on: '2026-03-10', type: 'resolved' },
      { on: '2026-03-12', type: 'rated', satisfaction: '不满意' },
    ];
    const result = run(openCase({ status: '上报' }), '2026-03-20', events);
    expect(result.level).toBe(2);
    expect(result.climbs.map((c) => c.to)).toEqual([1, 2]);
  });
});

describe('rule 1: reported up (上报)', () => {
  test('climbs on the date it was reported', () => {
    const record = openCase({ status: '上报', repliedOn: '2026-03-03' });
    const events: CaseEvent[] = [{ on: '2026-03-04', type: 'reported_up' }];
    expect(run(record, '2026-03-20', events).climbs).toEqual([
      { on: '2026-03-04', from: 0, to: 1, reason: 'REPORTED_UP' },
    ]);
  });

  test('a sheet without events dates the report on receipt', () => {
    const record = openCase({ status: '上报', repliedOn: '2026-03-03' });
    expect(run(record, '2026-03-20').climbs).toEqual([
      { on: '2026-03-02', from: 0, to: 1, reason: 'REPORTED_UP' },
    ]);
  });

  test('reported twice climbs twice; not yet reported by the as-of date, not at all', () => {
    const record = openCase({ status: '上报', repliedOn: '2026-03-03' });
    const events: CaseEvent[] = [
      { on: '2026-03-04', type: 'reported_up' },
      { on: '2026-03-12', type: 'reported_up' },
    ];
    expect(run(record, '2026-03-20', events).level).toBe(2);
    expect(run(record, '2026-03-11', events).level).toBe(1);
  });
});

describe('rule 4: rated 不满意', () => {
  const resolved = openCase({
    status: '已办结',
    repliedOn: '2026-03-05',
    resolvedOn: '2026-03-20',
  });

  test('reopens one level up, resolution due counted from the rating', () => {
    const events: CaseEvent[] = [{ on: '2026-03-25', type: 'rated', satisfaction: '不满意' }];
    const result = run(resolved, '2026-04-24', events);
    expect(result).toMatchObject({
      level: 1,
      resolutionDue: '2026-04-24',
      open: true,
      reopened: true,
    });
    expect(result.climbs).toEqual([{ on: '2026-03-25', from: 0, to: 1, reason: 'DISSATISFIED' }]);
    // Not resolved by the new due date: OVERDUE the day after.
    expect(run(resolved, '2026-04-25', events).climbs.at(-1)).toEqual({
      on: '2026-04-25',
      from: 1,
      to: 2,
      reason: 'OVERDUE',
    });
  });

  test('a sheet row rated 不满意 dates the rating on the return visit', () => {
    const record = { ...resolved, satisfaction: '不满意', revisitOn: '2026-03-25' };
    expect(run(record, '2026-04-01').climbs).toEqual([
      { on: '2026-03-25', from: 0, to: 1, reason: 'DISSATISFIED' },
    ]);
  });

  test('不满意 twice climbs twice; the second resolution due counts from the second rating', () => {
    const events: CaseEvent[] = [
      { on: '2026-03-20', type: 'resolved' },
      { on: '2026-03-25', type: 'rated', satisfaction: '不满意' },
      { on: '2026-04-10', type: 'resolved' },
      { on: '2026-04-15', type: 'rated', satisfaction: '不满意' },
    ];
    const result = run(resolved, '2026-04-20', events);
    expect(result.climbs.map((c) => [c.on, c.from, c.to, c.reason])).toEqual([
      ['2026-03-25', 0, 1, 'DISSATISFIED'],
      ['2026-04-15', 1, 2, 'DISSATISFIED'],
    ]);
    expect(result).toMatchObject({ level: 2, resolutionDue: '2026-05-15', open: true });
  });

  test('满意 closes nothing and climbs nothing', () => {
    const events: CaseEvent[] = [{ on: '2026-03-25', type: 'rated', satisfaction: '满意' }];
    expect(run(resolved, '2026-12-31', events)).toMatchObject({ level: 0, open: false });
  });
});

describe('rule 5: repeated cases', () => {
  const nth = (caseNo: string, receivedOn: string, more: Partial<EscalationCase> = {}) =>
    openCase({ caseNo, receivedOn, ...more });
  const first = nth('A-1', '2026-01-01');
  const second = nth('A-2', '2026-02-01');

  test('the third case within 90 days starts at 街道; 90 days apart is still within', () => {
    // 2026-01-01 → 2026-04-01 is 90 days.
    expect(repeatStartLevel(nth('A-3', '2026-04-01'), [first, second], settings)).toBe(1);
  });

  test('91 days apart leaves only two cases in the window', () => {
    expect(repeatStartLevel(nth('A-3', '2026-04-02'), [first, second], settings)).toBe(0);
  });

  test('another category or another reporter does not count', () => {
    const other = nth('A-3', '2026-03-01', { category: '城市管理' });
    expect(repeatStartLevel(other, [first, second], settings)).toBe(0);
    const stranger = nth('A-3', '2026-03-01', { reporterPhone: '13900000009', address: '别处' });
    expect(repeatStartLevel(stranger, [first, second], settings)).toBe(0);
  });

  test('the same household with another phone counts', () => {
    const home = nth('A-3', '2026-03-01', { reporterPhone: '13900000009' });
    expect(repeatStartLevel(home, [first, second], settings)).toBe(1);
  });

  test('later cases do not make an earlier one a repeat', () => {
    expect(repeatStartLevel(first, [second, nth('A-3', '2026-03-01')], settings)).toBe(0);
  });

  test('escalate records the start at 街道 as a climb on receipt', () => {
    const third = nth('A-3', '2026-03-01', { repliedOn: '2026-03-02' });
    const index = reporterIndex([first, second, third]);
    const result = escalate(third, [], settings, calendar, '2026-03-05', index.priorCasesOf(third));
    expect(result.climbs).toEqual([{ on: '2026-03-01', from: 0, to: 1, reason: 'REPEATED' }]);
  });
});

describe('widespread problems (普遍性)', () => {
  const inArea = (n: number, receivedOn: string, category = '环境卫生') =>
    openCase({ caseNo: `W-${n}`, area: `YP-CB-00${n}`, receivedOn, category });

  test('five areas within 30 days make a widespread category', () => {
    const cases = [1, 2, 3, 4, 5].map((n) => inArea(n, '2026-05-10'));
    cases.push(inArea(5, '2026-05-11'));
    expect(widespread(cases, '2026-05-31', settings)).toEqual([
      {
        category: '环境卫生',
        areas: ['YP-CB-001', 'YP-CB-002', 'YP-CB-003', 'YP-CB-004', 'YP-CB-005'],
        cases: 6,
        from: '2026-05-01',
        to: '2026-05-31',
      },
    ]);
  });

  test('four areas are not; an area 31 days back is outside the window', () => {
    const four = [1, 2, 3, 4].map((n) => inArea(n, '2026-05-10'));
    expect(widespread(four, '2026-05-31', settings)).toEqual([]);
    const late = [...four, inArea(5, '2026-04-30')];
    expect(widespread(late, '2026-05-31', settings)).toEqual([]);
    expect(widespread([...four, inArea(5, '2026-05-01')], '2026-05-31', settings)).toHaveLength(1);
  });
});

describe('the next day the answer can change (the sweep looks again then)', () => {
  const next = (record: EscalationCase, asOf: string, events: CaseEvent[] = []) =>
    escalateUntilChange(record, events, settings, calendar, asOf).next;

  test('unanswered: the day after the reply due date, then the day after each round', () => {
    expect(next(openCase(), '2026-03-05')).toBe('2026-03-10'); // reply due Mon 03-09
    expect(next(openCase(), '2026-03-10')).toBe('2026-04-02'); // resolution due Wed 04-01
    const replied = openCase({ status: '已答复', repliedOn: '2026-03-05' });
    expect(next(replied, '2026-04-02')).toBe('2026-05-07'); // second round due Wed 05-06
    expect(next(replied, '2026-05-07')).toBeNull(); // at 区: nothing more by itself
  });

  test('a step dated later (a return visit after the as-of date) is a change', () => {
    const resolved = openCase({
      status: '已办结',
      repliedOn: '2026-03-05',
      resolvedOn: '2026-03-20',
    });
    const events: CaseEvent[] = [{ on: '2026-03-25', type: 'rated', satisfaction: '不满意' }];
    expect(next(resolved, '2026-03-21', events)).toBe('2026-03-25');
    // Reopened on 03-25 with a resolution due 04-24: OVERDUE on 04-25.
    expect(next(resolved, '2026-03-25', events)).toBe('2026-04-25');
    expect(next(resolved, '2026-03-21')).toBeNull(); // resolved, nothing ahead
  });

  test('before that day every as-of date gives the same escalation', () => {
    const records: [EscalationCase, CaseEvent[]][] = [];
    for (let i = 0; i < 24; i++) {
      const receivedOn = shiftDays('2026-01-05', i * 11);
      const repliedOn = i % 3 === 0 ? null : shiftDays(receivedOn, (i * 5) % 12);
      const resolvedOn = i % 4 === 0 ? shiftDays(receivedOn, 20 + (i % 30)) : null;
      const record = openCase({
        caseNo: `N-${i}`,
        receivedOn,
        status: i % 5 === 0 ? '上报' : '办理中',
        repliedOn,
        resolvedOn,
        satisfaction: resolvedOn && i % 8 === 0 ? '不满意' : '未评价',
        revisitOn: resolvedOn && i % 8 === 0 ? shiftDays(resolvedOn, 3) : null,
      });
      const events: CaseEvent[] =
        i % 6 === 1 ? [{ on: shiftDays(receivedOn, 50), type: 'referred' }] : [];
      records.push([record, events]);
    }
    let checked = 0;
    for (const [record, events] of records) {
      for (let asOf = record.receivedOn; asOf <= '2026-12-31'; asOf = shiftDays(asOf, 11)) {
        const { escalation, next: change } = escalateUntilChange(
          record,
          events,
          settings,
          calendar,
          asOf,
        );
        expect(change === null || change > asOf).toBe(true);
        const until = change ?? '2027-03-31';
        for (
          let day = shiftDays(asOf, 1);
          day < until && day <= '2027-03-31';
          day = shiftDays(day, 1)
        ) {
          expect(run(record, day, events)).toEqual(escalation);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });
});
