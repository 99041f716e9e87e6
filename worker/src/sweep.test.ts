import { beforeAll, describe, expect, it } from 'vitest';
import { seedCalendar } from '../../shared/calendar.ts';
import { escalate, levelOfUnitKind, reporterIndex } from '../../shared/escalation.ts';
import { DEFAULT_SETTINGS } from '../../shared/settings.ts';
import { api, body, login, seedDemoOrg, testEnv } from '../test/helpers.ts';
import { demoCases, insertDemoLedgers } from '../test/rules-data.ts';
import { todayInChina } from './db.ts';
import { scheduledSweep, stepsOf } from './sweep.ts';

const DATE = '2026-11-15';
const db = () => testEnv.DB;
const count = async (sql: string) => (await db().prepare(sql).first<{ n: number }>())!.n;

beforeAll(async () => {
  await seedDemoOrg();
  await insertDemoLedgers();
});

describe('the escalation sweep', () => {
  it('is for district admins only', async () => {
    for (const user of ['YP-CB', 'YP-CB-001', 'YP-D-FG']) {
      const res = await api('/api/sweep', {
        method: 'POST',
        token: await login(user),
        json: { date: DATE },
      });
      expect(res.status).toBe(403);
    }
    const bad = await api('/api/sweep', {
      method: 'POST',
      token: await login('YP'),
      json: { date: '15/11/2026' },
    });
    expect(bad.status).toBe(400);
  });

  it('writes climb events once: the second run of the same day adds nothing', async () => {
    const token = await login('YP');
    const first = await body(
      await api('/api/sweep', { method: 'POST', token, json: { date: DATE } }),
    );
    expect(first.climbs).toBeGreaterThan(0);
    const stored = await count("SELECT count(*) AS n FROM case_events WHERE kind = 'climb'");
    expect(stored).toBe(first.climbs);
    const second = await body(
      await api('/api/sweep', { method: 'POST', token, json: { date: DATE } }),
    );
    expect(second).toMatchObject({ cases: first.cases, climbs: 0, updated: 0 });
    expect(await count("SELECT count(*) AS n FROM case_events WHERE kind = 'climb'")).toBe(stored);
  });

  it('stores for every open case the level and climbs the shared escalate gives', async () => {
    const index = reporterIndex(demoCases.map((c) => ({ ...c, status: String(c.status) })));
    const { results } = await db()
      .prepare(
        `SELECT c.case_no, c.unit, c.level, c.current_due,
                (SELECT json_group_array(json_array(e.at, e.from_level, e.to_level, e.reason))
                   FROM (SELECT * FROM case_events e WHERE e.case_id = c.id AND e.kind = 'climb' ORDER BY e.at, e.to_level) e) AS climbs
           FROM cases c WHERE c.resolved_on IS NULL ORDER BY c.id`,
      )
      .all<{ case_no: string; unit: string; level: number; current_due: string; climbs: string }>();
    expect(results.length).toBeGreaterThan(10);
    let climbed = 0;
    for (const row of results) {
      const record = demoCases.find((c) => c.caseNo === row.case_no && c.unit === row.unit)!;
      const state = escalate(
        { ...record, status: String(record.status), receivedLevel: levelOfUnitKind('residential') },
        [],
        DEFAULT_SETTINGS,
        seedCalendar(),
        DATE,
        index.priorCasesOf(record as never),
      );
      expect(row.level).toBe(state.level);
      expect(row.current_due).toBe(state.resolutionDue);
      expect(JSON.parse(row.climbs)).toEqual(
        state.climbs.map((c) => [c.on, c.from, c.to, c.reason]),
      );
      if (state.level > 0) climbed++;
    }
    expect(climbed).toBeGreaterThan(0);
  });

  it('refuses a day after today (China time) with 422, writing nothing', async () => {
    const before = await count("SELECT count(*) AS n FROM case_events WHERE kind = 'climb'");
    const res = await api('/api/sweep', {
      method: 'POST',
      token: await login('YP'),
      json: { date: '2036-11-30' },
    });
    expect(res.status).toBe(422);
    expect((await body<{ error: { code: string } }>(res)).error.code).toBe('FUTURE_SWEEP');
    expect(await count("SELECT count(*) AS n FROM case_events WHERE kind = 'climb'")).toBe(before);
  });

  it('the district admin re-derives a case whose climbs went wrong: as the sweep would today', async () => {
    const { id, case_no, unit } = (await db()
      .prepare(
        'SELECT id, case_no, unit FROM cases WHERE level > 0 AND resolved_on IS NULL LIMIT 1',
      )
      .first<{ id: number; case_no: string; unit: string }>())!;
    // What a sweep run for a future day leaves behind: a climb dated next year, the top level.
    await db().batch([
      db()
        .prepare(
          `INSERT INTO case_events (case_id, at, kind, from_level, to_level, reason, actor, created_at)
           VALUES (?1, '2027-01-05', 'climb', 2, 3, 'overdue', 'YP', '2026-11-30T00:00:00Z')`,
        )
        .bind(id),
      db().prepare('UPDATE cases SET level = 3 WHERE id = ?1').bind(id),
    ]);
    expect(
      (await api(`/api/cases/${id}/rederive`, { method: 'POST', token: await login('YP-CB') }))
        .status,
    ).toBe(403);
    const res = await api(`/api/cases/${id}/rederive`, {
      method: 'POST',
      token: await login('YP'),
    });
    expect(res.status).toBe(200);

    const today = todayInChina();
    const record = demoCases.find((c) => c.caseNo === case_no && c.unit === unit)!;
    const index = reporterIndex(demoCases.map((c) => ({ ...c, status: String(c.status) })));
    const state = escalate(
      { ...record, status: String(record.status), receivedLevel: levelOfUnitKind('residential') },
      [],
      DEFAULT_SETTINGS,
      seedCalendar(),
      today,
      index.priorCasesOf(record as never),
    );
    const stored = await db()
      .prepare(
        "SELECT at, from_level, to_level, reason FROM case_events WHERE case_id = ?1 AND kind = 'climb' ORDER BY at, to_level",
      )
      .bind(id)
      .all<{ at: string; from_level: number; to_level: number; reason: string }>();
    expect(stored.results.map((e) => [e.at, e.from_level, e.to_level, e.reason])).toEqual(
      state.climbs.map((c) => [c.on, c.from, c.to, c.reason]),
    );
    expect(await body(res)).toEqual({ id, climbs: state.climbs.length, level: state.level });
  });

  it('runs from the Cron Trigger as of today in China', async () => {
    // 2026-11-15T16:30Z is 00:30 on the 16th in Shanghai.
    const result = await scheduledSweep(db(), Date.parse('2026-11-15T16:30:00Z'));
    expect(result.date).toBe('2026-11-16');
  });
});

