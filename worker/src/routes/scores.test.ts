import { beforeAll, describe, expect, it } from 'vitest';
import { seedCalendar, shiftDays } from '../../../shared/calendar.ts';
import type { CaseEvent } from '../../../shared/escalation.ts';
import { type GroupBy, groupFigures, type ScoredEvaluation } from '../../../shared/scores.ts';
import { DEFAULT_SETTINGS, resolveSettings } from '../../../shared/settings.ts';
import { api, body, login, seedDemoOrg, testEnv } from '../../test/helpers.ts';
import { demoCases, demoEvaluations, demoOrg, insertDemoLedgers } from '../../test/rules-data.ts';
import type { Receipt } from '../submissions.ts';

const AS_OF = '2026-11-15';

/** The demo cases, and after `beforeAll` the current records of the ledgers submitted below too. */
const cases: Record<string, unknown>[] = [...demoCases];
/** Likewise the evaluations. */
const evaluations: Record<string, unknown>[] = [...demoEvaluations];

type Row = { row: number; values: Record<string, unknown> };

async function submitCases(
  area: string,
  key: string,
  rows: Row[],
  kind: 'case' | 'evaluation' = 'case',
): Promise<Receipt> {
  const res = await api('/api/submissions', {
    method: 'POST',
    token: await login(area),
    headers: { 'Idempotency-Key': key },
    json: { kind, unit: area, period: '2026-10', rows },
  });
  expect(res.status).toBe(201);
  return body<Receipt>(res);
}

async function returnVersion(area: string, id: string): Promise<void> {
  const reviewer = await login(demoOrg.get(area)!.parent!);
  const res = await api(`/api/submissions/${id}/return`, {
    method: 'POST',
    token: reviewer,
    json: { reason: '请核对' },
  });
  expect(res.status).toBe(200);
}

/** The canonical rows a version stored: what its ledger counts while it is the counting one. */
async function storedRows(area: string, id: string): Promise<Record<string, unknown>[]> {
  const res = await api(`/api/submissions/${id}`, { token: await login(area) });
  const { rows } = await body<{ rows: { values: Record<string, unknown> }[] }>(res);
  return rows.map((r) => ({ unit: area, ...r.values }));
}

/**
 * Ledgers with returned and replaced versions, in four areas: each version's rows are another
 * area's demo cases under this ledger's own case numbers (so each key's values change).
 */
async function submitVersions(): Promise<void> {
  const areas = [...new Set(demoCases.map((c) => c.area))].slice(0, 4);
  const versionOf = (area: string, from: number, count: number): Row[] =>
    demoCases.slice(from, from + count).map((c, i) => {
      const { unit: _unit, ...values } = c;
      // A case keeps its first receiver through every version (首问负责制): the same per key.
      const firstReceiver = demoCases[i]!.firstReceiver;
      return { row: i + 3, values: { ...values, area, caseNo: `EQ-${area}-${i}`, firstReceiver } };
    });
  const [replaced, returned, onlyReturned, olderReturned] = areas as [
    string,
    string,
    string,
    string,
  ];
  // Replaced: version 2 keeps 8 of the 10 keys with other values and drops 2.
  await submitCases(replaced, 'eq-r1', versionOf(replaced, 0, 10));
  const r2 = await submitCases(replaced, 'eq-r2', versionOf(replaced, 20, 8));
  cases.push(...(await storedRows(replaced, r2.id)));
  // Returned: version 2 (other values, fewer rows) is returned; version 1 counts again.
  const t1 = await submitCases(returned, 'eq-t1', versionOf(returned, 40, 10));
  const t2 = await submitCases(returned, 'eq-t2', versionOf(returned, 60, 6));
  await returnVersion(returned, t2.id);
  cases.push(...(await storedRows(returned, t1.id)));
  // The only version returned: none of its rows counts.
  const o1 = await submitCases(onlyReturned, 'eq-o1', versionOf(onlyReturned, 80, 10));
  await returnVersion(onlyReturned, o1.id);
  // An older version returned: the latest still counts.
  const l1 = await submitCases(olderReturned, 'eq-l1', versionOf(olderReturned, 100, 10));
  const l2 = await submitCases(olderReturned, 'eq-l2', versionOf(olderReturned, 120, 9));
  await returnVersion(olderReturned, l1.id);
  cases.push(...(await storedRows(olderReturned, l2.id)));

  // Sub-districts' ratings of their areas: one ledger reinstated by a return, one replaced.
  const ratingRows = (subjects: [string, string, string][]): Row[] =>
    subjects.map(([subject, evaluatorGroup, overall], i) => ({
      row: i + 3,
      values: { period: '2026', subjectKind: '单位', subject, evaluatorGroup, overall },
    }));
  const e1 = await submitCases(
    'YP-CB',
    'eq-e1',
    ratingRows([
      ['YP-CB-001', '群众', '满意'],
      ['YP-CB-002', '政府', '基本满意'],
    ]),
    'evaluation',
  );
  const e2 = await submitCases(
    'YP-CB',
    'eq-e2',
    ratingRows([['YP-CB-001', '群众', '不满意']]),
    'evaluation',
  );
  await returnVersion('YP-CB', e2.id);
  evaluations.push(...(await storedRows('YP-CB', e1.id)));
  await submitCases(
    'YP-WJC',
    'eq-f1',
    ratingRows([
      ['YP-WJC-001', '群众', '不满意'],
      ['YP-WJC-002', '群众', '满意'],
    ]),
    'evaluation',
  );
  const f2 = await submitCases(
    'YP-WJC',
    'eq-f2',
    ratingRows([['YP-WJC-001', '群众', '基本满意']]),
    'evaluation',
  );
  evaluations.push(...(await storedRows('YP-WJC', f2.id)));
}

