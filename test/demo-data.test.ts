import { describe, expect, it } from 'vitest';
import { readOrgFile } from '../cli/org.ts';
import { generateDemoDistrict } from '../scripts/demo-data.ts';
import { evaluationRightsIssues, type RatingToCheck } from '../shared/evaluation-rights.ts';
import {
  CATEGORIES,
  CHANNELS,
  RANKS,
  SATISFACTIONS,
  STATUSES,
  validateRows,
} from '../shared/ledgers/index.ts';

const org = readOrgFile();

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
  });

  it('has a cadre register of every rank, submitted by the district, naming the cadres of the diaries', () => {
    const registers = submissions.filter((s) => s.kind === 'cadre');
    expect(registers.map((s) => s.unit)).toEqual(['YP']);
    const cadres = registers[0]!.rows.map((r) => r.values);
    expect(new Set(cadres.map((c) => c.rank))).toEqual(new Set(RANKS));
    const names = new Set(cadres.map((c) => c.name));
    const visitors = submissions
      .filter((s) => s.kind === 'visit')
      .flatMap((s) => s.rows.map((r) => r.values.cadre));
    for (const name of visitors) expect(names.has(name as string), String(name)).toBe(true);
    // Every sub-district and department has cadres of its own.
    for (const unit of org.units.filter(
      (u) => u.kind === 'subdistrict' || u.kind === 'department',
    )) {
      expect(
        cadres.some((c) => c.unit === unit.code),
        unit.code,
      ).toBe(true);
    }
  });

  it('has a year of 条块互评: every sub-district rates every department as 街道/镇', () => {
    const departments = org.units.filter((u) => u.kind === 'department').map((u) => u.code);
    for (const unit of org.units.filter((u) => u.kind === 'subdistrict')) {
      const own = submissions.filter((s) => s.kind === 'evaluation' && s.unit === unit.code);
      const rated = own.flatMap((s) => s.rows.map((r) => r.values));
      expect(rated.map((r) => r.subject).sort(), unit.code).toEqual([...departments].sort());
      expect(new Set(rated.map((r) => r.evaluatorGroup))).toEqual(new Set(['街道/镇']));
    }
  });

  it('is deterministic', () => {
    expect(generateDemoDistrict(org, { seed: 7 })).toEqual(submissions);
  });
});
