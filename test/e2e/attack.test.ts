/**
 * The API attacked as an outsider would, against the real Worker (`wrangler dev` on fresh local
 * D1): each request that once got through is replayed and must now be refused. Only the public
 * API is used, with the demo district's org and accounts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalWorker, startLocalWorker, wrangler } from '../../scripts/local-worker.ts';
import { bootstrapDemo, DEMO_PASSWORD } from '../../scripts/seed.ts';
import { newFigures, reportFigures } from './figures.ts';

let worker: LocalWorker;
let state: string;
/** Requests, 500s and findings replayed, for the reliability table. */
const attackFigures = newFigures();

beforeAll(async () => {
  state = mkdtempSync(path.join(tmpdir(), 'minqing-attack-'));
  worker = await startLocalWorker({ persistTo: state, vars: { ALLOW_BOOTSTRAP: 'true' } });
  expect(await bootstrapDemo(worker.url)).toBe(true);
  await submitCases('YP-CB-001', 'ATK', 3);
}, 180_000);

// biome-ignore lint/correctness/noEmptyPattern: vitest reads a hook's fixtures from its first parameter's pattern
afterAll(async ({}, suite) => {
  await worker?.stop();
  rmSync(state, { recursive: true, force: true });
  reportFigures(suite, attackFigures);
});

interface Answer {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: the tests read whatever the answer holds
  body: any;
}

/** One request to the Worker, as `curl` would send it. */
async function call(
  method: string,
  url: string,
  options: { token?: string; json?: unknown; body?: string; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const headers = new Headers(options.headers);
  if (options.token) headers.set('authorization', `Bearer ${options.token}`);
  if (options.json !== undefined) headers.set('content-type', 'application/json');
  const response = await fetch(`${worker.url}${url}`, {
    method,
    headers,
    body: options.json !== undefined ? JSON.stringify(options.json) : options.body,
  });
  attackFigures.requests++;
  if (response.status >= 500) attackFigures.serverErrors++;
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: kept as text
  }
  return { status: response.status, headers: response.headers, body };
}

const tokens = new Map<string, string>();
async function signIn(username: string, password = DEMO_PASSWORD): Promise<string> {
  const cached = tokens.get(username);
  if (cached) return cached;
  const answer = await call('POST', '/api/auth/login', { json: { username, password } });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  tokens.set(username, answer.body.token);
  return answer.body.token;
}

let submissionKeys = 0;
async function submitCases(unit: string, prefix: string, n: number, changes = {}) {
  const rows = Array.from({ length: n }, (_, i) => ({
    row: i + 3,
    values: {
      caseNo: `${prefix}-${i + 1}`,
      receivedOn: '2026-11-02',
      channel: '来电',
      reporterName: '彭丽萍',
      reporterPhone: '13912345678',
      address: '长白路100弄5号301室',
      area: unit,
      category: '环境卫生',
      summary: '垃圾箱房异味',
      firstReceiver: '陆建华',
      status: '已受理',
      ...changes,
    },
  }));
  const answer = await call('POST', '/api/submissions', {
    token: await signIn(unit),
    headers: { 'idempotency-key': `attack-${++submissionKeys}` },
    json: { kind: 'case', unit, period: '2026', rows },
  });
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return answer.body;
}

/**
 * One row from the Worker's local D1, read beside the running Worker. The Worker may hold the
 * SQLite file for a moment (SQLITE_BUSY on a loaded machine): the read is tried again, a few times.
 */
async function sqlRow(sql: string): Promise<Record<string, unknown>> {
  const args = [
    'd1',
    'execute',
    'minqing',
    '--local',
    '--persist-to',
    state,
    '--json',
    '--command',
    sql,
  ];
  let output = '';
  for (let attempt = 1; ; attempt++) {
    try {
      output = await wrangler(args);
      break;
    } catch (error) {
      if (attempt >= 5 || !/SQLITE_BUSY|database is locked/.test(String(error))) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
    }
  }
  const [result] = JSON.parse(output.slice(output.indexOf('['))) as [
    { results: Record<string, unknown>[] },
  ];
  return result.results[0] ?? {};
}

