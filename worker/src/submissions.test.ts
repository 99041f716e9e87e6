/**
 * How a submission is stored: in chunks within D1's limits, measured here in bytes since local D1
 * does not enforce them; each version as the rows that changed (docs/decisions/0013), from which
 * every earlier version is rebuilt exactly.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import compactRows from '../migrations/0041_compact_version_rows.sql?raw';
import { api, body, login, seedDemoOrg, testEnv } from '../test/helpers.ts';
import { app } from './app.ts';
import type { Env } from './env.ts';
import { unpackRow } from './ledger-tables.ts';
import type { Receipt } from './submissions.ts';

/** D1's documented limits: SQL text per statement, bytes per bound string, parameters. */
const D1_STATEMENT_BYTES = 100_000;
const D1_STRING_BYTES = 2_000_000;
const D1_PARAMETERS = 100;

interface Recorded {
  sql: string;
  params: unknown[];
}

/** The test database, recording the SQL and the bound values of every statement prepared on it. */
function recording(db: D1Database): { db: D1Database; statements: Recorded[] } {
  const statements: Recorded[] = [];
  const proxy = new Proxy(db, {
    get(target, property) {
      if (property === 'prepare') {
        return (sql: string) => {
          const statement = target.prepare(sql);
          const bind = statement.bind.bind(statement);
          const recorded: Recorded = { sql, params: [] };
          statements.push(recorded);
          statement.bind = (...params: unknown[]) => {
            statements.push({ sql, params });
            return bind(...params);
          };
          return statement;
        };
      }
      const value = Reflect.get(target, property);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { db: proxy, statements };
}

const bytes = (text: string) => new TextEncoder().encode(text).length;

/** The largest case row the ledger allows: every long text field at its maximum length. */
function largestRow(i: number, area: string) {
  const text = (n: number) => `${i}`.padEnd(n, '诉');
  return {
    row: i + 3,
    values: {
      caseNo: `BIG-${String(i).padStart(4, '0')}`,
      receivedOn: '2026-03-02',
      reporterName: '王建华',
      reporterPhone: '13912341139',
      address: '长白路100弄3号',
      area,
      category: '环境卫生',
      summary: text(2000),
      firstReceiver: '李敏',
      plan: text(2000),
      status: '已办结',
      repliedOn: '2026-03-03',
      resolvedOn: '2026-03-20',
      result: text(2000),
      remarks: text(500),
    },
  };
}

function submit(
  token: string,
  key: string,
  unit: string,
  rows: unknown[],
  env: Env = testEnv,
): Promise<Response> {
  return Promise.resolve(
    app.request(
      'http://localhost/api/submissions',
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${token}`,
          'idempotency-key': key,
        },
        body: JSON.stringify({ kind: 'case', unit, period: '2026', rows }),
      },
      env,
    ),
  );
}

beforeAll(() => seedDemoOrg());

describe('chunks at D1 limits', () => {
  it('large chunks stay under D1 limits, measured in bytes (rows with 2,000-character texts)', async () => {
    const unit = 'YP-CB-001';
    const token = await login(unit);
    const rows = Array.from({ length: 300 }, (_, i) => largestRow(i, unit));
    expect(rows[0]!.values.summary).toHaveLength(2000);
    // A first version and a second that changes every row: every statement of both kinds runs.
    const changed = rows.map((r) => ({ ...r, values: { ...r.values, remarks: '已回访' } }));
    const recorded: Recorded[] = [];
    for (const [key, version] of [
      ['limits-1', rows],
      ['limits-2', changed],
    ] as const) {
      const { db, statements } = recording(testEnv.DB);
      const res = await submit(token, key, unit, version, { ...testEnv, DB: db } as Env);
      expect(res.status).toBe(201);
      recorded.push(...statements);
    }

    const strings = recorded.flatMap((s) => s.params.filter((p) => typeof p === 'string'));
    const largest = Math.max(...strings.map(bytes));
    // 300 rows of about 20 KB are about 6 MB: the chunks are large, yet each under 2 MB.
    expect(largest).toBeGreaterThan(1_000_000);
    expect(largest).toBeLessThan(D1_STRING_BYTES);
    expect(Math.max(...recorded.map((s) => bytes(s.sql)))).toBeLessThan(D1_STATEMENT_BYTES);
    expect(Math.max(...recorded.map((s) => s.params.length))).toBeLessThanOrEqual(D1_PARAMETERS);

    const stored = await testEnv.DB.prepare(
      "SELECT count(*) AS n, max(length(summary)) AS longest FROM cases WHERE unit = ?1 AND remarks = '已回访'",
    )
      .bind(unit)
      .first<{ n: number; longest: number }>();
    expect(stored).toEqual({ n: 300, longest: 2000 });
  });
});

/** An open case of `unit` on sheet row n + 3 (each key keeps its row across versions). */
function openCaseRow(
  unit: string,
  n: number,
  values: { caseNo: string } & Record<string, unknown>,
) {
  return {
    row: n + 3,
    values: {
      channel: '来电',
      address: `长白路${n}号`,
      area: unit,
      category: '环境卫生',
      summary: `第${n}件诉求`,
      firstReceiver: '李敏',
      status: '办理中',
      ...values,
    },
  };
}

describe('history as changes', () => {
  const unit = 'YP-CB-005';
  /** Every key has its own sheet row, so a row keeps its number across versions. */
  const caseRow = (n: number, changes: Record<string, unknown> = {}) =>
    openCaseRow(unit, n, {
      caseNo: `H-${n}`,
      receivedOn: '2026-03-01',
      reporterName: '王建华',
      reporterPhone: '13912341139',
      ...changes,
    });
  const replied = { status: '已答复', repliedOn: '2026-03-05' };
  const first = Array.from({ length: 10 }, (_, n) => caseRow(n));
  /** The versions, hand-written: added, altered, removed and unchanged rows. */
  const versions = [
    first,
    // H-1 altered, H-2 removed, H-10 added
    [...first.filter((r) => r.values.caseNo !== 'H-2'), caseRow(10)].map((r) =>
      r.values.caseNo === 'H-1' ? caseRow(1, replied) : r,
    ),
    // unchanged
    null,
    // H-2 back with other values, H-0 removed, H-10 altered
    [
      ...first
        .filter((r) => !['H-0', 'H-2'].includes(r.values.caseNo))
        .map((r) => (r.values.caseNo === 'H-1' ? caseRow(1, replied) : r)),
      caseRow(2, { summary: '重新反映' }),
      caseRow(10, replied),
    ],
    // the first version again
    first,
  ];
  const submitted: (typeof first)[] = [];
  const receipts: Receipt[] = [];
  /** The rows of the ledger's versions as stored: one per run of identical versions of a row. */
  const storedRows = async () =>
    (await testEnv.DB.prepare(
      "SELECT count(*) AS n FROM version_rows JOIN ledgers ON ledgers.id = ledger WHERE unit = ?1 AND kind = 'case' AND period = '2026'",
    )
      .bind(unit)
      .first<{ n: number }>())!.n;

  it('a new version stores only the rows it adds or alters', async () => {
    const token = await login(unit);
    const stored: number[] = [];
    for (const [i, version] of versions.entries()) {
      const rows = version ?? submitted.at(-1)!;
      submitted.push(rows);
      const res = await submit(token, `history-${i}`, unit, rows);
      expect(res.status).toBe(201);
      receipts.push(await body<Receipt>(res));
      stored.push(await storedRows());
    }
    // 10; +2 (H-1 altered, H-10 added); +0; +2 (H-2 again, H-10 altered); +3 (H-0, H-1 and H-2 as
    // in the first version: their runs had ended; H-3 … H-9 were kept from the first version on).
    expect(stored).toEqual([10, 12, 12, 14, 17]);
    expect(receipts.map((r) => r.version)).toEqual([1, 2, 3, 4, 5]);
  });

  it('every earlier version is rebuilt exactly as it was submitted', async () => {
    const token = await login(unit);
    for (const [i, receipt] of receipts.entries()) {
      const res = await api(`/api/submissions/${receipt.id}`, { token });
      const { rows } = await body<{
        rows: { row: number; key: string; values: Record<string, unknown> }[];
      }>(res);
      const expected = [...submitted[i]!].sort((a, b) => a.row - b.row);
      expect(rows.map((r) => [r.row, r.key])).toEqual(
        expected.map((r) => [r.row, r.values.caseNo]),
      );
      rows.forEach((r, j) => {
        expect(r.values).toMatchObject(expected[j]!.values);
      });
    }
  });

  it('returning the latest version reinstates the rebuilt version before it', async () => {
    const reviewer = await login('YP-CB');
    const returned = await api(`/api/submissions/${receipts[4]!.id}/return`, {
      method: 'POST',
      token: reviewer,
      json: { reason: '请核对' },
    });
    expect(returned.status).toBe(200);
    const { results } = await testEnv.DB.prepare(
      'SELECT case_no, status, summary FROM cases WHERE unit = ?1 AND current = 1 ORDER BY id',
    )
      .bind(unit)
      .all<{ case_no: string; status: string; summary: string }>();
    // Version 4: H-1 … H-9 (H-1 replied), H-2 re-reported, H-10 replied; H-0 does not count.
    expect(results.map((r) => r.case_no).sort()).toEqual(
      ['H-1', 'H-10', 'H-2', 'H-3', 'H-4', 'H-5', 'H-6', 'H-7', 'H-8', 'H-9'].sort(),
    );
    const byNo = new Map(results.map((r) => [r.case_no, r]));
    expect(byNo.get('H-1')?.status).toBe('已答复');
    expect(byNo.get('H-10')?.status).toBe('已答复');
    expect(byNo.get('H-2')?.summary).toBe('重新反映');
    expect(byNo.get('H-3')).toMatchObject({ status: '办理中', summary: '第3件诉求' });
  });
  it("a case's history keeps only the values a version changed, and shows the whole record before", async () => {
    const token = await login(unit);
    const { id } = (await testEnv.DB.prepare(
      "SELECT id FROM cases WHERE unit = ?1 AND case_no = 'H-1'",
    )
      .bind(unit)
      .first<{ id: number }>())!;
    const stored = await testEnv.DB.prepare(
      'SELECT before FROM record_history WHERE kind = ?1 AND record_id = ?2 ORDER BY version, id',
    )
      .bind('case', id)
      .all<{ before: string }>();
    // Version 2 replied H-1: its status and reply date were all that changed.
    expect(JSON.parse(stored.results[0]!.before)).toEqual({ status: '办理中', repliedOn: null });
    const res = await api(`/api/cases/${id}/history`, { token });
    const { versions } = await body<{
      versions: { before: Record<string, unknown>; after: Record<string, unknown> }[];
    }>(res);
    expect(versions[0]!.before).toMatchObject(caseRow(1).values);
    expect(versions[0]!.after).toMatchObject(caseRow(1, replied).values);
    expect(Object.keys(versions[0]!.before)).toEqual(Object.keys(versions[0]!.after));
  });
});

describe('migration 0041: version rows stored compactly', () => {
  const unit = 'YP-CB-003';
  const caseRow = (n: number, changes: Record<string, unknown> = {}) =>
    openCaseRow(unit, n, {
      caseNo: `M-${n}`,
      receivedOn: '2026-04-01',
      reporterName: '张秀英',
      reporterPhone: '13912340000',
      ...changes,
    });
  const stored = async (of = unit) =>
    (
      await testEnv.DB.prepare(
        'SELECT natural_key, since, item FROM version_rows JOIN ledgers ON ledgers.id = ledger WHERE unit = ?1 ORDER BY natural_key, since',
      )
        .bind(of)
        .all<{ natural_key: string; since: number; item: string }>()
    ).results;

  it('rows stored before it read the same after it, and compare equal to a new submission', async () => {
    const token = await login(unit);
    const first = [caseRow(0), caseRow(1), caseRow(2)];
    const second = [
      caseRow(0),
      caseRow(1, { status: '已答复', repliedOn: '2026-04-03' }),
      caseRow(2),
    ];
    const receipts: Receipt[] = [];
    for (const [key, rows] of [
      ['compact-1', first],
      ['compact-2', second],
    ] as const) {
      receipts.push(await body<Receipt>(await submit(token, key, unit, rows)));
    }
    const read = async () =>
      Promise.all(
        receipts.map(async (r) => body(await api(`/api/submissions/${r.id}`, { token }))),
      );
    const answers = await read();
    const compact = await stored();
    expect(compact).toHaveLength(4); // three rows, then M-1 altered

    // The rows as the Worker stored them before: {k, r, d, x}, with the names of the values.
    await testEnv.DB.batch(
      compact.map((row) => {
        const item = unpackRow('case', row.natural_key, JSON.parse(row.item));
        return testEnv.DB.prepare(
          'UPDATE version_rows SET item = ?3 WHERE ledger IN (SELECT id FROM ledgers WHERE unit = ?1) AND natural_key = ?2 AND since = ?4',
        ).bind(unit, row.natural_key, JSON.stringify(item), row.since);
      }),
    );
    const before = await stored();
    expect(JSON.parse(before[0]!.item)).toMatchObject({ k: 'M-0', r: 3, d: { caseNo: 'M-0' } });
    expect(JSON.parse(before[0]!.item).x).toMatchObject({ level: 0, replyDue: expect.any(String) });

    // Migration 0041 as written, pointed at today's table, whose rows name their ledger by number.
    const statements = compactRows
      .split(/;\s*\n/)
      .map((sql) => sql.replace(/^\s*--.*$/gm, '').trim())
      .filter(Boolean)
      .map((sql) =>
        sql.replace(
          /WHERE kind = ('\w+')/,
          'WHERE ledger IN (SELECT id FROM ledgers WHERE kind = $1)',
        ),
      );
    await testEnv.DB.batch(statements.map((sql) => testEnv.DB.prepare(sql)));

    // The same text as the Worker writes: an unchanged resubmission stores nothing again.
    expect(await stored()).toEqual(compact);
    expect(await read()).toEqual(answers);
    const again = await body<Receipt>(await submit(token, 'compact-3', unit, second));
    expect(again).toMatchObject({ version: 3, inserted: 0, updated: 0, unchanged: 3 });
    expect(await stored()).toHaveLength(4);
  });

  it('rows written while they travelled as arrays compare equal to the same rows sent keyed', async () => {
    // A ledger of its own (another area), so that the versions above stay as they are.
    const area = 'YP-CB-004';
    const token = await login(area);
    // Texts SQLite might render otherwise: quotes, a backslash, a line break, U+2028, CJK, an emoji.
    const rows = [
      { summary: '楼道"灯"坏了\\三楼' },
      { summary: '第一行\n第二行\u2028第三行' },
      { summary: '垃圾箱房异味严重😷' },
    ].map((changes, i) =>
      openCaseRow(area, 20 + i, {
        caseNo: `M-${20 + i}`,
        receivedOn: '2026-04-01',
        reporterName: '张秀英',
        ...changes,
      }),
    );
    const first = await body<Receipt>(await submit(token, 'keyed-1', area, rows));
    expect(first.inserted).toBe(3);
    const mine = () => stored(area);
    const keyed = await mine();
    expect(keyed.flatMap((r) => JSON.parse(r.item)[1])).toEqual(
      expect.arrayContaining(rows.map((r) => r.values.summary)),
    );
    // The rows as the Worker wrote them before (docs/decisions/0013): each sent as an array with its
    // key first, and stored as that array without it.
    await testEnv.DB.batch(
      keyed.map((row) =>
        testEnv.DB.prepare(
          "UPDATE version_rows SET item = json_remove(?3, '$[0]') WHERE natural_key = ?2 AND since = ?4 AND ledger IN (SELECT id FROM ledgers WHERE unit = ?1)",
        ).bind(
          area,
          row.natural_key,
          JSON.stringify([row.natural_key, ...JSON.parse(row.item)]),
          row.since,
        ),
      ),
    );
    expect(await mine()).toEqual(keyed);
    const again = await body<Receipt>(await submit(token, 'keyed-2', area, rows));
    expect(again).toMatchObject({ version: 2, inserted: 0, updated: 0, unchanged: 3 });
    expect(await mine()).toEqual(keyed);
  });
});
