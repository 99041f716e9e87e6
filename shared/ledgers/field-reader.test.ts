import { describe, expect, it } from 'vitest';
import { readOrgFile } from '../../cli/org.ts';
import { FAILED, FieldReader } from './field-reader.ts';
import { LEDGERS } from './index.ts';

const ctx = { org: readOrgFile(), unit: 'YP-CB', asOf: '2026-11-16', titleYear: 2026 };
const fieldOf = (kind: keyof typeof LEDGERS, key: string) =>
  LEDGERS[kind].fields.find((f) => f.key === key)!;

describe('FieldReader', () => {
  it('reads a cell repeated down a column again when its format differs', () => {
    const reader = new FieldReader(fieldOf('case', 'receivedOn'), ctx);
    // 20260305 written plainly is a compact date; formatted as a date it is a serial far past 2999.
    expect(reader.read(20260305, false)).toBe('2026-03-05');
    expect(reader.read(20260305, true)).toBe(FAILED);
    expect(reader.failure(20260305, true).code).toBe('BAD_DATE');
    expect(reader.read(20260305, false)).toBe('2026-03-05');
  });

  it('gives the same canonical value for a repeated written form, and fails a future date', () => {
    const reader = new FieldReader(fieldOf('case', 'status'), ctx);
    expect(reader.read(' 完成', false)).toBe('已办结');
    expect(reader.read(' 完成', false)).toBe('已办结');
    expect(reader.read('', false)).toBeNull();
    const date = new FieldReader(fieldOf('case', 'repliedOn'), ctx);
    expect(date.read('2026-11-17', false)).toBe(FAILED);
    expect(date.failure('2026-11-17', false).code).toBe('FUTURE_DATE');
  });

  it('gives a list column a new array on every row, so editing one row leaves the others', () => {
    const reader = new FieldReader(fieldOf('visit', 'caseNos'), ctx);
    const first = reader.read('CB-1、CB-2', false) as string[];
    const second = reader.read('CB-1、CB-2', false) as string[];
    expect(first).toEqual(['CB-1', 'CB-2']);
    expect(second).not.toBe(first);
    expect(reader.read('', false)).not.toBe(reader.read('', false));
  });
});
