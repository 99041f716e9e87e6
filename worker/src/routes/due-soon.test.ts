/**
 * 临期: the replies and resolutions falling due within the next `dueSoonDays` working days (3 by
 * default), per unit and per department — here on Friday 2026-04-03, before 清明 (04-04 to 04-06).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { api, body, login, seedDemoOrg, testEnv } from '../../test/helpers.ts';
import { loadOrg } from '../db.ts';
import { fillDueDatesAfterWrite } from '../district-rules.ts';

const FRIDAY = '2026-04-03';

beforeAll(async () => {
  await seedDemoOrg();
  const db = testEnv.DB;
  const insert = (
    caseNo: string,
    receivedOn: string,
    dates: { replied?: string; resolved?: string; assignee?: string } = {},
  ) =>
    db
      .prepare(
        `INSERT INTO cases (unit, area, owner_unit, natural_key, period, case_no, received_on,
           reporter_name, category, summary, first_receiver, status, replied_on, resolved_on,
           assignee_unit, data, submission_id, created_at, updated_at)
         VALUES ('YP-CB-001', 'YP-CB-001', 'YP-CB-001', ?1, '2026', ?1, ?2, '王', '城市管理',
           '占道经营', '李', '办理中', ?3, ?4, ?5, '{}', 'test', ?2, ?2)`,
      )
      .bind(
        caseNo,
        receivedOn,
        dates.replied ?? null,
        dates.resolved ?? null,
        dates.assignee ?? null,
      );
  // Reply within 7 days, resolution within 30 (calendar days; a last day off moves on).
  await db.batch([
    insert('A', '2026-03-27'), // reply due Friday 04-03: today
    insert('B', '2026-03-31'), // reply due Tuesday 04-07, the first working day after 清明
    insert('C', '2026-04-02', { assignee: 'YP-D-FG' }), // reply due Thursday 04-09, the third
    insert('D', '2026-04-03'), // reply due Friday 04-10, the fourth working day: not yet
    insert('E', '2026-03-31', { replied: '2026-04-01' }), // replied
    insert('F', '2026-03-08', { replied: '2026-03-10' }), // resolution due Tuesday 04-07
    insert('G', '2026-03-08', { replied: '2026-03-10', resolved: '2026-04-01' }), // resolved
  ]);
  // What a submission does after writing its cases: the list reads the due dates filled.
  await fillDueDatesAfterWrite(db, await loadOrg(db), 'YP-CB-001');
});

describe('临期', () => {
  it('on a Friday before a holiday the list runs through the third working day after it', async () => {
    const res = await api(`/api/due-soon?unit=YP-CB&asOf=${FRIDAY}`, {
      token: await login('YP-CB'),
    });
    expect(res.status).toBe(200);
    const list = await body<{
      days: number;
      until: string;
      items: { caseNo: string; due: string; kind: string; calendarGap: boolean }[];
    }>(res);
    expect(list).toMatchObject({ days: 3, until: '2026-04-09', calendarGaps: [] });
    expect(list.items.map(({ caseNo, due, kind }) => ({ caseNo, due, kind }))).toEqual([
      { caseNo: 'A', due: '2026-04-03', kind: 'reply' },
      { caseNo: 'B', due: '2026-04-07', kind: 'reply' },
      { caseNo: 'F', due: '2026-04-07', kind: 'resolution' },
      { caseNo: 'C', due: '2026-04-09', kind: 'reply' },
    ]);
  });

  it('a department sees the cases assigned to it; a unit outside the subtree is refused', async () => {
    const department = await body<{ items: { caseNo: string }[] }>(
      await api(`/api/due-soon?unit=YP-D-FG&asOf=${FRIDAY}`, { token: await login('YP') }),
    );
    expect(department.items.map((i) => i.caseNo)).toEqual(['C']);
    const other = await api(`/api/due-soon?unit=YP-D-FG&asOf=${FRIDAY}`, {
      token: await login('YP-CB'),
    });
    expect(other.status).toBe(403);
  });

  it('follows the district setting dueSoonDays', async () => {
    const token = await login('YP');
    await api('/api/settings', { method: 'PUT', token, json: { dueSoonDays: 1 } });
    const list = await body<{ until: string; items: { caseNo: string }[] }>(
      await api(`/api/due-soon?unit=YP-CB-001&asOf=${FRIDAY}`, { token }),
    );
    expect(list.until).toBe('2026-04-07');
    expect(list.items.map((i) => i.caseNo)).toEqual(['A', 'B', 'F']);
  });
});
