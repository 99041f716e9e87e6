/**
 * The scope matrix: every endpoint × every role × units of every relation (own, child, below,
 * parent, above, sibling, other) → the status the role model in scope.ts says. The expectations
 * are generated from POLICIES and ENDPOINT_RULES; a route without a rule, a rule the role model
 * does not know, or a rule without a way to call it here fails the first test, and a guarded
 * endpoint whose calls never meet both a 2xx and a 403 fails its own.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { buildOrgTree, type OrgTree, type UnitKind } from '../../shared/org.ts';
import { api, body, DEMO_UNITS, login, PASSWORD, seedDemoOrg, testEnv } from '../test/helpers.ts';
import { hashPassword } from './crypto.ts';
import { ENDPOINT_RULES, ENDPOINTS } from './endpoints.ts';
import { allows, POLICIES, type Policy, ROLES, type Role, relationOf } from './scope.ts';

const org: OrgTree = buildOrgTree(DEMO_UNITS);
const DISTRICT = 'YP';
/** Units the requests aim at: one of every kind, on both sides of two sub-districts. */
const TARGETS = [
  'YP',
  'YP-CB',
  'YP-CB-001',
  'YP-CB-002',
  'YP-WJC',
  'YP-WJC-001',
  'YP-D-RS',
  'YP-D-FG',
];
/** Units the accounts belong to: the district, a sub-district, an area and a department. */
const ACTOR_UNITS = ['YP', 'YP-CB', 'YP-CB-001', 'YP-D-RS'];

interface Actor {
  username: string;
  unit: string;
  roles: Role[];
  token: string;
}

interface Call {
  method: string;
  path: string;
  json?: unknown;
  headers?: Record<string, string>;
  /** The unit the role model is asked about, and whether the case is assigned to the actor. */
  target: string;
  assigned?: boolean;
}

type Builder = (target: string, actor: Actor, n: number) => Promise<Call | null>;

const CHILD_KIND: Record<UnitKind, UnitKind | null> = {
  district: 'subdistrict',
  subdistrict: 'residential',
  residential: null,
  department: null,
};

const now = new Date().toISOString();
let fixtureCount = 0;

/** A bare submission of `unit`, status submitted, straight into D1 (its rows do not matter here). */
async function insertSubmission(unit: string, period = '2026'): Promise<string> {
  const id = `fixture-${++fixtureCount}`;
  await testEnv.DB.prepare(
    `INSERT INTO submissions (id, unit, kind, period, version, status, row_count, submitted_by, submitted_at)
     SELECT ?1, ?2, 'household', ?3, coalesce(max(version), 0) + 1, 'submitted', 0, ?2, ?4
       FROM submissions WHERE unit = ?2 AND kind = 'household' AND period = ?3`,
  )
    .bind(id, unit, period, now)
    .run();
  return id;
}

const caseData = (area: string | null, assignee: string | null) => ({
  caseNo: `F-${++fixtureCount}`,
  receivedOn: '2026-11-01',
  channel: '来电',
  reporterName: '王建华',
  reporterPhone: '13912341139',
  address: '长白路1号',
  area,
  category: '环境卫生',
  summary: '垃圾箱房异味严重',
  firstReceiver: '李敏',
  assignee,
  status: '办理中',
  repliedOn: null,
  resolvedOn: null,
  result: null,
  signedOff: null,
  revisitOn: null,
  satisfaction: '未评价',
  remarks: null,
});

const fixtures = {
  cases: new Map<string, { id: number; owner: string; assignee: string | null }>(),
  households: new Map<string, number>(),
  visits: new Map<string, number>(),
  evaluations: new Map<string, number>(),
  cadres: new Map<string, number>(),
  submissions: new Map<string, string>(),
};

/**
 * One record of every ledger per target unit. A department's case belongs to the district and is
 * assigned to the department at level 2, as the district office dispatches it.
 */
