/**
 * The district's reports over a unit's subtree:
 * `GET /api/reports/frequent?unit=&month=` — the monthly 多发性 / 普遍性 / 经常性 problem lists;
 * `GET /api/supervision?unit=&asOf=&limit=` — the supervision list (督办清单): overdue open cases
 * and widespread problems;
 * `GET /api/visits/compliance?unit=&asOf=&period=` — 六个一遍 visit compliance per cadre and area:
 * what is overdue today, and the coverage per calendar period of the assessed period (the year of
 * `asOf` by default) with contact-day attendance.
 * Mount `complianceRoutes` at `/api/visits/compliance` before the visits resource, so that
 * `compliance` is not read as a visit id.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { calendarGapYears, shiftDays } from '../../../shared/calendar.ts';
import { visitCompliance } from '../../../shared/compliance.ts';
import { visitCoverage } from '../../../shared/coverage.ts';
import { monthSchema, periodSchema } from '../../../shared/periods.ts';
import {
  dueSoon,
  dueSoonUntil,
  frequentProblems,
  supervisionList,
} from '../../../shared/reports.ts';
import { requireAuth } from '../auth.ts';
import { loadOrg, todayInChina } from '../db.ts';
import {
  CALENDAR_GAP_SQL,
  districtOf,
  fillDueDates,
  loadCalendar,
  loadSettings,
} from '../district-rules.ts';
import type { AppEnv } from '../env.ts';
import { fail } from '../errors.ts';
import { authorize } from '../scope.ts';
import {
  CASE_COLUMNS,
  type CaseRow,
  type EventRow,
  groupEvents,
  levelOfRow,
  repeatCandidatesStatement,
  stepsOf,
  toEscalationCase,
} from '../sweep.ts';
import { input } from '../validate.ts';

const unit = z.string().trim().min(1).max(40).optional();

/** The unit asked for (default: the account's own), checked for `scores.read`, and its subtree. */
async function scopeOf(db: D1Database, account: AppEnv['Variables']['account'], asked?: string) {
  const org = await loadOrg(db);
  const code = asked ?? account.unit;
  if (!org.get(code)) fail(404, 'UNIT_NOT_FOUND', { unit: code });
  authorize(account, org, 'scores.read', code);
  return { org, code, units: JSON.stringify(org.subtree(code).map((u) => u.code)) };
}

export const reportRoutes = new Hono<AppEnv>().use(requireAuth()).get(
  '/frequent',
  input(
    'query',
    z.object({
      unit,
      month: monthSchema.optional(),
    }),
  ),
  async (c) => {
    const db = c.env.DB;
    const query = c.req.valid('query');
    const { org, code, units } = await scopeOf(db, c.var.account, query.unit);
    const month = query.month ?? todayInChina().slice(0, 7);
    // 经常性 looks back over consecutive months: two years is more than any run that matters.
    const from = `${Number(month.slice(0, 4)) - 2}${month.slice(4)}-01`;
    const { results } = await db
      .prepare(
        `SELECT substr(received_on, 1, 7) || '-01' AS receivedOn, category, area, count(*) AS count
           FROM cases
          WHERE owner_unit IN (SELECT value FROM json_each(?1)) AND current = 1
            AND received_on >= ?2 AND received_on <= ?3 || '-31'
          GROUP BY 1, 2, 3`,
      )
      .bind(units, from, month)
      .all<{ receivedOn: string; category: string | null; area: string | null; count: number }>();
    const settings = await loadSettings(db, districtOf(org, code));
    return c.json({ unit: code, ...frequentProblems(results, month, settings) });
  },
);

