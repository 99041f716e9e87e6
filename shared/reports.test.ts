import { describe, expect, test } from 'vitest';
import { seedCalendar } from './calendar.ts';
import type { EscalationCase } from './escalation.ts';
import { type DueSoonCase, dueSoon, frequentProblems, supervisionList } from './reports.ts';
import { DEFAULT_SETTINGS } from './settings.ts';

const settings = DEFAULT_SETTINGS;
let serial = 0;
const made = (
  receivedOn: string,
  category: string,
  area: string,
  more: Partial<EscalationCase> = {},
) =>
  ({
    caseNo: `R-${++serial}`,
    receivedOn,
    status: '办理中',
    repliedOn: null,
    resolvedOn: null,
    satisfaction: '未评价',
    category,
    area,
    reporterPhone: null,
    address: null,
    ...more,
  }) satisfies EscalationCase;

describe('monthly frequent problems', () => {
  const cases = [
    made('2026-03-10', '环境卫生', 'YP-CB-001'),
    made('2026-04-02', '环境卫生', 'YP-CB-001'),
    made('2026-05-03', '环境卫生', 'YP-CB-001'),
    made('2026-05-04', '环境卫生', 'YP-CB-002'),
    made('2026-05-05', '城市管理', 'YP-CB-001'),
    made('2026-05-06', '城市管理', 'YP-CB-001'),
    made('2026-05-07', '城市管理', 'YP-CB-001'),
    made('2026-03-20', '教育', 'YP-CB-003'),
    made('2026-05-20', '教育', 'YP-CB-003'),
    made('2026-06-01', '教育', 'YP-CB-004'),
  ];

  test('多发性 by cases, 普遍性 by areas, 经常性 by consecutive months up to the month', () => {
    const lists = frequentProblems(cases, '2026-05', settings);
    expect(lists.frequent).toEqual([
      { category: '城市管理', cases: 3 },
      { category: '环境卫生', cases: 2 },
      { category: '教育', cases: 1 },
    ]);
    expect(lists.widespread.map((w) => [w.category, w.areas])).toEqual([
      ['环境卫生', 2],
      ['城市管理', 1],
      ['教育', 1],
    ]);
    // 环境卫生 in March, April and May; 教育 missed April; 城市管理 only May.
    expect(lists.recurring).toEqual([
      { category: '环境卫生', months: 3 },
      { category: '城市管理', months: 1 },
      { category: '教育', months: 1 },
    ]);
  });

  test('a category from five areas is over the 普遍性 threshold', () => {
    const five = [1, 2, 3, 4, 5].map((n) => made('2026-05-10', '环境卫生', `YP-CB-00${n}`));
    expect(frequentProblems(five, '2026-05', settings).widespread).toEqual([
      { category: '环境卫生', areas: 5, overThreshold: true },
    ]);
  });

  test('a record may stand for several cases', () => {
    const grouped = [{ receivedOn: '2026-05-01', category: '教育', area: 'YP-CB-001', count: 4 }];
    expect(frequentProblems(grouped, '2026-05', settings).frequent).toEqual([
      { category: '教育', cases: 4 },
    ]);
  });

  test('refuses what is not a month', () => {
    expect(() => frequentProblems(cases, '2026Q2', settings)).toThrow(/month/);
  });
});