async function insertFixtures(): Promise<void> {
  const db = testEnv.DB;
  for (const target of TARGETS) {
    const unit = org.get(target)!;
    const isDepartment = unit.kind === 'department';
    const owner = isDepartment ? DISTRICT : target;
    const area = unit.kind === 'residential' ? target : null;
    const data = caseData(area, isDepartment ? target : null);
    const level = unit.kind === 'residential' ? 0 : unit.kind === 'subdistrict' ? 1 : 2;
    const inserted = await db
      .prepare(
        `INSERT INTO cases (unit, area, owner_unit, natural_key, period, case_no, received_on, reporter_name,
           reporter_phone, summary, first_receiver, status, assignee, assignee_unit, dispatched_unit,
           received_level, data, submission_id, version, created_at, updated_at)
         VALUES (?1, ?2, ?1, ?3, '2026', ?3, '2026-11-01', '王建华', '13912341139', '垃圾箱房异味严重',
           '李敏', '办理中', ?4, ?4, ?4, ?5, ?6, 'fixture', 1, ?7, ?7) RETURNING id`,
      )
      .bind(owner, area, data.caseNo, data.assignee, level, JSON.stringify(data), now)
      .first<{ id: number }>();
    fixtures.cases.set(target, { id: inserted!.id, owner, assignee: data.assignee });
    const simple = async (sql: string, values: Record<string, unknown>) =>
      (await db
        .prepare(sql)
        .bind(target, `${target}-${++fixtureCount}`, JSON.stringify(values), now)
        .first<{ id: number }>())!.id;
    fixtures.households.set(
      target,
      await simple(
        `INSERT INTO households (unit, owner_unit, natural_key, period, household_no, address, head_name, data, submission_id, created_at, updated_at)
         VALUES (?1, ?1, ?2, '2026', ?2, '长白路1号', '陈桂兰', ?3, 'fixture', ?4, ?4) RETURNING id`,
        { householdNo: 'H', headName: '陈桂兰', phone: '13800001234' },
      ),
    );
    fixtures.visits.set(
      target,
      await simple(
        `INSERT INTO visits (unit, owner_unit, natural_key, period, visit_on, cadre, content, data, submission_id, created_at, updated_at)
         VALUES (?1, ?1, ?2, '2026', '2026-05-14', '刘志强', '走访', ?3, 'fixture', ?4, ?4) RETURNING id`,
        { visitOn: '2026-05-14', cadre: '刘志强', content: '走访' },
      ),
    );
    fixtures.evaluations.set(
      target,
      await simple(
        `INSERT INTO evaluations (unit, owner_unit, natural_key, period, eval_period, subject_kind, subject, evaluator_group, data, submission_id, created_at, updated_at)
         VALUES (?1, ?1, ?2, '2026', '2026', '干部', '刘志强', '群众', ?3, 'fixture', ?4, ?4) RETURNING id`,
        { period: '2026', subjectKind: '干部', subject: '刘志强', evaluatorGroup: '群众' },
      ),
    );
    fixtures.cadres.set(
      target,
      await simple(
        `INSERT INTO cadres (unit, owner_unit, natural_key, period, cadre_no, name, rank, data, submission_id, created_at, updated_at)
         VALUES (?1, ?1, ?2, '2026', ?2, '刘志强', '科级', ?3, 'fixture', ?4, ?4) RETURNING id`,
        { cadreNo: 'C1', name: '刘志强', rank: '科级' },
      ),
    );
    fixtures.submissions.set(target, await insertSubmission(target));
  }
}

const get = (path: string, target: string, assigned = false): Call => ({
  method: 'GET',
  path,
  target,
  assigned,
});
/**
 * Puts a fixture case back as the district dispatched it (a department's case to the department,
 * the others to none), or dispatched to `department`, with an extension asked for (`asked` days).
 */
async function dispatchFixture(target: string, department?: string | null, asked?: number) {
  const fixture = fixtures.cases.get(target)!;
  await testEnv.DB.prepare(
    `UPDATE cases SET dispatched_unit = ?2, dispatched_on = CASE WHEN ?2 IS NULL THEN NULL ELSE ?4 END,
            extension_asked = ?3, extension_days = NULL WHERE id = ?1`,
  )
    .bind(
      fixture.id,
      department === undefined ? fixture.assignee : department,
      asked ?? null,
      TODAY,
    )
    .run();
}
/** The department a dispatch step aims at: a target's own, else one no account belongs to. */
const departmentOf = (target: string) => fixtures.cases.get(target)!.assignee ?? 'YP-D-FG';

