import { describe, expect, it } from 'vitest';
import { loadOrg } from '../cli/org.ts';
import { generateDemoDistrict } from '../scripts/demo-data.ts';
import {
  CATEGORIES,
  CHANNELS,
  SATISFACTIONS,
  STATUSES,
  validateRows,
} from '../shared/ledgers/index.ts';

const org = loadOrg();

describe('the demo district', () => {
  const submissions = generateDemoDistrict(org, { seed: 7 });

  it('is made of ledgers the Worker accepts: every row passes the shared validation', () => {
    for (const s of submissions) {
      const { issues } = validateRows(s.kind, s.rows, { org, unit: s.unit, asOf: '2026-11-15' });
      expect(issues, `${s.unit} ${s.kind}`).toEqual([]);
    }
  });

  it('shows every channel, category, status and rating, and one veto', () => {
    const cases = submissions
      .filter((s) => s.kind === 'case')
      .flatMap((s) => s.rows.map((r) => r.values));
    for (const [key, values] of [
      ['channel', CHANNELS],
      ['category', CATEGORIES],
      ['status', STATUSES],
      ['satisfaction', SATISFACTIONS],
    ] as const) {
      expect(new Set(cases.map((c) => c[key])), key).toEqual(new Set(values));
    }
    const ratings = submissions.filter((s) => s.kind === 'evaluation').flatMap((s) => s.rows);
    expect(ratings.filter((r) => r.values.veto === true)).toHaveLength(1);
  });

  it('is deterministic', () => {
    expect(generateDemoDistrict(org, { seed: 7 })).toEqual(submissions);
  });
});
