/**
 * `GET|PUT /api/calendar`: the district's working-day calendar — statutory holidays and weekend
 * make-up working days (调休). Seeded with the official 2025–2026 schedules; a district admin
 * replaces (imports) the schedule of whole years, e.g. when the State Council publishes the next.
 * An imported year counts as loaded; every case with a due date in it, open or closed, gets its due
 * dates recomputed and its climbs re-derived (docs/decisions/0011).
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { requireAuth } from '../auth.ts';
import { casesDueIn, importCalendarStatements } from '../calendar-sql.ts';
import { auditStatement, loadOrg, nowIso, todayInChina } from '../db.ts';
import {
  districtOf,
  fillDueDates,
  loadCalendar,
  loadCalendarDays,
  loadCalendarYears,
  loadSettings,
  resetDueDatesStatement,
} from '../district-rules.ts';
import { endpoint } from '../endpoint.ts';
import type { AppEnv } from '../env.ts';
import { fail } from '../errors.ts';
import { authorize } from '../scope.ts';
import { rederiveCases } from '../sweep.ts';
import { input } from '../validate.ts';

const day = z.object({ date: z.iso.date(), name: z.string().trim().max(40).nullish() });

export const calendarImportSchema = z.object({
  /** The years this import replaces: every day of them not listed becomes an ordinary day. */
  years: z.array(z.number().int().min(2000).max(2100)).min(1).max(10),
  holidays: z.array(day).max(400),
  workdays: z.array(day).max(400),
});

const yearQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() });

const dayAnswer = z.object({ date: z.string(), name: z.string().nullable() });
const calendarAnswer = z.object({
  district: z.string(),
  years: z.array(z.number()).describe('the years whose schedule is loaded'),
  holidays: z.array(dayAnswer),
  workdays: z.array(dayAnswer),
});
const importAnswer = z.object({
  district: z.string(),
  years: z.array(z.number()),
  holidays: z.number(),
  workdays: z.number(),
  recomputed: z.number().describe('cases whose climbs were derived again'),
});

export const calendarRoutes = new Hono<AppEnv>()
  .use(requireAuth())
  .get(
    '/',
    endpoint('settings.read', {
      summary: '工作日历（节假日与调休）',
      tag: 'settings',
      response: calendarAnswer,
    }),
    input('query', yearQuery),
    async (c) => {
      const org = await loadOrg(c.env.DB);
      const district = districtOf(org, c.var.account.unit);
      authorize(c.var.account, org, 'settings.read', district);
      const year = c.req.valid('query').year;
      const days = (await loadCalendarDays(c.env.DB)).filter(
        (d) => year === undefined || d.date.startsWith(`${year}-`),
      );
      const pick = (kind: string) =>
        days.filter((d) => d.kind === kind).map(({ date, name }) => ({ date, name }));
      // The years whose schedule is loaded: due dates in any other year are flagged.
      const loaded = [...(await loadCalendarYears(c.env.DB))];
      const answer: z.infer<typeof calendarAnswer> = {
        district,
        years: loaded,
        holidays: pick('holiday'),
        workdays: pick('workday'),
      };
      return c.json(answer);
    },
  )
  .put(
    '/',
    endpoint('settings.manage', {
      summary: '导入工作日历（区管理员）',
      tag: 'settings',
      response: importAnswer,
    }),
    input('json', calendarImportSchema),
    async (c) => {
      const db = c.env.DB;
      const org = await loadOrg(db);
      const district = districtOf(org, c.var.account.unit);
      authorize(c.var.account, org, 'settings.manage', district);
      const { years, holidays, workdays } = c.req.valid('json');
      const rows = [
        ...holidays.map((d) => ({ ...d, kind: 'holiday' as const })),
        ...workdays.map((d) => ({ ...d, kind: 'workday' as const })),
      ];
      const outside = rows.find((d) => !years.includes(Number(d.date.slice(0, 4))));
      if (outside) {
        fail(400, 'INVALID_REQUEST', { detail: `${outside.date} is outside the years ${years}` });
      }
      const twice = rows.find((d, i) => rows.findIndex((e) => e.date === d.date) !== i);
      if (twice) fail(400, 'INVALID_REQUEST', { detail: `${twice.date} is listed twice` });
      const affected = await casesDueIn(db, years);
      const by = { at: nowIso(), username: c.var.account.username };
      await db.batch([
        ...importCalendarStatements(db, years, rows, by),
        resetDueDatesStatement(db),
        auditStatement(db, {
          actor: c.var.account.username,
          action: 'calendar.import',
          unit: district,
          detail: { years, holidays: holidays.length, workdays: workdays.length },
        }),
      ]);
      await fillDueDates(db, await loadSettings(db, district), await loadCalendar(db));
      const rederived = await rederiveCases(
        db,
        affected,
        todayInChina(),
        c.var.account.username,
        district,
      );
      const answer: z.infer<typeof importAnswer> = {
        district,
        years,
        holidays: holidays.length,
        workdays: workdays.length,
        recomputed: rederived,
      };
      return c.json(answer);
    },
  );
