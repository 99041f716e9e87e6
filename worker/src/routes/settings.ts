/**
 * `GET|PUT /api/settings`: the district's rule settings (day mode, time limits, weights, thresholds).
 * Everyone in the district reads them; its admins change them with a partial patch. Due dates
 * follow from the settings, so a change clears and refills them in the same request.
 * `GET|PUT /api/settings?year=2026`: the settings of one assessment year (weights, the total's
 * weights, grade labels and thresholds — docs/decisions/0009); they touch no due date.
 */
import { Hono, type MiddlewareHandler } from 'hono';
import { z } from 'zod';
import {
  districtSettingsSchema,
  resolveSettings,
  settingsPatchSchema,
  zeroWeights,
} from '../../../shared/settings.ts';
import {
  resolveYearSettings,
  yearSettingsPatchSchema,
  yearSettingsSchema,
} from '../../../shared/year-settings.ts';
import { requireAuth } from '../auth.ts';
import { auditStatement, loadOrg } from '../db.ts';
import {
  districtOf,
  fillDueDates,
  loadCalendar,
  loadSettings,
  loadYearSettings,
  resetDueDatesStatement,
} from '../district-rules.ts';
import { endpoint, withInputMeta } from '../endpoint.ts';
import type { AppEnv } from '../env.ts';
import { fail } from '../errors.ts';
import { authorize } from '../scope.ts';
import { saveSettingsStatement, saveYearSettingsStatement } from '../settings-sql.ts';
import { input } from '../validate.ts';

const year = z.coerce.number().int().min(2000).max(2100).optional();
const districtQuery = z.object({ unit: z.string().trim().min(1).max(40).optional(), year });

const districtAnswer = z.object({ district: z.string(), settings: districtSettingsSchema });
const yearAnswer = z.object({
  district: z.string(),
  year: z.number(),
  settings: yearSettingsSchema,
});
const settingsAnswer = z.union([districtAnswer, yearAnswer]);

/**
 * Documents the body of both forms of `PUT /api/settings`: the year's form parses its own body
 * (below), so no validator of the chain names it.
 */
const eitherPatch: MiddlewareHandler = withInputMeta<MiddlewareHandler>((_c, next) => next(), {
  target: 'json',
  schema: z.union([settingsPatchSchema, yearSettingsPatchSchema]),
});

export const settingsRoutes = new Hono<AppEnv>()
  .use(requireAuth())
  .get(
    '/',
    endpoint('settings.read', {
      summary: '区的规则设置；带 year 时为该考核年度的设置（权重、总分权重、等次）',
      tag: 'settings',
      response: settingsAnswer,
    }),
    input('query', districtQuery),
    async (c) => {
      const org = await loadOrg(c.env.DB);
      const query = c.req.valid('query');
      const district = districtOf(org, query.unit ?? c.var.account.unit);
      authorize(c.var.account, org, 'settings.read', district);
      if (query.year !== undefined) {
        const settings = await loadYearSettings(c.env.DB, district, query.year);
        const answer: z.infer<typeof yearAnswer> = { district, year: query.year, settings };
        return c.json(answer);
      }
      const answer: z.infer<typeof districtAnswer> = {
        district,
        settings: await loadSettings(c.env.DB, district),
      };
      return c.json(answer);
    },
  )
  // The year's form; without `year` the district's settings below, as always.
  .put(
    '/',
    endpoint('settings.manage', {
      summary: '修改区的规则设置（区管理员）；带 year 时修改该考核年度的设置',
      tag: 'settings',
      response: settingsAnswer,
    }),
    input('query', z.object({ year })),
    eitherPatch,
    async (c, next) => {
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
        saveYearSettingsStatement(db, district, asked, settings, c.var.account.username),
        auditStatement(db, {
          actor: c.var.account.username,
          action: 'settings.year.update',
          unit: district,
          detail: { year: asked, before, after: settings },
        }),
      ]);
      const answer: z.infer<typeof yearAnswer> = { district, year: asked, settings };
      return c.json(answer);
    },
  )
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
      saveSettingsStatement(db, district, settings, c.var.account.username),
      resetDueDatesStatement(db),
      auditStatement(db, {
        actor: c.var.account.username,
        action: 'settings.update',
        unit: district,
        detail: { before, after: settings },
      }),
    ]);
    await fillDueDates(db, settings, await loadCalendar(db));
    const answer: z.infer<typeof districtAnswer> = { district, settings };
    return c.json(answer);
  });
