import { describe, expect, it } from 'vitest';
import { loadOrg } from '../cli/org.ts';
import { generateDemoDistrict } from '../scripts/demo-data.ts';
import { evaluationRightsIssues, type RatingToCheck } from '../shared/evaluation-rights.ts';
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

  it('rates as Yangpu does, each sheet from a unit allowed to submit it', () => {
    const evaluations = submissions.filter((s) => s.kind === 'evaluation');
    for (const s of evaluations) {
      const ratings = s.rows.map((r) => ({ row: r.row, ...r.values }) as RatingToCheck);
      expect(
        evaluationRightsIssues(ratings, { org, submitter: s.unit, areasOf: () => [] }),
      ).toEqual([]);
    }
    const groups = (kind: string) =>
      new Set(
        evaluations.flatMap((s) =>
          s.rows
            .filter((r) => org.get(String(r.values.subject))?.kind === kind)
            .map((r) => r.values.evaluatorGroup),
        ),
      );
    expect(groups('subdistrict')).toEqual(new Set(['社区干部', '群众']));
    // 条块互评: the sub-districts rate the departments.
    expect(groups('department')).toEqual(new Set(['街道/镇', '群众']));
    expect(evaluations.filter((s) => org.get(s.unit)?.kind === 'subdistrict').length).toBe(
      org.units.filter((u) => u.kind === 'subdistrict').length,
    );
  });

  it('is deterministic', () => {
    expect(generateDemoDistrict(org, { seed: 7 })).toEqual(submissions);
  });
});