export const supervisionRoutes = new Hono<AppEnv>().use(requireAuth()).get(
  '/',
  input(
    'query',
    z.object({
      unit,
      asOf: z.iso.date().optional(),
      limit: z.coerce.number().int().min(1).max(5000).default(500),
    }),
  ),
  async (c) => {
    const db = c.env.DB;
    const query = c.req.valid('query');
    const { org, code, units } = await scopeOf(db, c.var.account, query.unit);
    const asOf = query.asOf ?? todayInChina();
    const settings = await loadSettings(db, districtOf(org, code));
    const calendar = await loadCalendar(db);
    // Open (or reopened) cases, and every case of the widespread window.
    const where = `owner_unit IN (SELECT value FROM json_each(?1)) AND current = 1 AND received_on <= ?2
      AND (resolved_on IS NULL OR resolved_on > ?2 OR satisfaction = '不满意' OR received_on >= ?3)`;
    const windowStart = shiftDays(asOf, -settings.widespreadDays);
    const [cases, events] = await db.batch([
      db
        .prepare(
          `SELECT ${CASE_COLUMNS}, first_receiver, assignee_unit, dispatched_on, extension_days
             FROM cases WHERE ${where}`,
        )
        .bind(units, asOf, windowStart),
      db
        .prepare(
          `SELECT case_id, at, kind, before, after FROM case_events
            WHERE kind <> 'climb' AND case_id IN (SELECT id FROM cases WHERE ${where}) ORDER BY id`,
        )
        .bind(units, asOf, windowStart),
    ]);
    const rows = cases!.results as (CaseRow & {
      first_receiver: string;
      assignee_unit: string | null;
      dispatched_on: string | null;
      extension_days: number | null;
    })[];
    const eventsOf = groupEvents(events!.results as EventRow[]);
    // Each reporter's whole history for rule 5, as the sweep reads it.
    const history =
      rows.length === 0
        ? []
        : ((await repeatCandidatesStatement(db, rows, asOf, settings.repeatDays).all<CaseRow>())
            .results as CaseRow[]);
    // Escalation knows a case by its padded id (case numbers repeat across units).
    const rowOf = new Map(rows.map((row) => [toEscalationCase(row, 0).caseNo, row]));
    const list = supervisionList(
      rows.map((row) => ({
        ...toEscalationCase(row, levelOfRow(org, row)),
        firstReceiver: row.first_receiver,
        // Both clocks for a dispatched case (docs/decisions/0010).
        assignee: row.assignee_unit,
        dispatchedOn: row.dispatched_on,
        extensionDays: row.extension_days,
      })),
      (key) => {
        const row = rowOf.get(key);
        return row ? stepsOf(eventsOf.get(row.id) ?? [], toEscalationCase(row, 0)) : [];
      },
      asOf,
      settings,
      calendar,
      history.map((row) => toEscalationCase(row, levelOfRow(org, row))),
    );
    return c.json({
      unit: code,
      asOf,
      overdueTotal: list.overdue.length,
      overdue: list.overdue.slice(0, query.limit).map((item) => {
        const row = rowOf.get(item.caseNo)!;
        // A due date counted on weekends alone says so (docs/decisions/0011).
        const calendarGap = calendarGapYears([item.due], calendar).length > 0;
        return { ...item, id: row.id, unit: row.unit, caseNo: row.case_no, calendarGap };
      }),
      widespread: list.widespread,
      calendarGaps: calendarGapYears(
        list.overdue.map((item) => item.due),
        calendar,
      ),
    });
  },
);

const periodQuery = periodSchema.optional();
/**
 * `GET /api/due-soon?unit=&asOf=`: 临期 — the open cases of a unit's subtree (or assigned to a
 * department) whose reply or resolution falls due within the district's `dueSoonDays` working days.
 */