/** Counts a finding as replayed. */
const replay = () => {
  attackFigures.findingsReplayed++;
};

describe('search', () => {
  it('a masked resident is not found by full name, nor one character at a time, nor by phone', async () => {
    replay();
    const subdistrict = await signIn('YP-CB');
    const search = async (q: string, token: string) =>
      (await call('GET', `/api/cases?q=${encodeURIComponent(q)}`, { token })).body
        .items as unknown[];
    expect(await search('彭丽萍', subdistrict)).toHaveLength(0);
    expect(await search('丽', subdistrict)).toHaveLength(0);
    expect(await search('13912345678', subdistrict)).toHaveLength(0);
    // The area that took the cases in still finds them by name.
    expect(await search('彭丽萍', await signIn('YP-CB-001'))).toHaveLength(3);
  });
});

describe('input', () => {
  it('a crafted page cursor is a 400 INVALID_CURSOR on cases and submissions', async () => {
    replay();
    const token = await signIn('YP');
    const cursor = encodeURIComponent(btoa(JSON.stringify(['2026-01-01', { a: 1 }])));
    for (const list of ['/api/cases', '/api/submissions']) {
      const answer = await call('GET', `${list}?cursor=${cursor}`, { token });
      expect(answer.status).toBe(400);
      expect(answer.body.error.code).toBe('INVALID_CURSOR');
    }
  });

  it('zero-width and other format characters do not make a second case number; bidi controls are refused', async () => {
    replay();
    await submitCases('YP-CB-002', 'INJ-ZW', 1);
    const token = await signIn('YP-CB-002');
    for (const [i, caseNo] of ['INJ-ZW-1\u200b', 'INJ-ZW-1\u2060', '\ufeffINJ-ZW-1'].entries()) {
      const answer = await call('POST', '/api/submissions', {
        token,
        headers: { 'idempotency-key': `zw-${i}` },
        json: {
          kind: 'case',
          unit: 'YP-CB-002',
          period: '2026',
          rows: [
            {
              row: 3,
              values: {
                caseNo,
                receivedOn: '2026-11-02',
                channel: '来电',
                reporterName: '彭丽萍',
                area: 'YP-CB-002',
                category: '环境卫生',
                summary: '垃圾箱房异味',
                firstReceiver: '陆建华',
                status: '已受理',
              },
            },
          ],
        },
      });
      expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    }
    const cases = await call('GET', `/api/cases?q=INJ-ZW&limit=100`, { token });
    expect(cases.body.items).toHaveLength(1);
    const bidi = await call('POST', '/api/submissions', {
      token,
      headers: { 'idempotency-key': 'bidi' },
      json: {
        kind: 'case',
        unit: 'YP-CB-002',
        period: '2026',
        rows: [{ row: 3, values: { caseNo: 'INJ-\u202eZW' } }],
      },
    });
    expect(bidi.status).toBe(422);
    expect(bidi.body.error.issues).toContainEqual(
      expect.objectContaining({ field: 'caseNo', code: 'BIDI_CONTROL' }),
    );
  });

  it('a JSON body sent as text/plain or without a content type is a 415', async () => {
    replay();
    const token = await signIn('YP-CB');
    for (const headers of [{ 'content-type': 'text/plain' }, {}] as Record<string, string>[]) {
      const answer = await call('POST', '/api/submissions/forward', {
        token,
        headers,
        body: JSON.stringify({ unit: 'YP-CB', period: '2026' }),
      });
      expect(answer.status).toBe(415);
      expect(answer.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    }
  });
});

describe('audit', () => {
  it('20 concurrent changes and 20 concurrent accepts/returns: one audit row per change applied', async () => {
    replay();
    const { id: submissionId } = await submitCases('YP-CB-003', 'AUD', 1);
    const clerk = await signIn('YP-CB-003');
    const [found] = (await call('GET', '/api/cases?q=AUD-1', { token: clerk })).body.items;
    const patches = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        call('PATCH', `/api/cases/${found.id}`, { token: clerk, json: { remarks: `批注${i}` } }),
      ),
    );
    const reviewer = await signIn('YP-CB');
    const reviews = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        i % 2 === 0
          ? call('POST', `/api/submissions/${submissionId}/accept`, { token: reviewer })
          : call('POST', `/api/submissions/${submissionId}/return`, {
              token: reviewer,
              json: { reason: '缺少办结日期' },
            }),
      ),
    );
    const forward = await call('POST', '/api/submissions/forward', {
      token: reviewer,
      json: { unit: 'YP-CB', period: '2024' },
    });
    expect(forward.status).toBe(409);
    const applied = (answers: Answer[]) => answers.filter((a) => a.status === 200).length;
    expect(
      await sqlRow(
        `SELECT
           (SELECT count(*) FROM audit_log WHERE action = 'case.update' AND target = '${found.id}') AS patches,
           (SELECT count(*) FROM audit_log WHERE action IN ('submission.accept', 'submission.return')
              AND target = '${submissionId}') AS reviews,
           (SELECT count(*) FROM audit_log WHERE action = 'submission.forward' AND detail LIKE '%2024%') AS forwards`,
      ),
    ).toEqual({ patches: applied(patches), reviews: applied(reviews), forwards: 0 });
  });
});

