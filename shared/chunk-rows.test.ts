import { describe, expect, test } from 'vitest';
import { chunkRows, JSON_OBJECT } from './chunk-rows.ts';

describe('chunkRows', () => {
  test('rows that fit stay one chunk, as their JSON array', () => {
    expect(chunkRows(['a', 'b'], 100)).toEqual([{ start: 0, rows: ['a', 'b'], json: '["a","b"]' }]);
  });

  test('cuts before the row that would pass the limit, counting UTF-8 bytes', () => {
    // "张三" is 8 bytes of JSON (2 quotes + 2 × 3 bytes), 9 with its comma; brackets 2:
    // two rows are 2 + 9 + 9 = 20 bytes, a third would make 29.
    const rows = ['张三', '李四', '王五'];
    expect(chunkRows(rows, 20)).toEqual([
      { start: 0, rows: ['张三', '李四'], json: '["张三","李四"]' },
      { start: 2, rows: ['王五'], json: '["王五"]' },
    ]);
    expect(chunkRows(rows, 19).map((c) => c.start)).toEqual([0, 1, 2]);
  });

  test('counts four-byte characters and rows longer than a few thousand characters exactly', () => {
    // "😀" is 6 bytes of JSON, 7 with its comma; 3,000 × "张" is 9,002, 9,003 with its comma;
    // brackets 2: the two rows are 9,012 bytes.
    const rows = ['😀', '张'.repeat(3_000)];
    expect(chunkRows(rows, 9_012).map((c) => c.start)).toEqual([0]);
    expect(chunkRows(rows, 9_011).map((c) => c.start)).toEqual([0, 1]);
    expect(chunkRows(['张'.repeat(3_000), '😀'], 9_011).map((c) => c.start)).toEqual([0, 1]);
  });

  test('a row larger than the limit still travels, alone', () => {
    expect(chunkRows(['x'.repeat(50), 'y'], 10)).toEqual([
      { start: 0, rows: ['x'.repeat(50)], json: `["${'x'.repeat(50)}"]` },
      { start: 1, rows: ['y'], json: '["y"]' },
    ]);
  });

  test('keyed rows travel as one JSON object per chunk, counted the same way', () => {
    // {"a":"张三"} is 2 + 12 bytes ("a", the colon, "张三"), 13 with its comma: two rows are 28.
    const rows = [
      ['a', '张三'],
      ['b', '李四'],
      ['c', '王五'],
    ] as const;
    const chunks = chunkRows(rows, 28, JSON_OBJECT);
    expect(chunks.map((c) => c.json)).toEqual(['{"a":"张三","b":"李四"}', '{"c":"王五"}']);
    expect(JSON.parse(chunks[0]!.json)).toEqual({ a: '张三', b: '李四' });
    expect(chunkRows(rows, 27, JSON_OBJECT).map((c) => c.start)).toEqual([0, 1, 2]);
  });

  test('no rows, no chunks', () => {
    expect(chunkRows([], 100)).toEqual([]);
  });
});

describe('chunkRows on mixed rows', () => {
  /** A row of ASCII, Chinese and four-byte characters, its length and mix set by `seed`. */
  const row = (seed: number) => {
    const pieces = ['a', '张', '😀', '"', '\\n', 'x1'];
    return Array.from({ length: (seed * 7919) % 97 }, (_, j) => pieces[(seed + j * 31) % 6]).join(
      '',
    );
  };
  const utf8 = (text: string) => new TextEncoder().encode(text).length;

  test('every chunk fits, none could take its next row, and together they are every row', () => {
    const rows = Array.from({ length: 3_000 }, (_, i) => row(i));
    for (const maxBytes of [64, 1_000, 7_777, 50_000, 1_000_000]) {
      const chunks = chunkRows(rows, maxBytes);
      expect(chunks.flatMap((c) => c.rows)).toEqual(rows);
      for (const [n, chunk] of chunks.entries()) {
        expect(JSON.parse(chunk.json)).toEqual(chunk.rows);
        if (chunk.rows.length > 1) expect(utf8(chunk.json)).toBeLessThanOrEqual(maxBytes);
        const next = chunks[n + 1];
        if (next) {
          const grown = JSON.stringify([...chunk.rows, next.rows[0]]);
          expect(utf8(grown)).toBeGreaterThan(maxBytes);
        }
      }
    }
  });
});