const caseCall = (method: string, suffix: string, target: string, actor: Actor, json?: unknown) => {
  const fixture = fixtures.cases.get(target)!;
  const assigned = fixture.assignee === actor.unit;
  // Reading is checked against the owner; a change against the unit handling the case now.
  const handler = method === 'PATCH' ? (fixture.assignee ? DISTRICT : target) : fixture.owner;
  return { method, path: `/api/cases/${fixture.id}${suffix}`, json, target: handler, assigned };
};
const unitName = (code: string) => org.get(code)!.name;
// A referral's meeting date may not lie after today (UTC's date is never after China's).
const TODAY = new Date().toISOString().slice(0, 10);

/**
 * Guarded endpoints no account of the matrix is refused: what they read, every account needs
 * (the org tree's names, its own district's settings and calendar).
 */
const NOBODY_REFUSED = new Set(['GET /api/units', 'GET /api/settings', 'GET /api/calendar']);

/** How to call each endpoint so that it acts on `target`; `null` where that makes no sense. */
const BUILDERS: Record<string, Builder | 'public' | string> = {
  'GET /api/health': 'public',
  'GET /api/openapi.json': 'openapi.test.ts',
  'POST /api/admin/bootstrap': 'public',
  'POST /api/auth/login': 'public',
  'POST /api/auth/logout': 'auth.test.ts',
  'GET /api/auth/me': 'auth.test.ts',
  'POST /api/auth/password': 'auth.test.ts',
  'GET /api/units': async (t) => get(`/api/units?unit=${t}`, t),
  'POST /api/units': async (t, _a, n) => {
    const kind = CHILD_KIND[org.get(t)!.kind];
    if (!kind) return null;
    return {
      method: 'POST',
      path: '/api/units',
      json: { code: `${t}-M${n}`, name: `新单位${n}`, kind, parent: t },
      target: t,
    };
  },
  'PATCH /api/units/:code': async (t) => ({
    method: 'PATCH',
    path: `/api/units/${t}`,
    json: { name: unitName(t) },
    target: t,
  }),
  'POST /api/units/import': async (t) => {
    const u = org.get(t)!;
    return {
      method: 'POST',
      path: '/api/units/import',
      json: { csv: `code,name,kind,parent\n${u.code},${u.name},${u.kind},${u.parent ?? ''}\n` },
      target: t,
    };
  },
  'GET /api/accounts': async (t) => get(`/api/accounts?unit=${t}`, t),
  'POST /api/accounts': async (t, _a, n) => ({
    method: 'POST',
    path: '/api/accounts',
    json: { username: `new-${n}`, unit: t, roles: ['clerk'], password: 'A-long-passphrase-1' },
    target: t,
  }),
  'PATCH /api/accounts/:id': async (t) => {
    const row = await testEnv.DB.prepare('SELECT id FROM accounts WHERE username = ?1')
      .bind(t)
      .first<{ id: number }>();
    return { method: 'PATCH', path: `/api/accounts/${row!.id}`, json: {}, target: t };
  },
  'POST /api/submissions': async (t, _a, n) => ({
    method: 'POST',
    path: '/api/submissions',
    headers: { 'Idempotency-Key': `matrix-${n}` },
    json: {
      kind: 'household',
      unit: t,
      period: '2026',
      rows: [
        { row: 3, values: { householdNo: `M-${n}`, address: '长白路1号', headName: '陈桂兰' } },
      ],
    },
    target: t,
  }),
  'GET /api/submissions': async (t) => get(`/api/submissions?unit=${t}`, t),
  'GET /api/submissions/:id': async (t) =>
    get(`/api/submissions/${fixtures.submissions.get(t)}`, t),
  'POST /api/submissions/:id/accept': async (t) => ({
    method: 'POST',
    path: `/api/submissions/${await insertSubmission(t)}/accept`,
    target: t,
  }),
  'POST /api/submissions/:id/return': async (t) => ({
    method: 'POST',
    path: `/api/submissions/${await insertSubmission(t)}/return`,
    json: { reason: '请补充办结日期' },
    target: t,
  }),
  'POST /api/submissions/forward': async (t, _a, n) => {
    // A period of its own, so nothing of another call is pending in it.
    const period = `${2000 + Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, '0')}`;
    await insertSubmission(t, period);
    return {
      method: 'POST',
      path: '/api/submissions/forward',
      json: { unit: t, period },
      target: t,
    };
  },
  'GET /api/cases': async (t) => get(`/api/cases?unit=${t}`, t),
  'GET /api/cases/:id': async (t, a) => {
    await dispatchFixture(t);
    return caseCall('GET', '', t, a);
  },
  'PATCH /api/cases/:id': async (t, a, n) => {
    await dispatchFixture(t);
    return caseCall('PATCH', '', t, a, { remarks: `批注${n}` });
  },
  'GET /api/cases/:id/history': async (t, a) => {
    await dispatchFixture(t);
    return caseCall('GET', '/history', t, a);
  },
  'POST /api/cases/:id/referral': async (t, a) => {
    // Each call refers the case afresh: a referred case refuses a second referral (409).
    const id = fixtures.cases.get(t)!.id;
    await testEnv.DB.prepare(
      `INSERT INTO case_ladder (case_id, level, sweep_on) VALUES (?1, 2, '')
       ON CONFLICT (case_id) DO UPDATE SET level = 2`,
    )
      .bind(id)
      .run();
    const json = { reason: '综合性疑难问题', meetingOn: TODAY };
    return { ...caseCall('PATCH', '/referral', t, a, json), method: 'POST', assigned: false };
  },
  // The dispatch steps act on the unit handling the case; each call starts from the state it needs.
  'POST /api/cases/:id/dispatch': async (t, a) => {
    await dispatchFixture(t, null);
    const json = { department: departmentOf(t), handler: '张伟', plan: '三日内现场查看并清运' };
    return { ...caseCall('PATCH', '/dispatch', t, a, json), method: 'POST', assigned: false };
  },
  'POST /api/cases/:id/reassign': async (t, a) => {
    // From a department no account belongs to, back to the fixture's own.
    await dispatchFixture(t, departmentOf(t) === 'YP-D-LH' ? 'YP-D-CG' : 'YP-D-LH');
    const json = { department: departmentOf(t), handler: '张伟', plan: '三日内现场查看并清运' };
    return { ...caseCall('PATCH', '/reassign', t, a, json), method: 'POST', assigned: false };
  },
  'POST /api/cases/:id/extension': async (t, a) => {
    await dispatchFixture(t, departmentOf(t));
    const json = { days: 10, reason: '需协调产权单位' };
    const call = caseCall('PATCH', '/extension', t, a, json);
    return { ...call, method: 'POST', assigned: departmentOf(t) === a.unit };
  },
  'POST /api/cases/:id/extension/grant': async (t, a) => {
    await dispatchFixture(t, departmentOf(t), 10);
    const call = caseCall('PATCH', '/extension/grant', t, a);
    return { ...call, method: 'POST', assigned: departmentOf(t) === a.unit };
  },
  'POST /api/cases/:id/return': async (t, a) => {
    await dispatchFixture(t, departmentOf(t));
    const call = caseCall('PATCH', '/return', t, a, { reason: '不属于本部门职责' });
    return { ...call, method: 'POST', assigned: departmentOf(t) === a.unit };
  },
  'POST /api/cases/:id/rederive': async (t) => ({
    method: 'POST',
    path: `/api/cases/${fixtures.cases.get(t)!.id}/rederive`,
    target: DISTRICT,
  }),
  'GET /api/households': async (t) => get(`/api/households?unit=${t}`, t),
  'GET /api/households/:id': async (t) => get(`/api/households/${fixtures.households.get(t)}`, t),
  'GET /api/visits': async (t) => get(`/api/visits?unit=${t}`, t),
  'GET /api/visits/:id': async (t) => get(`/api/visits/${fixtures.visits.get(t)}`, t),
  'GET /api/evaluations': async (t) => get(`/api/evaluations?unit=${t}`, t),
  'GET /api/evaluations/:id': async (t) =>
    get(`/api/evaluations/${fixtures.evaluations.get(t)}`, t),
  'GET /api/cadres': async (t) => get(`/api/cadres?unit=${t}`, t),
  'GET /api/cadres/:id': async (t) => get(`/api/cadres/${fixtures.cadres.get(t)}`, t),
  'GET /api/scores': async (t) => get(`/api/scores?unit=${t}`, t),
  'GET /api/reports/frequent': async (t) => get(`/api/reports/frequent?unit=${t}&month=2026-05`, t),
  'GET /api/supervision': async (t) => get(`/api/supervision?unit=${t}`, t),
  'GET /api/due-soon': async (t) => get(`/api/due-soon?unit=${t}`, t),
  'GET /api/visits/compliance': async (t) => get(`/api/visits/compliance?unit=${t}`, t),
  'GET /api/assessment': async (t) => get(`/api/assessment?unit=${t}&year=2026`, t),
  // A row of the target's own roll (the district's: a sub-district's row).
  'GET /api/assessment/explain': async (t) =>
    get(
      `/api/assessment/explain?unit=${t}&key=${t === DISTRICT ? 'YP-CB' : t}&year=2026&figure=responseRate`,
      t,
    ),
  // The district signs its roll off; each call on a year of its own, cleared first.
  'POST /api/assessment/finalise': async (t) => {
    if (t !== DISTRICT) return null;
    await testEnv.DB.prepare('DELETE FROM assessment_revisions WHERE year = 2001').run();
    return {
      method: 'POST',
      path: '/api/assessment/finalise',
      json: { year: 2001, of: 'departments' },
      target: DISTRICT,
    };
  },
  'GET /api/assessment/revisions': async (t) =>
    get(`/api/assessment/revisions?unit=${t}&year=2026`, t),
  'POST /api/assessment/revisions': async (t) => {
    if (t !== DISTRICT) return null;
    await insertRevision(2002, {});
    return {
      method: 'POST',
      path: '/api/assessment/revisions',
      json: { year: 2002, of: 'departments', reason: '更正' },
      target: DISTRICT,
    };
  },
  'GET /api/assessment/appeals': async (t) => get(`/api/assessment/appeals?unit=${t}&year=2026`, t),
  // An appeal against the target's own row of a finalised roll, none open before it.
  'POST /api/assessment/appeals': async (t) => {
    if (t === DISTRICT) return null;
    await insertRevision(2003, Object.fromEntries(TARGETS.map((u) => [u, [u]])));
    await testEnv.DB.prepare('DELETE FROM assessment_appeals WHERE year = 2003').run();
    return {
      method: 'POST',
      path: '/api/assessment/appeals',
      json: { year: 2003, of: 'departments', key: t, figure: 'closureRate', reason: '有误' },
      target: t,
    };
  },
  'POST /api/assessment/appeals/:id/answer': async (t) => {
    if (t !== DISTRICT) return null;
    await testEnv.DB.prepare('DELETE FROM assessment_appeals WHERE year = 2004').run();
    const appeal = await testEnv.DB.prepare(
      `INSERT INTO assessment_appeals (district, year, of, subject, figure, revision, unit, reason,
         records, filed_by, filed_at) VALUES ('YP', 2004, 'units', 'YP-CB', 'closureRate', 1, 'YP-CB',
         '有误', '[]', 'x', ?1) RETURNING id`,
    )
      .bind(now)
      .first<{ id: number }>();
    return {
      method: 'POST',
      path: `/api/assessment/appeals/${appeal!.id}/answer`,
      json: { decision: 'rejected', reason: '核实无误' },
      target: DISTRICT,
    };
  },
  // The district's rules: always the actor's own district, whatever the target.
  'GET /api/settings': async (t) => get(`/api/settings?unit=${t}`, DISTRICT),
  'PUT /api/settings': async () => ({
    method: 'PUT',
    path: '/api/settings',
    json: {},
    target: DISTRICT,
  }),
  'GET /api/calendar': async () => get('/api/calendar', DISTRICT),
  'PUT /api/calendar': async () => ({
    method: 'PUT',
    path: '/api/calendar',
    json: { years: [2099], holidays: [], workdays: [] },
    target: DISTRICT,
  }),
  'POST /api/sweep': async () => ({
    method: 'POST',
    path: '/api/sweep',
    json: { date: '2026-01-01' },
    target: DISTRICT,
  }),
};

