/**
 * `POST /api/sweep {date}`: a district admin runs the escalation sweep for a given day (the Cron
 * Trigger runs it daily). Running it again for the same day adds nothing.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { requireAuth } from '../auth.ts';
import { auditStatement, loadOrg } from '../db.ts';
import { districtOf } from '../district-rules.ts';
import type { AppEnv } from '../env.ts';
import { authorize } from '../scope.ts';
import { runSweep } from '../sweep.ts';
import { input } from '../validate.ts';

export const sweepSchema = z.object({ date: z.iso.date() });

export const sweepRoutes = new Hono<AppEnv>()
  .use(requireAuth())
  .post('/', input('json', sweepSchema), async (c) => {
    const db = c.env.DB;
    const org = await loadOrg(db);
    const district = districtOf(org, c.var.account.unit);
    authorize(c.var.account, org, 'sweep.run', district);
    const result = await runSweep(db, c.req.valid('json').date, c.var.account.username);
    await auditStatement(db, {
      actor: c.var.account.username,
      action: 'sweep.run',
      unit: district,
      detail: result,
    }).run();
    return c.json(result);
  });
