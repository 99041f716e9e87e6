/**
 * The submit without HTTP: what the route does, called as the bench or a script would — the role
 * model still applies, a repeated key answers the first receipt and writes nothing again.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { seedDemoOrg, testEnv } from '../test/helpers.ts';
import type { Account } from './env.ts';
import { RouteError } from './errors.ts';
import type { Role } from './scope.ts';
import { type SubmissionBody, submitLedger } from './submit.ts';

const db = testEnv.DB;

async function accountOf(username: string): Promise<Account> {
  const row = await db
    .prepare('SELECT id, username, unit, roles FROM accounts WHERE username = ?1')
    .bind(username)
    .first<{ id: number; username: string; unit: string; roles: string }>();
  return { ...row!, roles: JSON.parse(row!.roles) as Role[], tokenHash: '' };
}

const caseRow = (i: number) => ({
  row: i + 3,
  values: {
    caseNo: `CB-001-${String(9000 + i)}`,
    receivedOn: '2026-03-01',
    channel: '电话',
    reporterName: '王建华',
    reporterPhone: '13912341139',
    address: '长白路100弄3号',
    area: '长白一村',
    category: '环境卫生',
    summary: '垃圾箱房异味严重',
    firstReceiver: '李敏',
    status: '办理中',
  },
});

const ledger = (rows: number): SubmissionBody => ({
  kind: 'case',
  unit: 'YP-CB-001',
  period: '2026',
  sourceName: '一事一表.xlsx',
  rows: Array.from({ length: rows }, (_, i) => caseRow(i)),
});

const casesOf = async (unit: string) =>
  (await db
    .prepare('SELECT count(*) AS n FROM cases WHERE unit = ?1')
    .bind(unit)
    .first<{ n: number }>())!.n;

async function refusal(promise: Promise<unknown>): Promise<{ status: number; code: string }> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RouteError);
  return { status: (error as RouteError).status, code: (error as RouteError).code };
}

beforeAll(() => seedDemoOrg());

describe('submitLedger, called without HTTP', () => {
  it('writes a new version once; the same key answers the first receipt and writes nothing', async () => {
    const clerk = await accountOf('YP-CB-001');
    const request = { account: clerk, body: ledger(2), key: 'direct-1', locale: 'zh' as const };
    const first = await submitLedger(db, request);
    expect(first.status).toBe(201);
    expect(first.receipt).toMatchObject({ unit: 'YP-CB-001', rows: 2, inserted: 2, version: 1 });
    expect(await casesOf('YP-CB-001')).toBe(2);

    const again = await submitLedger(db, request);
    expect(again.status).toBe(200);
    expect(again.receipt).toEqual(first.receipt);
    expect(await casesOf('YP-CB-001')).toBe(2);

    // The same key with other rows is another request: refused, nothing written.
    expect(await refusal(submitLedger(db, { ...request, body: ledger(3) }))).toEqual({
      status: 409,
      code: 'IDEMPOTENCY_KEY_REUSED',
    });
    expect(await casesOf('YP-CB-001')).toBe(2);
  });

  it('applies the role model: another area cannot submit this area’s ledger', async () => {
    const neighbour = await accountOf('YP-CB-002');
    const before = await casesOf('YP-CB-001');
    const request = { account: neighbour, body: ledger(1), key: 'direct-2', locale: 'zh' as const };
    expect(await refusal(submitLedger(db, request))).toEqual({ status: 403, code: 'FORBIDDEN' });
    expect(await casesOf('YP-CB-001')).toBe(before);
  });
});
