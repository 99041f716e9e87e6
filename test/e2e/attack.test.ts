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

let worker: LocalWorker;
let state: string;
/** Findings replayed (each test counts its own), for the reliability table. */
const attackFigures = { findingsReplayed: 0, requests: 0, serverErrors: 0 };

beforeAll(async () => {
  state = mkdtempSync(path.join(tmpdir(), 'minqing-attack-'));
  worker = await startLocalWorker({ persistTo: state, vars: { ALLOW_BOOTSTRAP: 'true' } });
  expect(await bootstrapDemo(worker.url)).toBe(true);
  await submitCases('YP-CB-001', 'ATK', 3);
}, 180_000);

afterAll(async () => {
  await worker?.stop();
  rmSync(state, { recursive: true, force: true });
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

/** One row from the Worker's local D1, read beside the running Worker. */
async function sqlRow(sql: string): Promise<Record<string, unknown>> {
  const output = await wrangler([
    'd1',
    'execute',
    'minqing',
    '--local',
    '--persist-to',
    state,
    '--json',
    '--command',
    sql,
  ]);
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
      json: { username: 'YP-ADMIN-2', unit: 'YP', roles: ['admin'], password: 'Second-Admin-2026' },
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
