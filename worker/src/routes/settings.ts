/**
 * `GET|PUT /api/settings`: the district's rule settings (day mode, time limits, weights, thresholds).
 * Everyone in the district reads them; its admins change them with a partial patch. Due dates
 * follow from the settings, so a change clears and refills them in the same request.
 * `GET|PUT /api/settings?year=2026`: the settings of one assessment year (weights, the total's
 * weights, grade labels and thresholds — docs/decisions/0009); they touch no due date.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { resolveSettings, settingsPatchSchema, zeroWeights } from '../../../shared/settings.ts';
import { resolveYearSettings, yearSettingsPatchSchema } from '../../../shared/year-settings.ts';
import { requireAuth } from '../auth.ts';
import { auditStatement, loadOrg, nowIso } from '../db.ts';
import {
  districtOf,
  fillDueDates,
  loadCalendar,
  loadSettings,
  loadYearSettings,
  resetDueDatesStatement,
} from '../district-rules.ts';
import type { AppEnv } from '../env.ts';
import { fail } from '../errors.ts';
import { authorize } from '../scope.ts';
import { input } from '../validate.ts';

const year = z.coerce.number().int().min(2000).max(2100).optional();
const districtQuery = z.object({ unit: z.string().trim().min(1).max(40).optional(), year });

export const settingsRoutes = new Hono<AppEnv>()
  .use(requireAuth())
  .get('/', input('query', districtQuery), async (c) => {
    const org = await loadOrg(c.env.DB);
    const query = c.req.valid('query');
    const district = districtOf(org, query.unit ?? c.var.account.unit);
    authorize(c.var.account, org, 'settings.read', district);
    if (query.year !== undefined) {
      const settings = await loadYearSettings(c.env.DB, district, query.year);
      return c.json({ district, year: query.year, settings });
    }
    return c.json({ district, settings: await loadSettings(c.env.DB, district) });
  })
  // The year's form; without `year` the district's settings below, as always.
  .put('/', input('query', z.object({ year })), async (c, next) => {
    const asked = c.req.valid('query').year;
    if (asked === undefined) return next();
    const db = c.env.DB;
    const org = await loadOrg(db);
    const district = districtOf(org, c.var.account.unit);
    authorize(c.var.account, org, 'settings.manage', district);
    const patch = yearSettingsPatchSchema.safeParse(await c.req.json().catch(() => null));
    if (!patch.success) fail(400, 'INVALID_REQUEST', { detail: patch.error.message });
    const before = await loadYearSettings(db, district, asked);
    let settings: ReturnType<typeof resolveYearSettings>;
    try {
      settings = resolveYearSettings(patch.data, before);
    } catch (error) {
      fail(422, 'INVALID_YEAR_SETTINGS', { detail: (error as Error).message });
    }
    await db.batch([
      db
        .prepare(
          `INSERT INTO assessment_settings (district, year, data, updated_at, updated_by)
           VALUES (?1, ?2, ?3, ?4, ?5)
           ON CONFLICT (district, year) DO UPDATE SET data = ?3, updated_at = ?4, updated_by = ?5`,
        )
        .bind(district, asked, JSON.stringify(settings), nowIso(), c.var.account.username),
      auditStatement(db, {
        actor: c.var.account.username,
        action: 'settings.year.update',
        unit: district,
        detail: { year: asked, before, after: settings },
      }),
    ]);
    return c.json({ district, year: asked, settings });
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