beforeAll(async () => {
  await seedDemoOrg();
  await insertDemoLedgers();
  await submitVersions();
});

/** Stored steps of a few cases (as edits leave them), by case number: see the test below. */
const steppedCases = new Map<string, CaseEvent[]>();

/** What the shared function gives for the same records (the CLI's path). */
function pure(
  unit: string,
  by: GroupBy,
  period: string | null,
  settings = DEFAULT_SETTINGS,
  asOf = AS_OF,
) {
  const inScope = (cases as typeof demoCases)
    .map((c) => (steppedCases.has(c.caseNo) ? { ...c, events: steppedCases.get(c.caseNo) } : c))
    .filter((c) =>
      demoOrg.get(unit)?.kind === 'department'
        ? demoOrg.find(c.assignee ?? '')?.code === unit
        : demoOrg.isWithin(c.area, unit),
    );
  return groupFigures(inScope, by, {
    asOf,
    settings,
    calendar: seedCalendar(),
    period,
    org: demoOrg,
    unit,
    evaluations: evaluations as unknown as ScoredEvaluation[],
  });
}

/** The figures of a response (its `calendarGaps` are checked in calendar-years.test.ts). */
async function scores(token: string, query: string) {
  const res = await api(`/api/scores?${query}`, { token });
  expect(res.status).toBe(200);
  const { calendarGaps, ...figures } = await body(res);
  expect(calendarGaps).toEqual(expect.any(Array));
  return figures;
}