/** A finalised roll of the district for `year` (departments), its rows' units `owners`. */
async function insertRevision(year: number, owners: Record<string, string[]>) {
  await testEnv.DB.prepare(
    `INSERT OR IGNORE INTO assessment_revisions (district, year, of, revision, as_of, rows, owners,
       settings, signed_by, signed_at) VALUES ('YP', ?1, 'departments', 1, ?2, '[]', ?3, '{}', 'x', ?4)`,
  )
    .bind(year, `${year}-12-31`, JSON.stringify(owners), now)
    .run();
}

/** What the role model says: may this actor make this call? */
function expected(policy: Policy, actor: Actor, call: Call): boolean {
  const kind = org.get(actor.unit)!.kind;
  const relation = relationOf(org, actor.unit, call.target);
  return (
    allows(policy, actor.roles, kind, relation) ||
    (!!call.assigned && allows(policy, actor.roles, kind, 'assigned'))
  );
}

const actors: Actor[] = [];

beforeAll(async () => {
  await seedDemoOrg();
  const { salt, hash, iterations } = await hashPassword(PASSWORD);
  for (const unit of ACTOR_UNITS) {
    for (const role of ROLES) {
      const username = `matrix-${unit}-${role}`;
      await testEnv.DB.prepare(
        `INSERT INTO accounts (username, unit, roles, salt, hash, iterations, password_changed_at, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)`,
      )
        .bind(username, unit, JSON.stringify([role]), salt, hash, iterations, now)
        .run();
      actors.push({ username, unit, roles: [role], token: await login(username) });
    }
  }
  await insertFixtures();
});

