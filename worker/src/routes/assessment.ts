/**
 * `GET /api/assessment?unit=&year=&of=units|departments|cadres&asOf=`: the year-end roll (年度考核,
 * docs/decisions/0009) of a unit's subtree — as `minqing assess` computes it from the same records,
 * with the shared `assessmentRoll`. As of the year's last day, or today while the year runs. Once the
 * district has finalised the year, the signed revision instead (docs/decisions/0014).
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { assessmentRoll, ROLL_OF, rollAsOf } from '../../../shared/assessment.ts';
import { requireAuth } from '../auth.ts';
import { todayInChina } from '../db.ts';
import { endpoint } from '../endpoint.ts';
import type { AppEnv } from '../env.ts';
import { readScope } from '../read-scope.ts';
import { loadRollInputs } from '../roll-inputs.ts';
import { roll } from '../schemas.ts';
import { input } from '../validate.ts';
import { finalisedRoll, finalisedRollAnswer } from './assessment-revisions.ts';

export const assessmentQuerySchema = z.object({
  unit: z.string().trim().min(1).max(40).optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  of: z.enum(ROLL_OF).default('units'),
  asOf: z.iso.date().optional(),
  /** Once finalised: which revision (the latest by default, docs/decisions/0014). */
  revision: z.coerce.number().int().min(1).optional(),
});

/** The finalised roll when there is one, else the roll computed now. */
export const assessmentAnswer = z.union([finalisedRollAnswer, roll]);
export type AssessmentAnswer = z.infer<typeof assessmentAnswer>;

export const assessmentRoutes = new Hono<AppEnv>().use(requireAuth()).get(
  '/',
  endpoint('scores.read', {
    summary:
      '年度考核名单（单位、职能部门或干部：四率、综合得分、测评得分、总分、等次、排名、同比）',
    tag: 'scores',
    response: assessmentAnswer,
  }),
  input('query', assessmentQuerySchema),
  async (c) => {
    const db = c.env.DB;
    const query = c.req.valid('query');
    const { org, unit } = await readScope(db, c.var.account, query.unit);
    const today = todayInChina();
    const year = query.year ?? Number(today.slice(0, 4));
    // A finalised year's roll never changes: the signed revision, not a recomputation.
    const finalised = await finalisedRoll(db, org, {
      unit,
      year,
      of: query.of,
      revision: query.revision,
    });
    if (finalised) return c.json(finalised satisfies AssessmentAnswer);
    const asOf = query.asOf ?? rollAsOf(year, today);
    const { data, options } = await loadRollInputs(db, org, { unit, year, of: query.of, asOf });
    const { roll } = assessmentRoll(data, options);
    return c.json(roll satisfies AssessmentAnswer);
  },
);