describe('escalation steps from stored events', () => {
  // PATCH writes one `update` event per changed field (cases route), at one instant.
  const update = (at: string, key: string, before: unknown, after: unknown) => ({
    case_id: 1,
    at,
    kind: 'update',
    before: JSON.stringify({ [key]: before }),
    after: JSON.stringify({ [key]: after }),
  });

  it('reads a report up from an edit of the status; ignores climbs', () => {
    const steps = stepsOf([
      update('2026-05-03T10:00:00+08:00', 'status', '办理中', '上报'),
      { case_id: 1, at: '2026-05-04', kind: 'climb', before: null, after: null },
    ]);
    expect(steps).toEqual([{ on: '2026-05-03', type: 'reported_up' }]);
  });

  it('a 不满意 replaced by 满意 stays a rating on its own return-visit date', () => {
    const at = '2026-06-01T10:00:00+08:00';
    const steps = stepsOf(
      [
        update(at, 'satisfaction', '不满意', '满意'),
        update(at, 'revisitOn', '2026-05-20', '2026-06-01'),
      ],
      { revisitOn: '2026-06-01', resolvedOn: '2026-05-15' },
    );
    expect(steps).toEqual([
      { on: '2026-05-20', type: 'rated', satisfaction: '不满意' },
      { on: '2026-06-01', type: 'rated', satisfaction: '满意' },
    ]);
  });

  it('a rating edited alone is dated by the record’s return visit, else the day of the edit', () => {
    const edit = [update('2026-06-03T09:00:00+08:00', 'satisfaction', '未评价', '不满意')];
    expect(stepsOf(edit, { revisitOn: '2026-06-02' })).toEqual([
      { on: '2026-06-02', type: 'rated', satisfaction: '不满意' },
    ]);
    expect(stepsOf(edit)).toEqual([{ on: '2026-06-03', type: 'rated', satisfaction: '不满意' }]);
  });
});