describe('the scope matrix', () => {
  it('every route declares a rule of the role model, called here the way its rule needs', () => {
    // ENDPOINTS lists every mounted route, with or without endpoint() (decision 0016).
    expect(
      ENDPOINTS.filter((e) => e.rule === undefined).map((e) => `${e.method} ${e.path}`),
    ).toEqual([]);
    const known = (rule: string) =>
      rule === 'public' || rule === 'authenticated' || rule in POLICIES;
    expect(Object.entries(ENDPOINT_RULES).filter(([, rule]) => !known(rule))).toEqual([]);
    // A public endpoint is called by anyone, a signed-in one in its own test file, a guarded one
    // by the matrix below; a builder left for a route that is gone is named too.
    const wrongWay = Object.entries(ENDPOINT_RULES).filter(([endpoint, rule]) => {
      const build = BUILDERS[endpoint];
      if (rule === 'public') return build !== 'public';
      if (rule === 'authenticated') return typeof build !== 'string' || build === 'public';
      return typeof build !== 'function';
    });
    expect(wrongWay).toEqual([]);
    expect(Object.keys(BUILDERS).filter((endpoint) => !(endpoint in ENDPOINT_RULES))).toEqual([]);
  });

  it('answers 401 without a token on every endpoint but login, health and the first-start bootstrap', async () => {
    const open: string[] = [];
    for (const [endpoint, rule] of Object.entries(ENDPOINT_RULES)) {
      if (rule === 'public') continue;
      const [method, path] = endpoint.split(' ') as [string, string];
      const res = await api(path.replace(':id', '1').replace(':code', 'YP-CB-001'), {
        method,
        ...(method === 'GET' ? {} : { json: {} }),
      });
      if (res.status !== 401) open.push(`${endpoint}: ${res.status}`);
    }
    expect(open).toEqual([]);
    const publicOnes = Object.entries(ENDPOINT_RULES)
      .filter(([, rule]) => rule === 'public')
      .map(([endpoint]) => endpoint);
    expect(publicOnes.sort()).toEqual([
      'GET /api/health',
      'POST /api/admin/bootstrap',
      'POST /api/auth/login',
    ]);
  });

  let n = 0;
  const guarded = Object.entries(ENDPOINT_RULES).filter(
    ([, rule]) => rule !== 'public' && rule !== 'authenticated',
  ) as [string, keyof typeof POLICIES][];
  it.each(guarded)('%s follows %s for every role and relation', async (endpoint, action) => {
    const build = BUILDERS[endpoint];
    expect(typeof build).toBe('function');
    const mismatches: string[] = [];
    let calls = 0;
    let allowedCalls = 0;
    for (const actor of actors) {
      for (const target of TARGETS) {
        const call = await (build as Builder)(target, actor, ++n);
        if (!call) continue;
        calls++;
        const res = await api(call.path, {
          method: call.method,
          token: actor.token,
          headers: call.headers ?? {},
          ...(call.json !== undefined ? { json: call.json } : {}),
        });
        const allowed = expected(POLICIES[action], actor, call);
        if (allowed) allowedCalls++;
        const ok = allowed ? res.status >= 200 && res.status < 300 : res.status === 403;
        if (!ok) {
          const relation = call.assigned ? 'assigned' : relationOf(org, actor.unit, call.target);
          mismatches.push(
            `${actor.username} → ${target} (${relation}): ${res.status}, expected ${allowed ? '2xx' : 403} ${allowed ? await res.text() : ''}`,
          );
        }
      }
    }
    expect(mismatches).toEqual([]);
    // The calls exercise the rule both ways: someone it lets in and someone it keeps out.
    expect({ allowed: allowedCalls > 0, refused: calls - allowedCalls > 0 }).toEqual({
      allowed: true,
      refused: !NOBODY_REFUSED.has(endpoint),
    });
  });
});

