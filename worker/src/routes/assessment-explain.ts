/**
 * `GET /api/assessment/explain?key=&year=&figure=&unit=&asOf=`: the records behind one figure of
 * one row of the year-end roll (docs/decisions/0014) — the cases counted with their due dates, the
 * ratings, the periods due — computed by the shared `explainFigure` over the records
 * `GET /api/assessment` reads. The roll is the one of `unit` (the account's own by default), so a
 * unit explains its own row and a sub-district its cadres'. Residents' names are masked unless the
 * viewer's unit took the case in or handles it (decision 0005).
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { ROLL_OF, rollAsOf } from '../../../shared/assessment.ts';
import { EXPLAINED_FIGURES, explainFigure, rollOfKey } from '../../../shared/assessment-explain.ts';
import { COVERAGE_DUTY_KEYS } from '../../../shared/coverage.ts';
import { loadExplainedCases } from '../assessment-explain-sql.ts';
import { requireAuth } from '../auth.ts';
import { todayInChina } from '../db.ts';
import { endpoint } from '../endpoint.ts';
import type { AppEnv } from '../env.ts';
import { fail } from '../errors.ts';
import { maskName } from '../mask.ts';
import { readScope } from '../read-scope.ts';
import { seesResidents } from '../record-privacy.ts';
import { loadRollInputs } from '../roll-inputs.ts';
import { input } from '../validate.ts';

export const explainQuerySchema = z.object({
  key: z.string().trim().min(1).max(60),
  year: z.coerce.number().int().min(2000).max(2100),
  figure: z.enum(EXPLAINED_FIGURES),
  unit: z.string().trim().min(1).max(40).optional(),
  asOf: z.iso.date().optional(),
});

const nullable = { string: z.string().nullable(), number: z.number().nullable() };
/** A case counted in the figure (shared `ExplainedCase`), with what the viewer may see of it. */
export const explainedCase = z.object({
  caseNo: nullable.string,
  unit: nullable.string,
  area: nullable.string,
  receivedOn: z.string(),
  replyDue: z.string(),
  resolutionDue: z.string(),
  dueAgain: nullable.string.describe('rated 不满意 (reopened): resolution due again from then'),
  repliedOn: nullable.string,
  resolvedOn: nullable.string,
  satisfaction: nullable.string,
  firstReceiver: nullable.string,
  handler: nullable.string,
  counted: z.number().describe('what it adds to the rate’s denominator'),
  met: z.number().describe('what it adds to the numerator (基本满意: its weight)'),
  outcome: z.string().describe('按期答复, 逾期答复, 未答复, 按期办结, 逾期办结, 未办结, 满意, …'),
});
/** A rating counted in 测评得分 (shared `ExplainedEvaluation`), with its points. */
export const explainedEvaluation = z.object({
  period: z.string(),
  subjectKind: nullable.string.optional(),
  subject: z.string(),
  evaluatorGroup: z.string(),
  attendance: nullable.number.optional(),
  spirit: nullable.number.optional(),
  serviceAwareness: nullable.number.optional(),
  problemSolving: nullable.number.optional(),
  overall: nullable.string.optional(),
  veto: z.boolean().nullable().optional(),
  vetoReason: nullable.string.optional(),
  points: nullable.number,
});
export const explainedGroup = z.object({
  group: z.string(),
  weight: z.number(),
  ratings: z.number(),
  mean: z.number(),
});
/** A period a duty owed (shared `ExplainedPeriod`), covered by a visit or not. */
export const explainedPeriod = z.object({
  duty: z.enum([...COVERAGE_DUTY_KEYS, 'CONTACT_DAY']),
  label: z.string(),
  from: z.string(),
  to: z.string(),
  household: nullable.string,
  day: nullable.string.describe('the contact day a visit was due'),
  covered: z.boolean(),
});
/** The shared `Explanation`, without the cases' view. */
export const explanation = z.object({
  year: z.number(),
  of: z.enum(ROLL_OF),
  unit: z.string(),
  key: z.string(),
  name: z.string(),
  figure: z.enum(EXPLAINED_FIGURES),
  value: nullable.number.describe('the figure as the roll gives it'),
  cases: z.array(explainedCase),
  evaluations: z.array(explainedEvaluation),
  groups: z.array(explainedGroup),
  periods: z.array(explainedPeriod),
});
export const explainAnswer = explanation.extend({
  cases: z.array(
    explainedCase.extend({
      id: nullable.number.describe('the case record, when it is still current'),
      category: nullable.string,
      reporterName: nullable.string,
      masked: z
        .boolean()
        .describe('the reporter’s name masked: not the viewer’s case (decision 0005)'),
    }),
  ),
});

export const assessmentExplainRoutes = new Hono<AppEnv>().use(requireAuth()).get(
  '/',
  endpoint('scores.read', {
    summary:
      '考核名单中一个对象的一项指标的依据：计入的案件（应答复/应办结日期、逾期或未办结）、测评记录、应走访而未走访的期间；居民姓名按查看者权限脱敏',
    tag: 'scores',
    response: explainAnswer,
  }),
  input('query', explainQuerySchema),
  async (c) => {
    const db = c.env.DB;
    const query = c.req.valid('query');
    const { org, unit } = await readScope(db, c.var.account, query.unit);
    const asOf = query.asOf ?? rollAsOf(query.year, todayInChina());
    // Which roll the key is a row of: the unit kinds, else the register.
    const byUnit = rollOfKey(query.key, org);
    const { data, options } = await loadRollInputs(db, org, {
      unit,
      year: query.year,
      of: byUnit ?? 'cadres',
      asOf,
    });
    const of = byUnit ?? rollOfKey(query.key, org, data.cadres);
    const explanation = of && explainFigure(data, { ...options, of }, query.key, query.figure);
    if (!explanation) fail(404, 'ROLL_ROW_NOT_FOUND', { key: query.key, unit, year: query.year });
    const rows = await loadExplainedCases(
      db,
      explanation.cases.map((line) => [line.unit ?? '', line.caseNo ?? '']),
    );
    const account = c.var.account;
    return c.json({
      ...explanation,
      cases: explanation.cases.map((line) => {
        const row = rows.get(`${line.unit ?? ''}|${line.caseNo ?? ''}`);
        const masked = !row || !seesResidents('case', row, org, account);
        const name = (row?.reporter_name as string | undefined) ?? null;
        return {
          id: row?.id ?? null,
          ...line,
          category: (row?.category as string | null | undefined) ?? null,
          reporterName: masked ? maskName(name) : name,
          masked,
        };
      }),
    } satisfies z.infer<typeof explainAnswer>);
  },
);
