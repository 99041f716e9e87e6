/**
 * `GET|PUT /api/settings`: the district's rule settings (day mode, time limits, weights, thresholds).
 * Everyone in the district reads them; its admins change them with a partial patch. Due dates
 * follow from the settings, so a change clears and refills them in the same request.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { resolveSettings, settingsPatchSchema, zeroWeights } from '../../../shared/settings.ts';
import { requireAuth } from '../auth.ts';
import { auditStatement, loadOrg, nowIso } from '../db.ts';
import {
  districtOf,
  fillDueDates,
  loadCalendar,
  loadSettings,
  resetDueDatesStatement,
} from '../district-rules.ts';
import type { AppEnv } from '../env.ts';
import { fail } from '../errors.ts';
import { authorize } from '../scope.ts';
import { input } from '../validate.ts';

const districtQuery = z.object({ unit: z.string().trim().min(1).max(40).optional() });

export const settingsRoutes = new Hono<AppEnv>()
  .use(requireAuth())
  .get('/', input('query', districtQuery), async (c) => {
    const org = await loadOrg(c.env.DB);
    const district = districtOf(org, c.req.valid('query').unit ?? c.var.account.unit);
    authorize(c.var.account, org, 'settings.read', district);
    return c.json({ district, settings: await loadSettings(c.env.DB, district) });
  })
  .put('/', input('json', settingsPatchSchema), async (c) => {
    const db = c.env.DB;
    const org = await loadOrg(db);
    const district = districtOf(org, c.var.account.unit);
    authorize(c.var.account, org, 'settings.manage', district);
    const before = await loadSettings(db, district);
    let settings: ReturnType<typeof resolveSettings>;
    try {
      settings = resolveSettings(c.req.valid('json'), before);
    } catch (error) {
      fail(400, 'INVALID_REQUEST', { detail: (error as Error).message });
    }
    const zero = zeroWeights(settings);
    if (zero) fail(422, 'ZERO_WEIGHTS', { field: zero });
    await db.batch([
      db
        .prepare(
          `INSERT INTO settings (district, data, updated_at, updated_by) VALUES (?1, ?2, ?3, ?4)
           ON CONFLICT (district) DO UPDATE SET data = ?2, updated_at = ?3, updated_by = ?4`,
        )
        .bind(district, JSON.stringify(settings), nowIso(), c.var.account.username),
      resetDueDatesStatement(db),
      auditStatement(db, {
        actor: c.var.account.username,
        action: 'settings.update',
        unit: district,
        detail: { before, after: settings },
      }),
    ]);
    await fillDueDates(db, settings, await loadCalendar(db));
    return c.json({ district, settings });
  });
