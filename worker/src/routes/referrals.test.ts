import { beforeAll, describe, expect, it } from 'vitest';
import { api, body, login, seedDemoOrg, testEnv } from '../../test/helpers.ts';
import { insertDemoLedgers } from '../../test/rules-data.ts';

const DATE = '2026-11-15';
const db = () => testEnv.DB;

beforeAll(async () => {
  await seedDemoOrg();
  await insertDemoLedgers();
  await api('/api/sweep', { method: 'POST', token: await login('YP'), json: { date: DATE } });
});

/** An open case the calendar took as high as it goes: 区. */
async function caseAtDistrictLevel() {
  return (await db()
    .prepare(
      'SELECT id, level, unit FROM case_rows WHERE level = 2 AND resolved_on IS NULL LIMIT 1',
    )
    .first<{ id: number; level: number; unit: string }>())!;
}

const refer = async (user: string, id: number, json: Record<string, unknown>) =>
  api(`/api/cases/${id}/referral`, { method: 'POST', token: await login(user), json });

describe('the top of the ladder', () => {
  it('no case reaches 常委会 by the calendar, however long it stays open', async () => {
    const top = await db()
      .prepare('SELECT count(*) AS n FROM case_rows WHERE level = 3')
      .first<{ n: number }>();
    expect(top!.n).toBe(0);
    const stuck = await db()
      .prepare('SELECT count(*) AS n FROM case_rows WHERE level = 2 AND resolved_on IS NULL')
      .first<{ n: number }>();
    expect(stuck!.n).toBeGreaterThan(0);
  });

  it('a sub-district or a department may not refer a case; a district clerk neither', async () => {
    const target = await caseAtDistrictLevel();
    const json = { reason: '涉及多部门的综合性疑难问题', meetingOn: '2026-11-10' };
    for (const user of ['YP-CB', 'YP-CB-001', 'YP-D-FG']) {
      expect((await refer(user, target.id, json)).status).toBe(403);
    }
    const after = await db().prepare('SELECT level FROM case_rows WHERE id = ?1').bind(target.id);
    expect((await after.first<{ level: number }>())!.level).toBe(2);
  });

  it('a district reviewer refers a case with its reason and meeting date: it climbs, once', async () => {
    const target = await caseAtDistrictLevel();
    const future = await refer('YP', target.id, {
      reason: '综合性疑难问题',
      meetingOn: '2099-01-01',
    });
    expect(future.status).toBe(422);
    expect((await body(future)).error).toMatchObject({ code: 'MEETING_IN_FUTURE' });
    const noReason = await refer('YP', target.id, { meetingOn: '2026-11-10' });
    expect(noReason.status).toBe(400);

    const res = await refer('YP', target.id, { reason: '综合性疑难问题', meetingOn: '2026-11-10' });
    expect(res.status).toBe(200);
    expect(await body(res)).toMatchObject({ level: 3, meetingOn: '2026-11-10', by: 'YP' });
    const detail = await body<{
      record: Record<string, unknown>;
      events: Record<string, unknown>[];
    }>(await api(`/api/cases/${target.id}`, { token: await login('YP') }));
    expect(detail.record).toMatchObject({ level: 3 });
    expect(detail.events).toContainEqual(
      expect.objectContaining({ kind: 'climb', toLevel: 3, reason: 'REFERRED', at: '2026-11-10' }),
    );
    // It keeps its handling unit: the area that had it still sees and handles it.
    const unit = await db().prepare('SELECT unit FROM cases WHERE id = ?1').bind(target.id);
    expect((await unit.first<{ unit: string }>())!.unit).toBe(target.unit);

    const again = await refer('YP', target.id, { reason: '再次提交', meetingOn: '2026-11-12' });
    expect(again.status).toBe(409);
    const audits = await db()
      .prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'case.refer' AND target = ?1")
      .bind(String(target.id))
      .first<{ n: number }>();
    expect(audits!.n).toBe(1);
  });

  it('the next sweep keeps a referred case at 常委会 and adds no second climb', async () => {
    const token = await login('YP');
    await api('/api/sweep', { method: 'POST', token, json: { date: '2026-11-16' } });
    const { results } = await db()
      .prepare(
        `SELECT c.level, (SELECT count(*) FROM case_climbs e
                           WHERE e.case_id = c.id AND e.reason = 'REFERRED') AS n
           FROM case_rows c WHERE c.level = 3`,
      )
      .all<{ level: number; n: number }>();
    expect(results).toEqual([{ level: 3, n: 1 }]);
  });
});
