/**
 * What the district's reports answer (reports.ts), each the shape of the shared function that
 * builds it (`frequentProblems`, `supervisionList`, `dueSoon`, `visitCompliance`, `visitCoverage`)
 * with the unit and the Worker's own fields; the handlers' answers are their `z.infer`
 * (decision 0016).
 */
import { z } from 'zod';
import { VISIT_DUTIES } from '../../../shared/compliance.ts';
import { COVERAGE_DUTY_KEYS } from '../../../shared/coverage.ts';

const category = z.string();

/** `GET /api/reports/frequent`: the shared `FrequentProblems` of the unit's subtree. */
export const frequentAnswer = z.object({
  unit: z.string(),
  month: z.string(),
  frequent: z.array(z.object({ category, cases: z.number() })).describe('多发性: most cases first'),
  widespread: z
    .array(z.object({ category, areas: z.number(), overThreshold: z.boolean() }))
    .describe('普遍性: most residential areas first'),
  recurring: z
    .array(z.object({ category, months: z.number() }))
    .describe('经常性: consecutive months ending with this one'),
});
export type FrequentAnswer = z.infer<typeof frequentAnswer>;

const reason = z.enum(['NO_REPLY', 'OVERDUE']);
/** The shared `SupervisionItem`: an open case past a due date. */
export const supervisionItem = z.object({
  caseNo: z.string(),
  area: z.string().nullable(),
  category: z.string().nullable(),
  firstReceiver: z.string().nullable(),
  level: z.number(),
  reason,
  due: z.string(),
  daysOverdue: z.number(),
  department: z
    .object({
      code: z.string(),
      dispatchedOn: z.string(),
      replyDue: z.string(),
      resolutionDue: z.string(),
      reason: reason.nullable(),
      daysOverdue: z.number(),
    })
    .optional()
    .describe('dispatched: the department’s clock from the dispatch (docs/decisions/0010)'),
});
/** The shared `WidespreadProblem` (普遍性) of the supervision window. */
export const widespreadProblem = z.object({
  category,
  areas: z.array(z.string()),
  cases: z.number(),
  from: z.string(),
  to: z.string(),
});
export const supervisionAnswer = z.object({
  unit: z.string(),
  asOf: z.string(),
  overdueTotal: z.number().describe('all overdue cases; `overdue` lists the first `limit`'),
  overdue: z.array(
    supervisionItem.extend({
      id: z.number(),
      unit: z.string(),
      calendarGap: z.boolean().describe('its due date lies in a year without a holiday schedule'),
    }),
  ),
  widespread: z.array(widespreadProblem),
  calendarGaps: z.array(z.number()),
});
export type SupervisionAnswer = z.infer<typeof supervisionAnswer>;

export const dueSoonAnswer = z.object({
  unit: z.string(),
  asOf: z.string(),
  days: z.number().describe('the district setting dueSoonDays (working days)'),
  until: z.string(),
  items: z.array(
    z.object({
      id: z.number(),
      caseNo: z.string(),
      unit: z.string(),
      area: z.string().nullable(),
      due: z.string(),
      kind: z.enum(['reply', 'resolution']),
      calendarGap: z.boolean(),
    }),
  ),
  calendarGaps: z.array(z.number()),
});

/** The shared `DutyStatus`: one duty of an area (or household) today. */
export const dutyStatus = z.object({
  area: z.string(),
  cadre: z.string().nullable(),
  duty: z.enum(Object.keys(VISIT_DUTIES) as (keyof typeof VISIT_DUTIES)[]),
  target: z.string().nullable().describe('the household number; null for the area’s own duties'),
  lastVisitOn: z.string().nullable(),
  dueOn: z.string().nullable().describe('next visit due; null when never visited'),
  overdue: z.boolean(),
});
export const complianceSummary = z.object({
  key: z.string(),
  duties: z.number(),
  overdue: z.number(),
  rate: z.number().describe('share of duties met, 0–1'),
});
const dutyCoverage = z.object({ due: z.number(), done: z.number(), rate: z.number().nullable() });
/** The shared `Coverage`: each duty's periods due and covered, and contact-day attendance. */
export const coverage = z.object({
  duties: z.record(z.enum(COVERAGE_DUTY_KEYS), dutyCoverage),
  coverage: z.number().nullable().describe('mean rate of the duties with anything due'),
  contactDay: dutyCoverage,
});
export const complianceAnswer = z.object({
  unit: z.string(),
  asOf: z.string(),
  duties: z.array(dutyStatus),
  byCadre: z.array(complianceSummary),
  byArea: z.array(complianceSummary),
  period: z.string(),
  coverage: z.object({
    byCadre: z.array(coverage.extend({ cadre: z.string(), areas: z.array(z.string()) })),
    byArea: z.array(coverage.extend({ area: z.string() })),
  }),
});
export type ComplianceAnswer = z.infer<typeof complianceAnswer>;