export const dueSoonRoutes = new Hono<AppEnv>()
  .use(requireAuth())
  .get('/', input('query', z.object({ unit, asOf: z.iso.date().optional() })), async (c) => {
    const db = c.env.DB;
    const query = c.req.valid('query');
    const { org, code, units } = await scopeOf(db, c.var.account, query.unit);
    const asOf = query.asOf ?? todayInChina();
    const settings = await loadSettings(db, districtOf(org, code));
    const calendar = await loadCalendar(db);
    await fillDueDates(db, settings, calendar);
    // A department's cases are those assigned to it, as its scores count them.
    const department = org.get(code)?.kind === 'department';
    const mine = department
      ? 'c.assignee_unit = ?1'
      : 'c.owner_unit IN (SELECT value FROM json_each(?1))';
    const where = `${mine} AND c.current = 1 AND c.received_on <= ?2
      AND (c.resolved_on IS NULL OR c.resolved_on > ?2 OR c.satisfaction = '不满意')`;
    const { results } = await db
      .prepare(
        `SELECT id, case_no, unit, area, reply_due, replied_on,
                -- A 不满意 rating starts a new round, due one period after the rating.
                CASE WHEN satisfaction = '不满意' THEN coalesce(reopen_due, resolution_due)
                     ELSE resolution_due END AS due,
                (${CALENDAR_GAP_SQL}) AS gap
           FROM cases c WHERE ${where}`,
      )
      .bind(department ? code : units, asOf)
      .all<DueSoonRow>();
    const byKey = new Map(results.map((row) => [String(row.id), row]));
    const items = dueSoon(
      results.map((row) => ({
        caseNo: String(row.id),
        open: true,
        replied: row.replied_on !== null && row.replied_on <= asOf,
        replyDue: row.reply_due,
        resolutionDue: row.due,
      })),
      asOf,
      settings.dueSoonDays,
      calendar,
    );
    return c.json({
      unit: code,
      asOf,
      days: settings.dueSoonDays,
      until: dueSoonUntil(asOf, settings.dueSoonDays, calendar),
      items: items.map(({ caseNo, due, kind }) => {
        const row = byKey.get(caseNo)!;
        const at = { id: row.id, caseNo: row.case_no, unit: row.unit, area: row.area };
        return { ...at, due, kind, calendarGap: row.gap === 1 };
      }),
      calendarGaps: calendarGapYears(
        items.map((item) => item.due),
        calendar,
      ),
    });
  });

interface DueSoonRow {
  id: number;
  case_no: string;
  unit: string;
  area: string | null;
  reply_due: string;
  replied_on: string | null;
  due: string;
  gap: number;
}

export const complianceRoutes = new Hono<AppEnv>()
  .use(requireAuth())
  .get(
    '/',
    input('query', z.object({ unit, asOf: z.iso.date().optional(), period: periodQuery })),
    async (c) => {
      const db = c.env.DB;
      const query = c.req.valid('query');
      const { org, code, units } = await scopeOf(db, c.var.account, query.unit);
      const asOf = query.asOf ?? todayInChina();
      const settings = await loadSettings(db, districtOf(org, code));
      const [visits, households, cadres] = await db.batch([
        db
          .prepare(
            `SELECT visit_on AS visitOn, cadre, area, target, visit_type AS visitType FROM visits
            WHERE owner_unit IN (SELECT value FROM json_each(?1)) AND current = 1 AND visit_on <= ?2`,
          )
          .bind(units, asOf),
        db
          .prepare(
            `SELECT household_no AS householdNo, area, household_type AS householdType,
                  paired_cadre AS pairedCadre, last_visit_on AS lastVisitOn FROM households
            WHERE owner_unit IN (SELECT value FROM json_each(?1)) AND current = 1`,
          )
          .bind(units),
        // The register's contact areas (联系点) say whose committee and households are whose.
        db
          .prepare(
            `SELECT name, contact_area AS contactArea FROM cadres
              WHERE contact_area IN (SELECT value FROM json_each(?1)) AND current = 1`,
          )
          .bind(units),
      ]);
      const visitRows = visits!.results as Parameters<typeof visitCompliance>[0];
      const householdRows = households!.results as Parameters<typeof visitCompliance>[1];
      const period = query.period ?? asOf.slice(0, 4);
      const coverage = visitCoverage(visitRows, householdRows, {
        period,
        asOf,
        contactDay: settings.contactDay,
        cadres: cadres!.results as { name: string; contactArea: string }[],
      });
      return c.json({
        unit: code,
        ...visitCompliance(visitRows, householdRows, asOf),
        period,
        coverage,
      });
    },
  );
