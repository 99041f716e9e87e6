/**
 * Holiday years (docs/decisions/0011): a due date in a year whose holiday schedule is not loaded is
 * flagged on the case and in the scores; importing the year recomputes the case and its climbs.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { api, body, login, seedDemoOrg, testEnv } from '../../test/helpers.ts';

let id = 0;

beforeAll(async () => {
  await seedDemoOrg();
  const db = testEnv.DB;
  const inserted = await db
    .prepare(
      `INSERT INTO cases (unit, area, owner_unit, natural_key, period, case_no, received_on,
         reporter_name, reporter_phone, category, summary, first_receiver, status, data,
         submission_id, created_at, updated_at)
       VALUES ('YP-CB-001', 'YP-CB-001', 'YP-CB-001', 'GAP-1', '2026', 'GAP-1', '2026-11-02',
         '王', '13912340000', '城市管理', '占道经营', '李', '办理中', '{}', 'test',
         '2026-11-02', '2026-11-02') RETURNING id`,
    )
    .first<{ id: number }>();
  id = inserted!.id;
  // A climb a wrong sweep left behind: re-deriving the case must take it back.
  await db
    .prepare(
      `INSERT INTO case_ladder (case_id, level, sweep_on, climbs)
       VALUES (?1, 1, '', json_array(json_array('2026-11-05', 0, 1, 'OVERDUE', 'sweep')))`,
    )
    .bind(id)
    .run();
  // Resolution within 60 days, so a case received on Monday 2026-11-02 is due in 2027. The change
  // of settings, a write, fills the due dates of the case written straight into D1 above.
  await api('/api/settings', {
    method: 'PUT',
    token: await login('YP'),
    json: { resolveDays: 60 },
  });
});

interface CaseView {
  record: { replyDue: string; resolutionDue: string; calendarGap: boolean };
  events: { kind: string; at: string; reason: string; fromLevel: number; toLevel: number }[];
}

describe('holiday years', () => {
  it('flags a 2027 due date, then recomputes it and its climbs once 2027 is imported', async () => {
    const token = await login('YP');
    const scores = async () =>
      body<{ calendarGaps: number[] }>(
        await api('/api/scores?unit=YP-CB-001&asOf=2026-11-30', { token }),
      );
    // Counted on weekends alone: 11-02 + 60 days = Friday 2027-01-01, a working day so far.
    expect((await scores()).calendarGaps).toEqual([2027]);
    const before = await body<CaseView>(await api(`/api/cases/${id}`, { token }));
    expect(before.record).toMatchObject({
      replyDue: '2026-11-09',
      resolutionDue: '2027-01-01',
      calendarGap: true,
    });
    // Still open on 2027-01-10, the case is on the supervision list past a due date not checked.
    const supervision = async () =>
      body<{ overdue: { id: number; reason: string; due: string; calendarGap: boolean }[] }>(
        await api('/api/supervision?unit=YP-CB-001&asOf=2027-01-10', { token }),
      );
    expect(await supervision()).toMatchObject({
      overdue: [{ id, reason: 'OVERDUE', due: '2027-01-01', calendarGap: true }],
      calendarGaps: [2027],
    });
    const list = await body<{ items: { id: number; calendarGap: boolean }[] }>(
      await api('/api/cases?unit=YP-CB-001', { token }),
    );
    expect(list.items.find((c) => c.id === id)?.calendarGap).toBe(true);

    // 元旦 2027: Friday 01-01 to Sunday 01-03 off, so the period ends on Monday 01-04.
    const imported = await api('/api/calendar', {
      method: 'PUT',
      token,
      json: {
        years: [2027],
        holidays: ['2027-01-01', '2027-01-02', '2027-01-03'].map((date) => ({
          date,
          name: '元旦',
        })),
        workdays: [],
      },
    });
    expect(await body(imported)).toMatchObject({ years: [2027], recomputed: 1 });
    const after = await body<CaseView>(await api(`/api/cases/${id}`, { token }));
    expect(after.record).toMatchObject({
      replyDue: '2026-11-09',
      resolutionDue: '2027-01-04',
      calendarGap: false,
    });
    // No reply by Monday 11-09: one climb the day after (rule 2); the stray OVERDUE climb is gone.
    expect(
      after.events
        .filter((e) => e.kind === 'climb')
        .map(({ at, reason, fromLevel, toLevel }) => ({ at, reason, fromLevel, toLevel })),
    ).toEqual([{ at: '2026-11-10', reason: 'NO_REPLY', fromLevel: 0, toLevel: 1 }]);
    expect((await scores()).calendarGaps).toEqual([]);
    expect(await supervision()).toMatchObject({
      overdue: [{ id, reason: 'OVERDUE', due: '2027-01-04', calendarGap: false }],
      calendarGaps: [],
    });
    const calendar = await body<{ years: number[] }>(await api('/api/calendar', { token }));
    expect(calendar.years).toEqual([2025, 2026, 2027]);
  });
});