describe('host header', () => {
  /** A request with its own Host header (fetch always sends the URL's host). */
  const withHost = (method: string, url: string, host: string, headers = {}) =>
    new Promise<number>((resolve, reject) => {
      attackFigures.requests++;
      const request = httpRequest(
        `${worker.url}${url}`,
        { method, headers: { ...headers, host } },
        (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        },
      );
      request.on('error', reject);
      request.end();
    });

  it('a Host header never reaches the OpenAPI document served to later callers', async () => {
    replay();
    const token = await signIn('YP-CB-001');
    const spoofed = await withHost('GET', '/api/openapi.json', 'evil.example', {
      authorization: `Bearer ${token}`,
    });
    expect(spoofed).toBe(200);
    const later = await call('GET', '/api/openapi.json', { token });
    expect(JSON.stringify(later.body)).not.toContain('evil.example');
    expect(later.body.servers).toEqual([{ url: '/' }]);
  });
});

describe('headers', () => {
  it('signed-in answers are no-store and nosniff; the public health says only that it is up', async () => {
    replay();
    const answers = [
      await call('GET', '/api/cases', { token: await signIn('YP-CB-001') }),
      await call('GET', '/api/cases/999999', { token: await signIn('YP-CB-001') }),
      await call('GET', '/api/health'),
    ];
    for (const answer of answers) {
      expect(answer.headers.get('cache-control')).toBe('no-store');
      expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    }
    expect(answers[2]!.body).toEqual({ ok: true });
  });
});

describe('admin safeguards', () => {
  it('no district without an admin, no account named like another unit or a taken name, no all-zero weights', async () => {
    replay();
    const district = await signIn('YP');
    const created = await call('POST', '/api/accounts', {
      token: district,
      json: { username: 'YP-ADMIN-2', unit: 'YP', roles: ['admin'], password: 'Second-Guard-2026' },
    });
    expect(created.status).toBe(201);
    const other = await call('PATCH', `/api/accounts/${created.body.account.id}`, {
      token: district,
      json: { disabled: true },
    });
    expect(other.status).toBe(200);
    const me = (await call('GET', '/api/auth/me', { token: district })).body.user;
    const self = await call('PATCH', `/api/accounts/${me.id}`, {
      token: district,
      json: { disabled: true },
    });
    expect(self.status).toBe(409);
    expect(self.body.error.code).toBe('LAST_ADMIN');

    const subdistrict = await signIn('YP-CB');
    for (const username of ['YP-WJC-001', 'yp', 'Yp-Cb']) {
      const named = await call('POST', '/api/accounts', {
        token: subdistrict,
        json: { username, unit: 'YP-CB-001', roles: ['clerk'], password: 'Clerk-Account-2026' },
      });
      expect(named.status, username).toBe(409);
    }

    const weights = await call('PUT', '/api/settings', {
      token: district,
      json: { weights: { response: 0, onTime: 0, satisfaction: 0 } },
    });
    expect(weights.status).toBe(422);
    expect(weights.body.error.code).toBe('ZERO_WEIGHTS');
  });
});

