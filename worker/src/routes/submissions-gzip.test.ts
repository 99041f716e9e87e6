/**
 * A ledger sent compressed (`Content-Encoding: gzip`, as the add-in and the CLI send it) is stored
 * exactly as the same ledger sent plain, and a repeat in either form is the same request; a body
 * that inflates past the limit, a broken one and an unknown encoding are refused, writing nothing.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { api, body, login, seedDemoOrg, testEnv } from '../../test/helpers.ts';
import { MAX_SUBMISSION_BYTES } from '../app.ts';
import type { Receipt } from '../submissions.ts';

const rows = Array.from({ length: 2_000 }, (_, i) => ({
  row: i + 3,
  values: {
    caseNo: `GZ-${String(i).padStart(5, '0')}`,
    receivedOn: '2026-03-02',
    channel: '来电',
    reporterName: '王建华',
    reporterPhone: '13912341139',
    address: `长白路${i}弄`,
    area: '长白一村',
    category: '环境卫生',
    summary: '垃圾箱房异味严重',
    firstReceiver: '李敏',
    status: '办理中',
  },
}));

async function gzip(data: Uint8Array | string): Promise<Uint8Array> {
  const stream = new Blob([data]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

const send = (token: string, key: string, payload: BodyInit, encoding?: string) =>
  api('/api/submissions', {
    method: 'POST',
    token,
    headers: {
      'Content-Type': 'application/json',
      'Idempotency-Key': key,
      ...(encoding ? { 'Content-Encoding': encoding } : {}),
    },
    body: payload,
  });

const stored = async () => ({
  cases: (await testEnv.DB.prepare('SELECT count(*) AS n FROM cases').first<{ n: number }>())!.n,
  submissions: (await testEnv.DB.prepare('SELECT count(*) AS n FROM submissions').first<{
    n: number;
  }>())!.n,
});

let clerk: string;
beforeAll(async () => {
  await seedDemoOrg();
  clerk = await login('YP-CB-001');
});

describe('a ledger sent compressed', () => {
  const json = JSON.stringify({ kind: 'case', unit: 'YP-CB-001', period: '2026', rows });

  it('is stored as the same ledger sent plain, and a repeat in either form writes nothing', async () => {
    const compressed = await gzip(json);
    expect(compressed.byteLength).toBeLessThan(json.length / 5);
    const first = await send(clerk, 'gz-1', compressed, 'gzip');
    expect(first.status).toBe(201);
    const receipt = await body<Receipt>(first);
    expect(receipt).toMatchObject({ version: 1, inserted: 2_000, updated: 0, unchanged: 0 });
    const row = await testEnv.DB.prepare(
      "SELECT reporter_phone, address FROM cases WHERE case_no = 'GZ-00007'",
    ).first();
    expect(row).toEqual({ reporter_phone: '13912341139', address: '长白路7弄' });

    // The same request sent again, plain or compressed: the first receipt, nothing written.
    const before = await stored();
    for (const [payload, encoding] of [
      [json, undefined],
      [compressed, 'gzip'],
    ] as const) {
      const again = await send(clerk, 'gz-1', payload, encoding);
      expect(again.status).toBe(200);
      expect(await body<Receipt>(again)).toEqual(receipt);
    }
    expect(await stored()).toEqual(before);
  });

  it('is read as the same body sent plain: a byte order mark dropped, a broken character replaced', async () => {
    // A byte order mark before the JSON, and a summary whose middle character lost its last byte.
    const bytesOf = (caseNo: string) => {
      const [head, tail] = JSON.stringify({
        kind: 'case',
        unit: 'YP-CB-001',
        period: '2026-02',
        rows: [{ ...rows[0]!, values: { ...rows[0]!.values, caseNo, summary: '异味|严重' } }],
      }).split('|');
      const utf8 = new TextEncoder();
      return new Uint8Array([
        ...[0xef, 0xbb, 0xbf],
        ...utf8.encode(head),
        ...[0xe5, 0xa4],
        ...utf8.encode(tail),
      ]);
    };
    expect((await send(clerk, 'gz-bom-plain', bytesOf('BOM-1'))).status).toBe(201);
    expect((await send(clerk, 'gz-bom', await gzip(bytesOf('BOM-2')), 'gzip')).status).toBe(201);
    const { results } = await testEnv.DB.prepare(
      "SELECT summary FROM cases WHERE case_no IN ('BOM-1', 'BOM-2') ORDER BY case_no",
    ).all<{ summary: string }>();
    expect(results.map((r) => r.summary)).toEqual(['异味\uFFFD严重', '异味\uFFFD严重']);
  });

  it('of any size inflates whole: one row, a few dozen kilobytes, a few hundred', async () => {
    for (const [i, count] of [1, 150, 300, 1_200].entries()) {
      const ledger = JSON.stringify({
        kind: 'case',
        unit: 'YP-CB-001',
        period: `2025-0${i + 1}`,
        rows: rows.slice(0, count).map((r) => ({
          ...r,
          values: { ...r.values, caseNo: `SZ${i}-${r.values.caseNo}` },
        })),
      });
      const res = await send(clerk, `gz-size-${count}`, await gzip(ledger), 'gzip');
      expect(res.status).toBe(201);
      expect(await body<Receipt>(res)).toMatchObject({ inserted: count });
    }
  });

  it('that inflates past the limit is refused with 413, nothing written', async () => {
    const before = await stored();
    const bomb = await gzip(new Uint8Array(MAX_SUBMISSION_BYTES + 1024 * 1024));
    expect(bomb.byteLength).toBeLessThan(1024 * 1024);
    const res = await send(clerk, 'gz-bomb', bomb, 'gzip');
    expect(res.status).toBe(413);
    expect((await body<{ error: { code: string } }>(res)).error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(await stored()).toEqual(before);
  });

  it('whose stated size understates what it inflates to is refused as broken, nothing written', async () => {
    const before = await stored();
    // gzip ends with the inflated size: this one says 1 KB and inflates to more than the limit.
    const bomb = await gzip(new Uint8Array(MAX_SUBMISSION_BYTES + 1024 * 1024));
    new DataView(bomb.buffer, bomb.byteOffset, bomb.byteLength).setUint32(
      bomb.byteLength - 4,
      1024,
      true,
    );
    const res = await send(clerk, 'gz-understated', bomb, 'gzip');
    expect(res.status).toBe(400);
    expect((await body<{ error: { code: string } }>(res)).error.code).toBe(
      'CONTENT_ENCODING_INVALID',
    );
    expect(await stored()).toEqual(before);
  });

  it('that cannot be inflated, or in an encoding other than gzip, is refused, nothing written', async () => {
    const before = await stored();
    const broken = await send(clerk, 'gz-broken', json, 'gzip');
    expect(broken.status).toBe(400);
    expect((await body<{ error: { code: string } }>(broken)).error.code).toBe(
      'CONTENT_ENCODING_INVALID',
    );
    const brotli = await send(clerk, 'gz-br', json, 'br');
    expect(brotli.status).toBe(415);
    const { error } = await body<{ error: { code: string; message: string } }>(brotli);
    expect(error.code).toBe('CONTENT_ENCODING_UNSUPPORTED');
    expect(error.message).toContain('gzip');
    expect(await stored()).toEqual(before);
  });
});
