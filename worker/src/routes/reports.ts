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
import { todayInChina } from '../db.ts';
import { districtOf, loadCalendar, loadSettings } from '../district-rules.ts';
import { endpoint } from '../endpoint.ts';
import type { AppEnv } from '../env.ts';
import { readScope } from '../read-scope.ts';
import {
  complianceRecords,
  frequentCounts,
  openCasesDue,
  supervisedCases,
} from '../reports-sql.ts';
import {
  type CaseRow,
  groupEvents,
  levelOfRow,
  stepsOf,
  toEscalationCase,
} from '../sweep-cases.ts';
import { repeatCandidatesStatement } from '../sweep-chunk-sql.ts';
import { input } from '../validate.ts';
import {
  type ComplianceAnswer,
  complianceAnswer,
  dueSoonAnswer,
  type FrequentAnswer,
  frequentAnswer,
  type SupervisionAnswer,
  supervisionAnswer,
} from './reports-schemas.ts';

const unit = z.string().trim().min(1).max(40).optional();

/** The scope of a report as of a date (today by default), with its district's settings. */
async function datedScope(
  db: D1Database,
  account: AppEnv['Variables']['account'],
  query: { unit?: string; asOf?: string },
) {
  const { org, unit: code, units } = await readScope(db, account, query.unit);
  const asOf = query.asOf ?? todayInChina();
  return { org, code, units, asOf, settings: await loadSettings(db, districtOf(org, code)) };
}

export const reportRoutes = new Hono<AppEnv>().use(requireAuth()).get(
  '/frequent',
  endpoint('scores.read', {
    summary: '多发性、普遍性、经常性问题',
    tag: 'scores',
    response: frequentAnswer,
  }),
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
    const { org, unit: code, units } = await readScope(db, c.var.account, query.unit);
    const month = query.month ?? todayInChina().slice(0, 7);
    // 经常性 looks back over consecutive months: two years is more than any run that matters.
    const from = `${Number(month.slice(0, 4)) - 2}${month.slice(4)}-01`;
    const results = await frequentCounts(db, units, from, month);
    const settings = await loadSettings(db, districtOf(org, code));
    const answer = { unit: code, ...frequentProblems(results, month, settings) };
    return c.json(answer satisfies FrequentAnswer);
  },
);

export const supervisionRoutes = new Hono<AppEnv>().use(requireAuth()).get(
  '/',
  endpoint('scores.read', { summary: '督办清单', tag: 'scores', response: supervisionAnswer }),
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
    const { org, code, units, asOf, settings } = await datedScope(db, c.var.account, query);
    const calendar = await loadCalendar(db);
    // Open (or reopened) cases, and every case of the widespread window.
    const windowStart = shiftDays(asOf, -settings.widespreadDays);
    const { rows, events } = await supervisedCases(db, units, asOf, windowStart);
    const eventsOf = groupEvents(events);
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
    } satisfies SupervisionAnswer);
  },
);

const periodQuery = periodSchema.optional();
/**
 * `GET /api/due-soon?unit=&asOf=`: 临期 — the open cases of a unit's subtree (or assigned to a
 * department) whose reply or resolution falls due within the district's `dueSoonDays` working days.
 */
export const dueSoonRoutes = new Hono<AppEnv>().use(requireAuth()).get(
  '/',
  endpoint('scores.read', {
    summary: '临期清单（今后若干个工作日内到期的答复与办结，按单位或部门）',
    tag: 'scores',
    response: dueSoonAnswer,
  }),
  input('query', z.object({ unit, asOf: z.iso.date().optional() })),
  async (c) => {
    const db = c.env.DB;
    const query = c.req.valid('query');
    const { org, code, units, asOf, settings } = await datedScope(db, c.var.account, query);
    const calendar = await loadCalendar(db);
    // A read: the due dates were filled by the writes (docs/decisions/0012).
    // A department's cases are those assigned to it, as its scores count them.
    const department = org.get(code)?.kind === 'department';
    const results = await openCasesDue(db, department, department ? code : units, asOf);
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
    const answer: z.infer<typeof dueSoonAnswer> = {
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
    };
    return c.json(answer);
  },
);

export const complianceRoutes = new Hono<AppEnv>().use(requireAuth()).get(
  '/',
  endpoint('scores.read', {
    summary: '走访“六个一遍”完成情况（今日逾期与按期覆盖率、定点联系日出勤）',
    tag: 'scores',
    response: complianceAnswer,
  }),
  input('query', z.object({ unit, asOf: z.iso.date().optional(), period: periodQuery })),
  async (c) => {
    const db = c.env.DB;
    const query = c.req.valid('query');
    const { code, units, asOf, settings } = await datedScope(db, c.var.account, query);
    const records = await complianceRecords(db, units, asOf);
    const visitRows = records.visits;
    const householdRows = records.households;
    const period = query.period ?? asOf.slice(0, 4);
    const coverage = visitCoverage(visitRows, householdRows, {
      period,
      asOf,
      contactDay: settings.contactDay,
      cadres: records.cadres,
    });
    return c.json({
      unit: code,
      ...visitCompliance(visitRows, householdRows, asOf),
      period,
      coverage,
    } satisfies ComplianceAnswer);
  },
);