describe('the sweep', () => {
  it('refuses a future day with 422; the district admin re-derives a case from its records', async () => {
    replay();
    const district = await signIn('YP');
    const future = await call('POST', '/api/sweep', {
      token: district,
      json: { date: '2036-11-30' },
    });
    expect(future.status).toBe(422);
    expect(future.body.error.code).toBe('FUTURE_SWEEP');
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    await submitCases('YP-CB-004', 'RD', 1, {
      receivedOn: today,
      reporterPhone: '13800000001',
      address: '长白路200弄',
    });
    const [found] = (await call('GET', '/api/cases?q=RD-1', { token: district })).body.items;
    const rederived = await call('POST', `/api/cases/${found.id}/rederive`, { token: district });
    expect(rederived.status).toBe(200);
    // Received today, its reporter's first, never reported up: it has not climbed.
    expect(rederived.body).toEqual({ id: found.id, climbs: 0, level: 0 });
    const clerk = await call('POST', `/api/cases/${found.id}/rederive`, {
      token: await signIn('YP-CB-001'),
    });
    expect(clerk.status).toBe(403);
  });
});

describe('passwords', () => {
  it('a stolen token cannot guess the old password without limit; an initial password must be changed first', async () => {
    replay();
    const stolen = await signIn('YP-KJ-001');
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const guess = await call('POST', '/api/auth/password', {
        token: stolen,
        json: { oldPassword: `guess-${i}`, newPassword: 'Hongqiao-2026' },
      });
      statuses.push(guess.status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 429, 429]);

    const admin = await signIn('YP');
    const weak = await call('POST', '/api/accounts', {
      token: admin,
      json: { username: 'li.ming', unit: 'YP-KJ', roles: ['reviewer'], password: 'minqing-demo' },
    });
    expect(weak.status).toBe(422);
    expect(weak.body.error.code).toBe('PASSWORD_TOO_SIMPLE');
    const created = await call('POST', '/api/accounts', {
      token: admin,
      json: { username: 'li.ming', unit: 'YP-KJ', roles: ['reviewer'], password: 'Chushi#2026' },
    });
    expect(created.status).toBe(201);
    const first = await call('POST', '/api/auth/login', {
      json: { username: 'li.ming', password: 'Chushi#2026' },
    });
    expect(first.body.mustChangePassword).toBe(true);
    const blocked = await call('GET', '/api/cases', { token: first.body.token });
    expect(blocked.status).toBe(403);
    expect(blocked.body.error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    // The demo seed's accounts alone keep the shared demo password.
    const demo = await call('POST', '/api/auth/login', {
      json: { username: 'YP-KJ-002', password: DEMO_PASSWORD },
    });
    expect(demo.body.mustChangePassword).toBe(false);
  });
});

describe('personal data in free text', () => {
  it('a phone, an ID number and the reporter typed into the summary are masked for the levels above', async () => {
    replay();
    await submitCases('YP-CB-005', 'FT', 1, {
      summary: '彭阿姨（13912345678，身份证310110195803154327）反映20130503起漏水',
    });
    const [above] = (
      await call('GET', '/api/cases?unit=YP-CB&q=FT-1', { token: await signIn('YP-CB') })
    ).body.items;
    expect(above.values.summary).toBe(
      '*阿姨（139****5678，身份证310***********4327）反映20130503起漏水',
    );
    expect(above.values.address).toBe('长白路100弄');
    const [own] = (await call('GET', '/api/cases?q=FT-1', { token: await signIn('YP-CB-005') }))
      .body.items;
    expect(own.values.summary).toContain('13912345678');
  });
});

describe('lockout', () => {
  // Last in this file: its failures slow every later sign-in from this one (local) address.
  it('a client-sent CF-Connecting-IP does not rotate past the lock under wrangler dev', async () => {
    replay();
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) {
      const attempt = await call('POST', '/api/auth/login', {
        headers: { 'cf-connecting-ip': `203.0.113.${i}`, 'x-forwarded-for': `198.51.100.${i}` },
        json: { username: 'YP-JP-002', password: `guess-${i}` },
      });
      statuses.push(attempt.status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 429, 429, 429, 429, 429, 429]);
  });
});
