import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { evaluationRightsIssues, type RatingToCheck } from './evaluation-rights.ts';
import { buildOrgTree, parseOrgCsv } from './org.ts';

const org = buildOrgTree(
  parseOrgCsv(readFileSync(new URL('../data/demo-org.csv', import.meta.url), 'utf8')),
);

// 陆建华 visits 长白一村 (YP-CB-001, under 长白新村街道); 周红 visits 国定一 (YP-WJC-001, under 五角场街道).
const VISITED: Record<string, string[]> = { 陆建华: ['YP-CB-001'], 周红: ['YP-WJC-001'] };
const areasOf = (cadre: string) => VISITED[cadre] ?? [];

function rating(subject: string, changes: Partial<RatingToCheck> = {}): RatingToCheck {
  return {
    row: 3,
    subjectKind: subject.startsWith('YP') ? '单位' : '干部',
    subject,
    evaluatorGroup: '群众',
    veto: false,
    ...changes,
  };
}

/** The codes of what `submitter` may not submit, per row: `row field code`. */
function refused(submitter: string, ratings: RatingToCheck[]): string[] {
  return evaluationRightsIssues(ratings, { org, submitter, areasOf }).map(
    (i) => `${i.row} ${i.field} ${i.code}`,
  );
}

describe('who may submit whose ratings', () => {
  test('the district rates any unit and any cadre, and alone may veto', () => {
    expect(
      refused('YP', [
        rating('YP-CB'),
        rating('YP-WJC-002', { row: 4 }),
        rating('YP-D-FG', { row: 5, veto: true }),
        rating('陆建华', { row: 6 }),
        rating('不认识的干部', { row: 7 }),
      ]),
    ).toEqual([]);
  });

  test('nobody rates itself: the district does not rate the district', () => {
    expect(refused('YP', [rating('YP')])).toEqual(['3 subject RATING_UNIT_NOT_BELOW']);
  });

  test('a sub-district rates its own areas and the cadres working in them, nothing beside it', () => {
    expect(
      refused('YP-CB', [
        rating('YP-CB-003'),
        rating('陆建华', { row: 4, evaluatorGroup: '社区干部' }),
        rating('YP-CB', { row: 5 }),
        rating('YP-WJC', { row: 6 }),
        rating('YP-WJC-001', { row: 7 }),
        rating('周红', { row: 8 }),
        rating('YP', { row: 9 }),
      ]),
    ).toEqual([
      '5 subject RATING_UNIT_NOT_BELOW',
      '6 subject RATING_UNIT_NOT_BELOW',
      '7 subject RATING_UNIT_NOT_BELOW',
      '8 subject RATING_CADRE_NOT_BELOW',
      '9 subject RATING_UNIT_NOT_BELOW',
    ]);
  });

  test('条块互评: a sub-district rates a department as 街道/镇, not under another group', () => {
    expect(
      refused('YP-CB', [
        rating('YP-D-FG', { evaluatorGroup: '街道/镇' }),
        rating('YP-D-FG', { row: 4, evaluatorGroup: '群众' }),
      ]),
    ).toEqual(['4 subject RATING_UNIT_NOT_BELOW']);
    // A residential area is no sub-district: it does not rate departments.
    expect(refused('YP-CB-001', [rating('YP-D-FG', { evaluatorGroup: '街道/镇' })])).toEqual([
      '3 subject RATING_UNIT_NOT_BELOW',
    ]);
  });

  test("a residential area submits its residents' 群众 ratings of its contact cadres only", () => {
    expect(
      refused('YP-CB-001', [
        rating('陆建华'),
        rating('陆建华', { row: 4, evaluatorGroup: '社区干部' }),
        rating('周红', { row: 5 }),
        rating('YP-CB-002', { row: 6 }),
        rating('YP-CB-001', { row: 7 }),
      ]),
    ).toEqual([
      '4 subject RATING_CADRE_NOT_BELOW',
      '5 subject RATING_CADRE_NOT_BELOW',
      '6 subject RATING_UNIT_NOT_BELOW',
      '7 subject RATING_UNIT_NOT_BELOW',
    ]);
  });

  test("a clerk's veto is refused even of a unit it may rate, naming the row and the field", () => {
    const issues = evaluationRightsIssues(
      [rating('陆建华', { row: 12, veto: true }), rating('YP-WJC', { row: 13, veto: true })],
      { org, submitter: 'YP-CB-001', areasOf },
    );
    expect(issues.map((i) => `${i.row} ${i.field} ${i.code}`)).toEqual([
      '12 veto VETO_DISTRICT_ONLY',
      '13 subject RATING_UNIT_NOT_BELOW',
      '13 veto VETO_DISTRICT_ONLY',
    ]);
    expect(issues[0]!.message).toContain('一票否决');
    expect(issues[1]!.message).toContain('五角场街道');
    expect(issues[1]!.message).toContain('长白一村居民区');
  });

  test('a sub-district may not veto either', () => {
    expect(refused('YP-CB', [rating('YP-CB-003', { veto: true })])).toEqual([
      '3 veto VETO_DISTRICT_ONLY',
    ]);
  });
});
