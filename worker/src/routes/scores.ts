/**
 * `GET /api/scores?unit=&period=&asOf=&by=children|area|department|cadre&trend=month`: the
 * assessment figures of a unit's subtree (or of the cases assigned to a department), in total and
 * per group, and with `trend=month` the total's composite and intake month by month over the
 * period's year (the pane's trend, in the same request). `calendarGaps` lists the years of counted
 * due dates whose holiday schedule is not loaded (docs/decisions/0011).
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { periodSchema } from '../../../shared/periods.ts';
import { GRADES, GROUP_BY } from '../../../shared/scores.ts';
import { requireAuth } from '../auth.ts';
import { todayInChina } from '../db.ts';
import { districtOf, loadSettings } from '../district-rules.ts';
import { endpoint } from '../endpoint.ts';
import type { AppEnv } from '../env.ts';
import { readScope } from '../read-scope.ts';
import { scoresOf } from '../scores-data.ts';
import { input } from '../validate.ts';

export const scoresQuerySchema = z.object({
  unit: z.string().trim().min(1).max(40).optional(),
  period: periodSchema.optional(),
  asOf: z.iso.date().optional(),
  by: z.enum(GROUP_BY).default('children'),
  trend: z.literal('month').optional(),
});

const rate = z.number().nullable();
const figures = z.object({
  intake: z.number(),
  responseRate: rate,
  onTimeResolutionRate: rate,
  closureRate: rate,
  satisfactionRate: rate,
  composite: z.number().nullable(),
  grade: z.enum(GRADES).nullable(),
  evaluationScore: z.number().nullable().optional(),
  veto: z.boolean().optional(),
});
const scoresAnswer = z.object({
  total: figures,
  groups: z.array(figures.extend({ key: z.string(), name: z.string() })),
  calendarGaps: z.array(z.number()),
  trend: z
    .array(z.object({ month: z.string(), composite: z.number().nullable(), intake: z.number() }))
    .optional()
    .describe('with trend=month: each month of the period’s year up to asOf, as that month alone'),
});

export const scoreRoutes = new Hono<AppEnv>().use(requireAuth()).get(
  '/',
  endpoint('scores.read', {
    summary: '考核得分（答复率、按期办结率、满意率、综合得分；trend=month 附逐月综合得分与受理量）',
    tag: 'scores',
    response: scoresAnswer,
  }),
  input('query', scoresQuerySchema),
  async (c) => {
    const db = c.env.DB;
    const query = c.req.valid('query');
    const { org, unit } = await readScope(db, c.var.account, query.unit);
    // A read: the due dates were filled by the writes (docs/decisions/0012).
    const settings = await loadSettings(db, districtOf(org, unit));
    const asOf = query.asOf ?? todayInChina();
    const scope = { unit, asOf, period: query.period, by: query.by, trend: query.trend };
    const answer: z.infer<typeof scoresAnswer> = await scoresOf(db, org, settings, scope);
    return c.json(answer);
  },
);