describe('the role model says what the field expects', () => {
  // A few fixed facts, written out by hand, so the generated matrix cannot drift with the model.
  const can = (unit: string, roles: Role[], action: keyof typeof POLICIES, target: string) =>
    allows(POLICIES[action], roles, org.get(unit)!.kind, relationOf(org, unit, target));

  it('a residential clerk submits its own ledgers and reads nothing of its neighbours', () => {
    expect(can('YP-CB-001', ['clerk'], 'submission.create', 'YP-CB-001')).toBe(true);
    expect(can('YP-CB-001', ['clerk'], 'records.read', 'YP-CB-002')).toBe(false);
    expect(can('YP-CB-001', ['clerk'], 'records.read', 'YP-CB')).toBe(false);
  });

  it('a sub-district reviews its areas, forwards upward, and sees no other sub-district', () => {
    expect(can('YP-CB', ['reviewer'], 'submission.review', 'YP-CB-001')).toBe(true);
    expect(can('YP-CB', ['reviewer'], 'submission.forward', 'YP-CB')).toBe(true);
    expect(can('YP-CB', ['reviewer', 'admin'], 'records.read', 'YP-WJC-001')).toBe(false);
  });

  it('the district sees everything but reviews only its direct children', () => {
    expect(can('YP', ['reviewer'], 'records.read', 'YP-WJC-001')).toBe(true);
    expect(can('YP', ['reviewer'], 'submission.review', 'YP-CB')).toBe(true);
    expect(can('YP', ['reviewer'], 'submission.review', 'YP-CB-001')).toBe(false);
    expect(can('YP-CB', ['admin'], 'units.manage', 'YP-CB-001')).toBe(false);
    expect(can('YP', ['admin'], 'units.manage', 'YP-CB-001')).toBe(true);
  });

  it('a department reads the cases dispatched to it, not the areas', async () => {
    for (const target of TARGETS) await dispatchFixture(target);
    expect(can('YP-D-RS', ['reviewer'], 'records.read', 'YP-CB-001')).toBe(false);
    expect(
      allows(POLICIES['records.read'], ['reviewer'], 'department', 'assigned') &&
        allows(POLICIES['case.update'], ['reviewer'], 'department', 'assigned'),
    ).toBe(true);
    const res = await api('/api/cases', { token: await login('YP-D-RS') });
    const ids = (await body<{ items: { id: number }[] }>(res)).items.map((c) => c.id);
    expect(ids).toEqual([fixtures.cases.get('YP-D-RS')!.id]);
  });
});
