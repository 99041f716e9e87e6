/**
 * A D1 error on the last statement of a submission's batch — the moment after every record, its
 * history and the idempotency key were queued — must leave nothing written; the retry with the same
 * key then succeeds exactly once. Writes that race each other settle whole.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { api, login, seedDemoOrg, testEnv } from '../../test/helpers.ts';
import { app } from '../app.ts';
import type { Env } from '../env.ts';
import { writeSubmission } from '../submissions.ts';

beforeAll(() => seedDemoOrg());

/** The test database with its `batch` replaced (everything else passes through). */
function withBatch(
  db: D1Database,
  batch: (statements: D1PreparedStatement[], real: D1Database) => Promise<D1Result[]>,
): D1Database {
  return new Proxy(db, {
    get(target, property) {
      if (property === 'batch')
        return (statements: D1PreparedStatement[]) => batch(statements, target);
      const value = Reflect.get(target, property);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** The test database, except that every batch's last statement fails as a D1 error would. */
function failingLastStatement(db: D1Database): { db: D1Database; injected: () => number } {
  let injected = 0;
  const proxy = withBatch(db, (statements, real) => {
    if (statements.length < 2) return real.batch(statements);
    injected++;
    // Fails while running, after the statements before it have run inside the batch.
    const broken = real.prepare('SELECT abs(-9223372036854775807 - 1)');
    return real.batch([...statements.slice(0, -1), broken]);
  });
  return { db: proxy, injected: () => injected };
}

const rows = Array.from({ length: 300 }, (_, i) => ({
  row: i + 3,
  values: {
    caseNo: `FAULT-${i}`,
    receivedOn: '2026-04-01',
    reporterName: '王建华',
    summary: '楼道灯不亮',
    firstReceiver: '李敏',
    area: 'YP-CB-004',
  },
}));

const count = async (sql: string, ...args: unknown[]) =>
  (await testEnv.DB.prepare(sql)
    .bind(...args)
    .first<{ n: number }>())!.n;

describe('a D1 error on the last statement of a submission', () => {
  it('writes nothing, and the retry with the same key succeeds exactly once', async () => {
    const token = await login('YP-CB-004');
    const request = () =>
      new Request('http://localhost/api/submissions', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${token}`,
          'idempotency-key': 'fault-last-statement',
        },
        body: JSON.stringify({ kind: 'case', unit: 'YP-CB-004', period: '2026', rows }),
      });
    const faulty = failingLastStatement(testEnv.DB);
    const failed = await app.request(request(), undefined, { ...testEnv, DB: faulty.db } as Env);
    expect(faulty.injected()).toBeGreaterThan(0);
    expect(failed.status).toBe(500);
    expect(await failed.json()).toMatchObject({
      error: { code: 'INTERNAL', message: expect.any(String) },
    });
    expect(await count("SELECT count(*) AS n FROM cases WHERE unit = 'YP-CB-004'")).toBe(0);
    expect(await count("SELECT count(*) AS n FROM submissions WHERE unit = 'YP-CB-004'")).toBe(0);
    expect(
      await count("SELECT count(*) AS n FROM idempotency_keys WHERE key = 'fault-last-statement'"),
    ).toBe(0);
    expect(await count('SELECT count(*) AS n FROM record_history')).toBe(0);

    const retried = await app.request(request(), undefined, testEnv);
    expect(retried.status).toBe(201);
    const receipt = await retried.json();
    expect(receipt).toMatchObject({ version: 1, inserted: rows.length });
    const again = await app.request(request(), undefined, testEnv);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(receipt);
    expect(await count("SELECT count(*) AS n FROM cases WHERE unit = 'YP-CB-004'")).toBe(
      rows.length,
    );
    expect(await count("SELECT count(*) AS n FROM submissions WHERE unit = 'YP-CB-004'")).toBe(1);
    // Nothing else is listed either: the API agrees with the tables.
    const listed = await api('/api/cases?unit=YP-CB-004&limit=500', { token });
    expect(((await listed.json()) as { items: unknown[] }).items).toHaveLength(rows.length);
  });
});

describe('a ledger that gains records while its first submission is being written', () => {
  it('fails the fast write whole and writes again with history, losing nothing', async () => {
    const token = await login('YP-CB-005');
    let interleaved = false;
    const db = withBatch(testEnv.DB, async (statements, real) => {
      if (!interleaved && statements.length > 2) {
        interleaved = true;
        // Another clerk's submission of the same case lands first.
        await real.batch([
          real
            .prepare(
              `INSERT INTO cases (unit, area, owner_unit, natural_key, period, case_no, received_on,
                 reporter_name, summary, first_receiver, data, submission_id, created_at, updated_at)
               VALUES ('YP-CB-005', 'YP-CB-005', 'YP-CB-005', 'RACE-1', '2026', 'RACE-1', '2026-04-01',
                 '张', '旧内容', '李敏', ?1, 'other', '2026-04-01', '2026-04-01')`,
            )
            .bind(
              JSON.stringify({
                caseNo: 'RACE-1',
                receivedOn: '2026-04-01',
                reporterName: '张',
                summary: '旧内容',
                firstReceiver: '李敏',
              }),
            ),
        ]);
      }
      return real.batch(statements);
    });
    const rows = ['RACE-1', 'RACE-2'].map((caseNo, i) => ({
      row: i + 3,
      values: {
        caseNo,
        receivedOn: '2026-04-01',
        reporterName: '张',
        summary: '新内容',
        firstReceiver: '李敏',
        area: 'YP-CB-005',
      },
    }));
    const response = await app.request(
      new Request('http://localhost/api/submissions', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${token}`,
          'idempotency-key': 'race-fresh',
        },
        body: JSON.stringify({ kind: 'case', unit: 'YP-CB-005', period: '2026', rows }),
      }),
      undefined,
      { ...testEnv, DB: db } as Env,
    );
    expect(interleaved).toBe(true);
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ inserted: 1, updated: 1, unchanged: 0 });
    expect(await count("SELECT count(*) AS n FROM cases WHERE unit = 'YP-CB-005'")).toBe(2);
    // The record that landed first keeps its old values in history.
    const history = await testEnv.DB.prepare(
      "SELECT before FROM record_history h JOIN cases c ON c.id = h.record_id WHERE c.natural_key = 'RACE-1'",
    ).first<{ before: string }>();
    expect(JSON.parse(history!.before).summary).toBe('旧内容');
  });
});

