import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FirstRows } from './first-rows.ts';

describe('FirstRows', () => {
  it('gives the first row of a repeated identity and nothing for a new one', () => {
    const seen = new FirstRows();
    expect(seen.firstRow('CB-1', 4)).toBeUndefined();
    expect(seen.firstRow('CB-2', 5)).toBeUndefined();
    expect(seen.firstRow('CB-1', 6)).toBe(4);
    // The third time still names the first row, not the second.
    expect(seen.firstRow('CB-1', 9)).toBe(4);
    expect(seen.firstRow('cb-1', 10)).toBeUndefined();
  });

  it('keeps every first row as the table grows past its first size', () => {
    const seen = new FirstRows();
    for (let i = 0; i < 5000; i++) expect(seen.firstRow(`A-${i}`, i + 2)).toBeUndefined();
    for (let i = 0; i < 5000; i += 7) expect(seen.firstRow(`A-${i}`, 9999)).toBe(i + 2);
  });

  it('agrees with a plain map on any sequence of identities', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 3 }), { maxLength: 300 }), (keys) => {
        const seen = new FirstRows();
        const first = new Map<string, number>();
        keys.forEach((key, row) => {
          expect(seen.firstRow(key, row)).toBe(first.get(key));
          if (!first.has(key)) first.set(key, row);
        });
      }),
    );
  });
});
