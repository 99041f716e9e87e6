/**
 * The assessment and report endpoints answer exactly what their response schemas say (decision
 * 0016): each real answer, on the demo district's records, parses with its schema and loses
 * nothing in the parse — a field renamed, added or dropped fails here. Beside it, the schemas and
 * the shared functions' types must agree, or the type check fails.
 */
import { beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import type { Roll, RollRow } from '../../../shared/assessment.ts';
import type {
  ExplainedCase,
  ExplainedEvaluation,
  ExplainedPeriod,
  Explanation,
} from '../../../shared/assessment-explain.ts';
import type { ComplianceSummary, DutyStatus } from '../../../shared/compliance.ts';
import type { visitCoverage } from '../../../shared/coverage.ts';
import type { WidespreadProblem } from '../../../shared/escalation.ts';
import type { FrequentProblems, SupervisionItem } from '../../../shared/reports.ts';
import { api, body, login, seedDemoOrg } from '../../test/helpers.ts';
import { demoCadres, insertDemoLedgers } from '../../test/rules-data.ts';
import type { Appeal, RevisionMeta } from '../assessment-revisions-sql.ts';
import { type appeal, type revision, roll, type rollRow } from '../schemas.ts';
import { assessmentAnswer } from './assessment.ts';
import { appealAnswer, appealDecisionAnswer, appealsAnswer } from './assessment-appeals.ts';
import {
  explainAnswer,
  type explainedCase,
  type explainedEvaluation,
  type explainedPeriod,
  type explanation,
} from './assessment-explain.ts';
import { finalisedRollAnswer, frozenRollAnswer, revisionsAnswer } from './assessment-revisions.ts';
import { openApiAnswer } from './openapi.ts';
import {
  complianceAnswer,
  type complianceSummary,
  dueSoonAnswer,
  type dutyStatus,
  frequentAnswer,
  supervisionAnswer,
  type supervisionItem,
  type widespreadProblem,
} from './reports-schemas.ts';

beforeAll(async () => {
  await seedDemoOrg();
  await insertDemoLedgers();
});

const AS_OF = '2026-11-15';

/** The answer, parsed with its schema: it must parse, and the parse must keep every field. */
async function answer<S extends z.ZodType>(schema: S, res: Response, status = 200) {
  expect([res.status, res.status === status ? '' : await res.text()]).toEqual([status, '']);
  const sent = await body<unknown>(res);
  const parsed = schema.parse(sent);
  expect(parsed).toEqual(sent);
  return parsed as z.infer<S>;
}
const get = async (path: string, as = 'YP') => api(path, { token: await login(as) });
const post = async (path: string, json: unknown, as = 'YP') =>
  api(path, { method: 'POST', token: await login(as), json });

describe('the schemas describe what the shared functions build', () => {
  it('agree type for type with the roll, its explanation, appeals and the reports', () => {
    expectTypeOf<z.infer<typeof rollRow>>().toEqualTypeOf<RollRow>();
    expectTypeOf<z.infer<typeof roll>>().toEqualTypeOf<Roll>();
    expectTypeOf<Omit<z.infer<typeof revision>, 'latest'>>().toEqualTypeOf<RevisionMeta>();
    expectTypeOf<z.infer<typeof appeal>>().toEqualTypeOf<Appeal>();
    expectTypeOf<z.infer<typeof explainedCase>>().toEqualTypeOf<ExplainedCase>();
    expectTypeOf<z.infer<typeof explainedEvaluation>>().toEqualTypeOf<ExplainedEvaluation>();
    expectTypeOf<z.infer<typeof explainedPeriod>>().toEqualTypeOf<ExplainedPeriod>();
    expectTypeOf<z.infer<typeof explanation>>().toEqualTypeOf<Explanation>();
    expectTypeOf<Omit<z.infer<typeof frequentAnswer>, 'unit'>>().toEqualTypeOf<FrequentProblems>();
    expectTypeOf<z.infer<typeof supervisionItem>>().toEqualTypeOf<SupervisionItem>();
    expectTypeOf<z.infer<typeof widespreadProblem>>().toEqualTypeOf<WidespreadProblem>();
    expectTypeOf<z.infer<typeof dutyStatus>>().toEqualTypeOf<DutyStatus>();
    expectTypeOf<z.infer<typeof complianceSummary>>().toEqualTypeOf<ComplianceSummary>();
    expectTypeOf<z.infer<typeof complianceAnswer>['coverage']>().toEqualTypeOf<
      ReturnType<typeof visitCoverage>
    >();
  });
});

describe('each endpoint’s answer parses with its schema, field for field', () => {
  it('GET /api/assessment before the year is finalised: the roll computed now', async () => {
    const live = await answer(roll, await get(`/api/assessment?year=2026&of=units&asOf=${AS_OF}`));
    expect(live.rows.length).toBeGreaterThan(0);
    expect(assessmentAnswer.parse(live)).toEqual(live);
  });

  it('GET /api/assessment/explain: cases, ratings and periods', async () => {
    const explain = (query: string) =>
      get(`/api/assessment/explain?year=2026&asOf=${AS_OF}&unit=YP&${query}`);
    const cases = await answer(
      explainAnswer,
      await explain('key=YP-CB-001&figure=onTimeResolutionRate'),
    );
    expect(cases.cases.length).toBeGreaterThan(0);
    const ratings = await answer(
      explainAnswer,
      await explain('key=YP-D-RS&figure=evaluationScore'),
    );
    expect([ratings.evaluations.length, ratings.groups.length]).not.toContain(0);
    const cadre = demoCadres.find((c) => c.contactArea)!.cadreNo as string;
    const periods = await answer(explainAnswer, await explain(`key=${cadre}&figure=coverage`));
    expect(periods.periods.length).toBeGreaterThan(0);
  });

  it('finalising, correcting, listing revisions, appealing and answering', async () => {
    const finalised = await answer(
      frozenRollAnswer,
      await post('/api/assessment/finalise', { year: 2026, of: 'units', asOf: AS_OF }),
      201,
    );
    expect(finalised.rows.length).toBeGreaterThan(0);
    await answer(
      frozenRollAnswer,
      await post('/api/assessment/revisions', { year: 2026, of: 'units', reason: '核对' }),
      201,
    );
    const list = await answer(
      revisionsAnswer,
      await get('/api/assessment/revisions?year=2026&of=units'),
    );
    expect(list.revisions).toHaveLength(2);
    const file = (figure: string) =>
      post(
        '/api/assessment/appeals',
        {
          year: 2026,
          of: 'units',
          key: 'YP-CB-001',
          figure,
          reason: '案件已办结',
          records: [{ ref: 'YP-CB-001-001', note: '已办结' }, { ref: 'YP-CB-001-002' }],
        },
        'YP-CB-001',
      );
    const filed = await answer(appealAnswer, await file('closureRate'), 201);
    const signed = await answer(finalisedRollAnswer, await get('/api/assessment?year=2026'));
    expect(signed.appeals.map((a) => a.id)).toEqual([filed.id]);
    expect(assessmentAnswer.parse(signed)).toEqual(signed);
    const appeals = await answer(appealsAnswer, await get('/api/assessment/appeals?year=2026'));
    expect(appeals.appeals).toHaveLength(1);
    const rejected = await answer(
      appealDecisionAnswer,
      await post(`/api/assessment/appeals/${filed.id}/answer`, {
        decision: 'rejected',
        reason: '材料不足',
      }),
    );
    expect(rejected.revision).toBeNull();
    const again = await answer(appealAnswer, await file('responseRate'), 201);
    const upheld = await answer(
      appealDecisionAnswer,
      await post(`/api/assessment/appeals/${again.id}/answer`, {
        decision: 'upheld',
        reason: '已核实',
      }),
    );
    expect(upheld.revision?.revision).toBe(3);
  });

  it('the reports: frequent problems, supervision, due soon, visit compliance', async () => {
    const frequent = await answer(
      frequentAnswer,
      await get('/api/reports/frequent?unit=YP&month=2026-11'),
    );
    expect(frequent.frequent.length).toBeGreaterThan(0);
    const supervision = await answer(
      supervisionAnswer,
      await get(`/api/supervision?unit=YP&asOf=${AS_OF}`),
    );
    expect([supervision.overdue.length, supervision.widespread.length]).not.toContain(0);
    await answer(dueSoonAnswer, await get(`/api/due-soon?unit=YP&asOf=${AS_OF}`));
    const compliance = await answer(
      complianceAnswer,
      await get(`/api/visits/compliance?unit=YP-CB-001&asOf=${AS_OF}`),
    );
    expect([compliance.duties.length, compliance.coverage.byCadre.length]).not.toContain(0);
  });

  it('GET /api/openapi.json: the document, with its paths', async () => {
    const doc = await answer(openApiAnswer, await get('/api/openapi.json'));
    expect(Object.keys(doc.paths)).toContain('/api/assessment');
  });
});