describe('a return racing a new version of its ledger', () => {
  it('sees the new version and changes no records: the version it returns no longer counts', async () => {
    const unit = 'YP-CB-003';
    const clerk = await login(unit);
    const caseRow = (caseNo: string, row: number) => ({
      row,
      values: {
        caseNo,
        receivedOn: '2026-04-01',
        reporterName: '张',
        summary: '楼道灯不亮',
        firstReceiver: '李敏',
        area: unit,
      },
    });
    const submit = async (key: string, caseNos: string[]) => {
      const res = await api('/api/submissions', {
        method: 'POST',
        token: clerk,
        headers: { 'Idempotency-Key': key },
        json: {
          kind: 'case',
          unit,
          period: '2026',
          rows: caseNos.map((no, i) => caseRow(no, i + 3)),
        },
      });
      return ((await res.json()) as { id: string }).id;
    };
    await submit('race-return-1', ['R-A', 'R-B']);
    const second = await submit('race-return-2', ['R-A', 'R-C']);
    const account = (await testEnv.DB.prepare('SELECT id FROM accounts WHERE username = ?1')
      .bind(unit)
      .first<{ id: number }>())!;
    let interleaved = false;
    const db = withBatch(testEnv.DB, async (statements, real) => {
      if (!interleaved) {
        interleaved = true;
        // The clerk's third version lands between the review's reading and its batch.
        await writeSubmission(real, {
          id: crypto.randomUUID(),
          kind: 'case',
          unit,
          period: '2026',
          sourceName: null,
          items: [
            {
              k: 'R-D',
              r: 3,
              d: caseRow('R-D', 3).values,
              x: { level: 0, assigneeUnit: null, replyDue: null, resolutionDue: null },
            },
          ],
          account: { id: account.id, username: unit },
          idempotencyKey: 'race-return-3',
          requestHash: 'race-return-3',
        });
      }
      return real.batch(statements);
    });
    const response = await app.request(
      new Request(`http://localhost/api/submissions/${second}/return`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${await login('YP-CB')}`,
        },
        body: JSON.stringify({ reason: '请核对' }),
      }),
      undefined,
      { ...testEnv, DB: db } as Env,
    );
    expect(interleaved).toBe(true);
    expect(response.status).toBe(200);
    // The third version counts: its one row, not the first version's two.
    const { results } = await testEnv.DB.prepare(
      'SELECT case_no FROM cases WHERE unit = ?1 AND current = 1 ORDER BY case_no',
    )
      .bind(unit)
      .all<{ case_no: string }>();
    expect(results.map((r) => r.case_no)).toEqual(['R-D']);
  });
});
