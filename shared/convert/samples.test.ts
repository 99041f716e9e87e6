import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readOrgFile } from '../../cli/org.ts';
import { readWorkbook } from '../../cli/xlsx.ts';
import { convertSheet } from './index.ts';

// The paper-style workbooks clerks really have, beside the repository (tests may read them).
const SAMPLES = path.resolve(import.meta.dirname, '../../../shared/samples');
const org = readOrgFile();

interface Expected {
  kind: string;
  submittingUnit: string;
  asOf: string;
  titleYear: number;
  headerRow: number;
  ignoredRows: number[];
  rows: {
    row: number;
    values: Record<string, unknown>;
    errors: { field: string; code: string }[];
  }[];
}

describe.each([
  'changbai-cases-2026',
  'shangli-households-2026',
  'changbai-visits-2026',
  'yangpu-evaluations-2026',
])('sample %s', (name) => {
  const expected: Expected = JSON.parse(
    readFileSync(path.join(SAMPLES, `${name}.expected.json`), 'utf8'),
  );
  const convert = async () =>
    convertSheet(await readWorkbook(path.join(SAMPLES, `${name}.xlsx`)), {
      org,
      unit: expected.submittingUnit,
      asOf: expected.asOf,
    });

  it('finds the kind, header row, title year and skipped rows', async () => {
    const result = await convert();
    expect(result.kind).toBe(expected.kind);
    expect(result.headerRow).toBe(expected.headerRow);
    expect(result.titleYear).toBe(expected.titleYear);
    expect(result.ignoredRows.map((r) => r.row)).toEqual(expected.ignoredRows);
    expect(result.missingColumns).toEqual([]);
    expect(result.rows.map((r) => r.row)).toEqual(expected.rows.map((r) => r.row));
  });

  it('gives every clean row its canonical values and no errors', async () => {
    const result = await convert();
    const byRow = new Map(result.rows.map((r) => [r.row, r]));
    for (const want of expected.rows.filter((r) => r.errors.length === 0)) {
      const got = byRow.get(want.row)!;
      expect({ row: got.row, errors: got.errors }).toEqual({ row: want.row, errors: [] });
      // A field newer than the sample's expectations is not on its sheet: blank (null).
      const blank = Object.fromEntries(Object.keys(got.values).map((key) => [key, null]));
      expect({ row: got.row, values: got.values }).toEqual({
        row: want.row,
        values: { ...blank, ...want.values },
      });
    }
  });

  it('rejects every listed cell with its field and code, and a message in Chinese', async () => {
    const result = await convert();
    const byRow = new Map(result.rows.map((r) => [r.row, r]));
    for (const want of expected.rows.filter((r) => r.errors.length > 0)) {
      const got = byRow.get(want.row)!;
      for (const error of want.errors) {
        expect(got.errors, `row ${want.row}`).toContainEqual(
          expect.objectContaining({ field: error.field, code: error.code }),
        );
      }
      for (const error of got.errors) expect(error.message).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});