describe('GET /api/scores', () => {
  it('gives by SQL exactly the figures the shared function computes, for every grouping', async () => {
    const token = await login('YP');
    for (const by of ['children', 'area', 'department', 'cadre'] as const) {
      const sql = await scores(token, `unit=YP&period=2026&asOf=${AS_OF}&by=${by}`);
      expect(sql).toEqual(JSON.parse(JSON.stringify(pure('YP', by, '2026'))));
    }
    // The data holds dispatched cases, and the department's clock moves the figures.
    expect(cases.filter((c) => c.dispatchedOn).length).toBeGreaterThan(20);
    const byDepartment = pure('YP', 'department', '2026');
    const fromReceipt = groupFigures(cases as typeof demoCases, 'department', {
      asOf: AS_OF,
      settings: DEFAULT_SETTINGS,
      calendar: seedCalendar(),
      period: '2026',
      org: demoOrg,
      unit: 'YP',
      clock: 'unit',
    });
    expect(byDepartment.groups).not.toEqual(fromReceipt.groups);
  });

  it('agrees after a dispatch, an extension and a reassignment through the API', async () => {
    const district = await login('YP');
    const open = (cases as typeof demoCases).filter(
      (c) => !c.resolvedOn && !c.dispatchedOn && demoOrg.isWithin(c.area, 'YP-CB'),
    );
    const [first, second] = open as [(typeof demoCases)[0], (typeof demoCases)[0]];
    const idOf = async (c: (typeof demoCases)[0]) =>
      (await testEnv.DB.prepare('SELECT id FROM cases WHERE case_no = ?1 AND unit = ?2')
        .bind(c.caseNo, c.unit)
        .first<{ id: number }>())!.id;
    const post = async (token: string, path: string, json?: unknown) => {
      const res = await api(path, { method: 'POST', token, ...(json ? { json } : {}) });
      expect(res.status).toBe(200);
      return body(res);
    };
    const plan = { handler: '张伟', plan: '现场核查后制定整改方案' };
    const a = await idOf(first);
    const { dispatchedOn } = await post(district, `/api/cases/${a}/dispatch`, {
      department: 'YP-D-FG',
      ...plan,
    });
    await post(await login('YP-D-FG'), `/api/cases/${a}/extension`, { days: 15, reason: '需协调' });
    await post(district, `/api/cases/${a}/extension/grant`);
    const b = await idOf(second);
    await post(district, `/api/cases/${b}/dispatch`, { department: 'YP-D-FG', ...plan });
    await post(district, `/api/cases/${b}/reassign`, { department: 'YP-D-MZ', ...plan });
    Object.assign(first, { assignee: 'YP-D-FG', dispatchedOn, extensionDays: 15 });
    Object.assign(second, { assignee: 'YP-D-MZ', dispatchedOn, firstDispatchedOn: dispatchedOn });
    // After the dispatch date, so both clocks have due dates in view.
    const later = shiftDays(dispatchedOn as string, 50);
    for (const by of ['department', 'children'] as const) {
      const sql = await scores(district, `unit=YP&period=2026&asOf=${later}&by=${by}`);
      expect(sql).toEqual(
        JSON.parse(JSON.stringify(pure('YP', by, '2026', DEFAULT_SETTINGS, later))),
      );
    }
    const department = await scores(district, `unit=YP-D-FG&asOf=${later}&by=cadre`);
    expect(department).toEqual(
      JSON.parse(JSON.stringify(pure('YP-D-FG', 'cadre', null, DEFAULT_SETTINGS, later))),
    );
  });

  it('counts a case with stored steps by its whole history, as the shared function does', async () => {
    // A case resolved on time by its record, whose history says: resolved late, rated 不满意,
    // resolved again within the new date — still late.
    const record = demoCases.find(
      (c) => c.resolvedOn !== null && c.receivedOn < '2026-06-01' && c.resolvedOn < '2026-06-15',
    )!;
    const lateOn = shiftDays(record.receivedOn, 45);
    const steps: CaseEvent[] = [
      { on: lateOn, type: 'resolved' },
      { on: shiftDays(lateOn, 2), type: 'rated', satisfaction: '不满意' },
      { on: shiftDays(lateOn, 10), type: 'resolved' },
    ];
    const token = await login('YP');
    const before = await scores(token, `unit=YP&period=2026&asOf=${AS_OF}&by=children`);
    const { id } = (await testEnv.DB.prepare(
      'SELECT id FROM cases WHERE case_no = ?1 AND unit = ?2',
    )
      .bind(record.caseNo, record.unit)
      .first<{ id: number }>())!;
    await testEnv.DB.batch([
      ...steps.map((step) =>
        testEnv.DB.prepare(
          `INSERT INTO case_events (case_id, at, kind, reason, actor, after, created_at)
           VALUES (?1, ?2, ?3, '', 'test', ?4, ?2)`,
        ).bind(id, step.on, step.type, JSON.stringify({ satisfaction: step.satisfaction ?? null })),
      ),
      testEnv.DB.prepare('UPDATE cases SET stepped = 1 WHERE id = ?1').bind(id),
    ]);
    steppedCases.set(record.caseNo, steps);
    const after = await scores(token, `unit=YP&period=2026&asOf=${AS_OF}&by=children`);
    expect(after).toEqual(JSON.parse(JSON.stringify(pure('YP', 'children', '2026'))));
    expect(after).not.toEqual(before);
  });

  it('agrees for a sub-district, a quarter, a month and a department', async () => {
    const token = await login('YP');
    const cb = await scores(token, `unit=YP-CB&period=2026Q3&asOf=${AS_OF}&by=area`);
    expect(cb).toEqual(JSON.parse(JSON.stringify(pure('YP-CB', 'area', '2026Q3'))));
    const may = await scores(token, `unit=YP&period=2026-05&asOf=${AS_OF}&by=children`);
    expect(may).toEqual(JSON.parse(JSON.stringify(pure('YP', 'children', '2026-05'))));
    // Mid-year: ratings dated after the as-of date, 不满意 cases before their new due date.
    const midYear = await scores(token, `unit=YP&period=2026&asOf=2026-06-30&by=area`);
    expect(midYear).toEqual(
      JSON.parse(JSON.stringify(pure('YP', 'area', '2026', DEFAULT_SETTINGS, '2026-06-30'))),
    );
    const department = await scores(token, `unit=YP-D-FG&asOf=${AS_OF}&by=cadre`);
    expect(department).toEqual(JSON.parse(JSON.stringify(pure('YP-D-FG', 'cadre', null))));
  });

  it('answers the monthly trend in the same request, each month as its own request and the shared function give it', async () => {
    const token = await login('YP');
    for (const [unit, asOf] of [
      ['YP', AS_OF],
      ['YP-CB', '2026-06-30'],
      ['YP-D-FG', AS_OF],
    ] as const) {
      const { trend, ...figures } = await scores(
        token,
        `unit=${unit}&period=2026&asOf=${asOf}&by=area&trend=month`,
      );
      // The same figures as without the trend.
      expect(figures).toEqual(await scores(token, `unit=${unit}&period=2026&asOf=${asOf}&by=area`));
      const months = Number(asOf.slice(5, 7));
      const expected = [];
      for (let m = 1; m <= months; m++) {
        const month = `2026-${String(m).padStart(2, '0')}`;
        const alone = await scores(token, `unit=${unit}&period=${month}&asOf=${asOf}&by=area`);
        const total = alone.total as { composite: number | null; intake: number };
        const shared = pure(unit, 'area', month, DEFAULT_SETTINGS, asOf).total;
        expect([month, total.composite, total.intake]).toEqual([
          month,
          shared.composite,
          shared.intake,
        ]);
        expected.push({ month, composite: total.composite, intake: total.intake });
      }
      expect(trend).toEqual(expected);
      expect(expected.some((m) => m.intake > 0)).toBe(true);
    }
  });

  it('has figures with data: the demo district is not empty', async () => {
    const result = await scores(await login('YP'), `unit=YP&period=2026&asOf=${AS_OF}`);
    const total = result.total as Record<string, unknown>;
    // The demo cases, 8 of a replaced ledger, 10 of a reinstated one, 9 of one with an older return.
    expect(total.intake).toBe(demoCases.length + 8 + 10 + 9);
    expect(total.composite).toEqual(expect.any(Number));
    expect((result.groups as unknown[]).length).toBeGreaterThan(5);
  });

  it('follows a change of settings: working days and 基本满意 at 0.9', async () => {
    const token = await login('YP');
    const patch = { dayMode: 'working', basicSatisfiedWeight: 0.9 };
    const put = await api('/api/settings', { method: 'PUT', token, json: patch });
    expect(put.status).toBe(200);
    const sql = await scores(token, `unit=YP&period=2026&asOf=${AS_OF}&by=children`);
    const expected = pure('YP', 'children', '2026', resolveSettings(patch));
    expect(sql).toEqual(JSON.parse(JSON.stringify(expected)));
    expect(sql).not.toEqual(JSON.parse(JSON.stringify(pure('YP', 'children', '2026'))));
    await api('/api/settings', {
      method: 'PUT',
      token,
      json: { dayMode: 'calendar', basicSatisfiedWeight: 1 },
    });
  });

  it('refuses a unit outside the account’s subtree and a bad period', async () => {
    const token = await login('YP-CB');
    expect((await api('/api/scores?unit=YP-WJC', { token })).status).toBe(403);
    expect((await api('/api/scores?unit=YP-CB&period=2026Q5', { token })).status).toBe(400);
    expect((await api('/api/scores?unit=NOPE', { token })).status).toBe(404);
  });
});