describe('supervision list (督办清单)', () => {
  const calendar = seedCalendar();
  // Received Mon 03-02: reply due 03-09, resolution due 04-01.
  const overdue = made('2026-03-02', '环境卫生', 'YP-CB-001', { repliedOn: '2026-03-03' });
  const unanswered = made('2026-03-20', '教育', 'YP-CB-002'); // reply due Fri 03-27
  const done = made('2026-03-02', '教育', 'YP-CB-003', { resolvedOn: '2026-03-10' });
  const fresh = made('2026-03-30', '教育', 'YP-CB-004');

  test('lists open cases past a due date, longest overdue first', () => {
    const list = supervisionList(
      [overdue, unanswered, done, fresh],
      () => [],
      '2026-04-03',
      settings,
      calendar,
    );
    expect(list.overdue.map((i) => [i.caseNo, i.reason, i.due, i.daysOverdue, i.level])).toEqual([
      [unanswered.caseNo, 'NO_REPLY', '2026-03-27', 7, 1],
      [overdue.caseNo, 'OVERDUE', '2026-04-01', 2, 1],
    ]);
    expect(list.widespread).toEqual([]);
  });

  test('adds the widespread problems', () => {
    const five = [1, 2, 3, 4, 5].map((n) =>
      made('2026-03-30', '城市管理', `YP-CB-00${n}`, { repliedOn: '2026-03-31' }),
    );
    const list = supervisionList(five, () => [], '2026-04-03', settings, calendar);
    expect(list.overdue).toEqual([]);
    expect(list.widespread.map((w) => w.category)).toEqual(['城市管理']);
  });

  test('shows both clocks for a dispatched case: the unit’s from receipt, the department’s from dispatch', () => {
    // Received Mon 07-06 (the area's resolution due 08-05), replied 07-16, dispatched Wed 07-15
    // to 区房管局 with 10 days granted: the department's resolution is due 08-24.
    const dispatched = {
      ...made('2026-07-06', '住房与旧改', 'YP-CB-001', { repliedOn: '2026-07-16' }),
      assignee: 'YP-D-FG',
      dispatchedOn: '2026-07-15',
      extensionDays: 10,
    };
    const [within] = supervisionList(
      [dispatched],
      () => [],
      '2026-08-20',
      settings,
      calendar,
    ).overdue;
    // As of 08-20: 15 days past the area's date, still within the department's.
    expect(within).toMatchObject({ reason: 'OVERDUE', due: '2026-08-05', daysOverdue: 15 });
    expect(within!.department).toEqual({
      code: 'YP-D-FG',
      dispatchedOn: '2026-07-15',
      replyDue: '2026-07-22',
      resolutionDue: '2026-08-24',
      reason: null,
      daysOverdue: 0,
    });
    const [late] = supervisionList(
      [dispatched],
      () => [],
      '2026-08-31',
      settings,
      calendar,
    ).overdue;
    expect(late).toMatchObject({
      daysOverdue: 26,
      department: { reason: 'OVERDUE', daysOverdue: 7 },
    });
  });
});

describe('what falls due (临期)', () => {
  // Friday 2026-04-03, before 清明 (Sat 04-04 to Mon 04-06 off): the next three working days are
  // Tue 04-07, Wed 04-08 and Thu 04-09, so the list runs through Thursday — not through Monday.
  const friday = '2026-04-03';
  const open = (caseNo: string, replyDue: string, resolutionDue: string): DueSoonCase => ({
    caseNo,
    open: true,
    replied: false,
    replyDue,
    resolutionDue,
  });

  test('the list on a Friday before a holiday reaches past the holiday', () => {
    const cases = [
      open('A', '2026-04-03', '2026-04-30'), // reply due today
      open('B', '2026-03-31', '2026-04-07'), // resolution due on the first day back (reply overdue)
      open('C', '2026-04-02', '2026-04-09'), // the third working day
      open('D', '2026-04-02', '2026-04-10'), // the fourth: not yet
      { ...open('E', '2026-04-07', '2026-05-06'), replied: true }, // replied already
      { ...open('G', '2026-04-08', '2026-04-08'), open: false }, // closed
    ];
    expect(dueSoon(cases, friday, 3, seedCalendar())).toEqual([
      { caseNo: 'A', due: '2026-04-03', kind: 'reply' },
      { caseNo: 'B', due: '2026-04-07', kind: 'resolution' },
      { caseNo: 'C', due: '2026-04-09', kind: 'resolution' },
    ]);
  });

  test('a reply and a resolution of one case due in the window are both listed', () => {
    const cases = [open('H', '2026-04-07', '2026-04-08')];
    expect(dueSoon(cases, friday, 1, seedCalendar())).toEqual([
      { caseNo: 'H', due: '2026-04-07', kind: 'reply' },
    ]);
    expect(dueSoon(cases, friday, 2, seedCalendar())).toEqual([
      { caseNo: 'H', due: '2026-04-07', kind: 'reply' },
      { caseNo: 'H', due: '2026-04-08', kind: 'resolution' },
    ]);
  });
});
