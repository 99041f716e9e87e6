/**
 * `POST /api/sweep {date}`: a district admin runs the escalation sweep for a given day (the Cron
 * Trigger runs it daily). Running it again for the same day adds nothing. A day after today (China
 * time) is refused: its climbs would be dated in the future and nothing would take them back.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { requireAuth } from '../auth.ts';
import { auditStatement, loadOrg, todayInChina } from '../db.ts';
import { districtOf } from '../district-rules.ts';
import { endpoint } from '../endpoint.ts';
import type { AppEnv } from '../env.ts';
import { fail } from '../errors.ts';
import { authorize } from '../scope.ts';
import { runSweep } from '../sweep.ts';
import { input } from '../validate.ts';

export const sweepSchema = z.object({ date: z.iso.date() });

const sweepAnswer = z.object({
  date: z.string(),
  cases: z.number().describe('open cases as of the date'),
  recomputed: z.number().describe('cases whose escalation was computed'),
  full: z.boolean().describe('every open case computed, not only those that can climb that day'),
  climbs: z.number().describe('climbs recorded (0 when the day was already swept)'),
  updated: z.number().describe('cases whose level or current due date changed'),
});

export const sweepRoutes = new Hono<AppEnv>().use(requireAuth()).post(
  '/',
  endpoint('sweep.run', {
    summary: '按日期运行逐级升级',
    tag: 'settings',
    response: sweepAnswer,
  }),
  input('json', sweepSchema),
  async (c) => {
    const db = c.env.DB;
    const org = await loadOrg(db);
    const district = districtOf(org, c.var.account.unit);
    authorize(c.var.account, org, 'sweep.run', district);
    const { date } = c.req.valid('json');
    const today = todayInChina();
    if (date > today) fail(422, 'FUTURE_SWEEP', { date, today });
    const result = await runSweep(db, date, c.var.account.username);
    await auditStatement(db, {
      actor: c.var.account.username,
      action: 'sweep.run',
      unit: district,
      detail: result,
    }).run();
    return c.json(result satisfies z.infer<typeof sweepAnswer>);
  },
);
