import { beforeAll, describe, expect, it } from 'vitest';
import { seedCalendar, shiftDays } from '../../shared/calendar.ts';
import { escalate, levelOfUnitKind, reporterIndex } from '../../shared/escalation.ts';
import { DEFAULT_SETTINGS } from '../../shared/settings.ts';
import { api, body, login, seedDemoOrg, testEnv } from '../test/helpers.ts';
import { demoCases, insertDemoLedgers } from '../test/rules-data.ts';
import { todayInChina } from './db.ts';
import { runSweep, scheduledSweep } from './sweep.ts';
import { stepsOf } from './sweep-cases.ts';

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
    const stored = await count('SELECT count(*) AS n FROM case_climbs');
    expect(stored).toBe(first.climbs);
    const second = await body(
      await api('/api/sweep', { method: 'POST', token, json: { date: DATE } }),
    );
    expect(second).toMatchObject({ cases: first.cases, climbs: 0, updated: 0 });
    expect(await count('SELECT count(*) AS n FROM case_climbs')).toBe(stored);
  });

  it('stores for every open case the level and climbs the shared escalate gives', async () => {
    const index = reporterIndex(demoCases.map((c) => ({ ...c, status: String(c.status) })));
    const { results } = await db()
      .prepare(
        `SELECT c.case_no, c.unit, c.level, c.current_due,
                (SELECT json_group_array(json_array(e.at, e.from_level, e.to_level, e.reason))
                   FROM (SELECT * FROM case_climbs e WHERE e.case_id = c.id ORDER BY e.at, e.to_level) e) AS climbs
           FROM case_rows c WHERE c.resolved_on IS NULL ORDER BY c.id`,
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
    const before = await count('SELECT count(*) AS n FROM case_climbs');
    const res = await api('/api/sweep', {
      method: 'POST',
      token: await login('YP'),
      json: { date: '2036-11-30' },
    });
    expect(res.status).toBe(422);
    expect((await body<{ error: { code: string } }>(res)).error.code).toBe('FUTURE_SWEEP');
    expect(await count('SELECT count(*) AS n FROM case_climbs')).toBe(before);
  });

  it('the district admin re-derives a case whose climbs went wrong: as the sweep would today', async () => {
    const { id, case_no, unit } = (await db()
      .prepare(
        'SELECT id, case_no, unit FROM case_rows WHERE level > 0 AND resolved_on IS NULL LIMIT 1',
      )
      .first<{ id: number; case_no: string; unit: string }>())!;
    // What a sweep run for a future day leaves behind: a climb dated next year, the top level.
    await db()
      .prepare(
        `UPDATE case_ladder SET level = 3,
                climbs = json_insert(climbs, '$[#]', json_array('2027-01-05', 2, 3, 'overdue', 'YP'))
          WHERE case_id = ?1`,
      )
      .bind(id)
      .run();
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
        'SELECT at, from_level, to_level, reason FROM case_climbs WHERE case_id = ?1 ORDER BY at, to_level',
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

describe('the daily sweep does only the day’s work, and equals a full recomputation', () => {
  type Sweep = {
    cases: number;
    recomputed: number;
    full: boolean;
    climbs: number;
    updated: number;
  };
  const sweep = async (date: string) =>
    body<Sweep>(
      await api('/api/sweep', { method: 'POST', token: await login('YP'), json: { date } }),
    );
  /** What the sweep keeps: each case's level, current due date and climbs. */
  const stored = async () =>
    (
      await db()
        .prepare(
          `SELECT c.id, c.level, c.current_due, l.sweep_on,
                  (SELECT json_group_array(json_array(e.at, e.from_level, e.to_level, e.reason))
                     FROM (SELECT * FROM case_climbs e WHERE e.case_id = c.id
                            ORDER BY e.at, e.to_level, e.reason) e) AS climbs
             FROM case_rows c LEFT JOIN case_ladder l ON l.case_id = c.id ORDER BY c.id`,
        )
        .all()
    ).results;
  /**
   * The day's sweep, then a full recomputation of the same day (the rules forgotten, so every open
   * case is computed again): it must find nothing to add or change.
   */
  const sweepAndCompare = async (date: string) => {
    const daily = await sweep(date);
    const after = await stored();
    await db().prepare('DELETE FROM sweep_state').run();
    const full = await sweep(date);
    expect(full).toMatchObject({ full: true, climbs: 0, updated: 0, cases: daily.cases });
    expect(full.recomputed).toBe(daily.cases);
    expect(await stored()).toEqual(after);
    // In chunks of three cases a reporter's cases fall in several chunks: the same again.
    await db().prepare('DELETE FROM sweep_state').run();
    const chunked = await runSweep(db(), date, 'sweep', 3);
    expect(chunked).toMatchObject({ full: true, climbs: 0, updated: 0, cases: daily.cases });
    expect(await stored()).toEqual(after);
    return daily;
  };
  const climbsOf = async (id: number) =>
    (
      await db()
        .prepare(
          'SELECT at, to_level, reason FROM case_climbs WHERE case_id = ?1 ORDER BY at, to_level',
        )
        .bind(id)
        .all<{ at: string; to_level: number; reason: string }>()
    ).results.map((e) => [e.at, e.to_level, e.reason]);

  it('a quiet day looks only at the cases due that day', async () => {
    await sweep('2026-11-16');
    const day = await sweepAndCompare('2026-11-17');
    expect(day.full).toBe(false);
    expect(day.cases).toBeGreaterThan(50);
    expect(day.recomputed).toBeLessThan(day.cases / 4);
  });

  it('a rating and a referral are looked at the next day', async () => {
    // A resolved case, rated 不满意 at a return visit on the 19th; an open case referred that day.
    const submitted = await api('/api/submissions', {
      method: 'POST',
      token: await login('YP-CB-001'),
      headers: { 'Idempotency-Key': 'sweep-rated' },
      json: {
        kind: 'case',
        unit: 'YP-CB-001',
        period: '2026-10',
        sourceName: '一事一表.xlsx',
        rows: [
          {
            row: 3,
            values: {
              caseNo: 'SWEEP-RATED',
              receivedOn: '2026-10-08',
              channel: '来电',
              reporterName: '王建华',
              reporterPhone: '13912340000',
              area: 'YP-CB-001',
              category: '环境卫生',
              summary: '垃圾箱房异味严重',
              firstReceiver: '李敏',
              status: '已办结',
              repliedOn: '2026-10-09',
              resolvedOn: '2026-10-20',
              result: '已清运并消毒',
              satisfaction: '满意',
            },
          },
        ],
      },
    });
    expect(submitted.status).toBe(201);
    await sweepAndCompare('2026-11-18');
    const rated = (await db()
      .prepare("SELECT id FROM cases WHERE case_no = 'SWEEP-RATED'")
      .first<{ id: number }>())!;
    const patched = await api(`/api/cases/${rated.id}`, {
      method: 'PATCH',
      token: await login('YP-CB-001'),
      json: { satisfaction: '不满意', revisitOn: '2026-11-19' },
    });
    expect(patched.status).toBe(200);
    const referred = (await db()
      .prepare(
        "SELECT id FROM case_rows WHERE resolved_on IS NULL AND current = 1 AND level < 3 AND received_on < '2026-11-01' LIMIT 1",
      )
      .first<{ id: number }>())!;
    const referral = await api(`/api/cases/${referred.id}/referral`, {
      method: 'POST',
      token: await login('YP'),
      json: { reason: '涉及多部门的疑难问题', meetingOn: '2026-11-19' },
    });
    expect(referral.status).toBe(200);

    const day = await sweepAndCompare('2026-11-19');
    expect(day.full).toBe(false);
    expect(await climbsOf(rated.id)).toEqual([['2026-11-19', 1, 'DISSATISFIED']]);
    const level = await db().prepare('SELECT level FROM case_rows WHERE id = ?1').bind(referred.id);
    expect((await level.first<{ level: number }>())!.level).toBe(3);
  });

  // An open case received in November, not a repeat: two earlier cases of its reporter make it one.
  let later: {
    id: number;
    unit: string;
    reporter_phone: string;
    category: string;
    received_on: string;
  };
  const backdated = (i: number, phone: string) => ({
    row: i + 3,
    values: {
      caseNo: `SWEEP-${i}`,
      receivedOn: shiftDays(later.received_on, -1 - i),
      channel: '来电',
      reporterName: '王建华',
      reporterPhone: phone,
      area: later.unit,
      category: later.category,
      summary: '同一问题再次反映',
      firstReceiver: '李敏',
      status: '办理中',
    },
  });
  const submitLedger = async (key: string, phone: string) =>
    api('/api/submissions', {
      method: 'POST',
      token: await login(later.unit),
      headers: { 'Idempotency-Key': key },
      json: {
        kind: 'case',
        unit: later.unit,
        period: '2026-11',
        sourceName: '补录.xlsx',
        rows: [backdated(0, phone), backdated(1, phone)],
      },
    });

  it('new cases submitted for earlier days make a reporter’s later open case a repeat', async () => {
    later = (await db()
      .prepare(
        `SELECT id, unit, reporter_phone, category, received_on FROM case_rows c
          WHERE resolved_on IS NULL AND current = 1 AND received_on >= '2026-11-03'
            AND reporter_phone IS NOT NULL AND category IS NOT NULL AND level < 3
            AND NOT EXISTS (SELECT 1 FROM case_climbs e WHERE e.case_id = c.id
                             AND e.at = c.received_on)
          ORDER BY received_on LIMIT 1`,
      )
      .first())!;
    expect(later).toBeTruthy();
    expect((await submitLedger('sweep-repeat-1', later.reporter_phone)).status).toBe(201);

    const day = await sweepAndCompare('2026-11-20');
    expect(day.full).toBe(false);
    // The third case of one reporter and category within 90 days starts at 街道, on receipt.
    expect(await climbsOf(later.id)).toContainEqual([later.received_on, 1, 'REPEATED']);
  });

  it('a corrected version that gives those cases another phone is looked at too', async () => {
    expect((await submitLedger('sweep-repeat-2', '13900000000')).status).toBe(201);
    const day = await sweepAndCompare('2026-11-25');
    expect(day.full).toBe(false);
    expect(day.recomputed).toBeLessThan(day.cases / 4);
  });

  it('a change of settings makes the next sweep a full one', async () => {
    const res = await api('/api/settings', {
      method: 'PUT',
      token: await login('YP'),
      json: { repeatCount: 4 },
    });
    expect(res.status).toBe(200);
    const day = await sweepAndCompare('2026-11-26');
    expect(day.full).toBe(true);
    expect(day.recomputed).toBe(day.cases);
  });
});
