/**
 * Response schemas more than one endpoint answers with (errors, accounts, units, submissions,
 * records, pages, the year-end roll's rows, revisions and appeals). The OpenAPI document is built from them, and the handlers' answer types are
 * their `z.infer` (decision 0016).
 */
import { z } from 'zod';
import { ROLL_OF } from '../../shared/assessment.ts';
import { LEDGER_KINDS, LEDGERS, type LedgerKind } from '../../shared/ledgers/index.ts';
import { UNIT_KINDS } from '../../shared/org.ts';
import { ROLES } from './scope.ts';
import { SUBMISSION_STATUSES } from './submissions.ts';

export const issue = z.object({
  row: z.number(),
  field: z.string(),
  code: z.string(),
  message: z.string(),
});
export const errorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), issues: z.array(issue).optional() }),
});

export const user = z.object({
  id: z.number(),
  username: z.string(),
  unit: z.string(),
  unitName: z.string(),
  unitKind: z.enum(UNIT_KINDS).nullable(),
  roles: z.array(z.enum(ROLES)),
  disabled: z.boolean(),
});
export const unit = z.object({
  code: z.string(),
  name: z.string(),
  kind: z.enum(UNIT_KINDS),
  parent: z.string().nullable(),
});
/** A unit with its children, down to the leaves (the org tree as the pane draws it). */
export interface UnitNode extends z.infer<typeof unit> {
  children: UnitNode[];
}
export const unitNode: z.ZodType<UnitNode> = unit.extend({
  children: z.array(z.lazy(() => unitNode)),
});

export const receipt = z.object({
  id: z.string(),
  kind: z.enum(LEDGER_KINDS),
  unit: z.string(),
  period: z.string(),
  version: z.number(),
  status: z.enum(SUBMISSION_STATUSES),
  rows: z.number(),
  inserted: z.number(),
  updated: z.number(),
  unchanged: z.number(),
  idempotencyKey: z.string(),
  submittedAt: z.string(),
});
export const submission = receipt.omit({ idempotencyKey: true }).extend({
  unitName: z.string(),
  current: z.boolean(),
  sourceName: z.string().nullable(),
  submittedBy: z.string(),
  reviewedBy: z.string().nullable(),
  reviewedAt: z.string().nullable(),
  returnReason: z.string().nullable(),
  forwardedBy: z.string().nullable(),
  forwardedAt: z.string().nullable(),
});

export function recordSchema(kind: LedgerKind) {
  return z.object({
    id: z.number(),
    kind: z.literal(kind),
    unit: z.string(),
    area: z.string().nullable(),
    period: z.string(),
    version: z.number(),
    current: z
      .boolean()
      .describe(
        'one of its ledger’s current records (latest version not returned): counted, listed',
      ),
    submissionId: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
    masked: z.boolean().describe('residents’ names and phones masked: not the handling unit'),
    ...(kind === 'case'
      ? {
          level: z.number().int().min(0).max(3),
          handlingUnit: z.string(),
          replyDue: z.string().nullable(),
          resolutionDue: z.string().nullable(),
          currentDue: z.string().nullable(),
          assigneeUnit: z.string().nullable(),
          calendarGap: z
            .boolean()
            .describe('a due date lies in a year whose holiday schedule is not loaded'),
        }
      : {}),
    values: LEDGERS[kind].schema,
  });
}

export const event = z.object({
  /** The recorded step's id; null for a climb, kept on the case's ladder row (docs/decisions/0018). */
  id: z.number().nullable(),
  at: z.string(),
  kind: z.string(),
  fromLevel: z.number().nullable(),
  toLevel: z.number().nullable(),
  reason: z.string(),
  actor: z.string(),
  before: z.record(z.string(), z.unknown()).nullable(),
  after: z.record(z.string(), z.unknown()).nullable(),
});
export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });
export const unitQuery = z.object({ unit: z.string().optional() });
export const json = z.record(z.string(), z.unknown());

/** A row of the year-end roll, as the shared `assessmentRoll` computes it (docs/decisions/0009). */
export const rollRow = z.object({
  key: z.string().describe('the unit’s code, or the cadre’s 编号'),
  name: z.string(),
  peerGroup: z.string().describe('ranked among: sub-district, area:…, department, cadre:<rank>'),
  intake: z.number(),
  responseRate: z.number().nullable(),
  onTimeResolutionRate: z.number().nullable(),
  closureRate: z.number().nullable(),
  satisfactionRate: z.number().nullable(),
  composite: z.number().nullable(),
  evaluationScore: z.number().nullable(),
  total: z.number().nullable(),
  coverage: z.number().nullable().describe('cadres: 六个一遍 coverage, 0–1'),
  contactDayAttendance: z.number().nullable().describe('cadres: contact days attended, 0–1'),
  dispatchedCount: z.number().nullable().describe('departments: cases dispatched to it'),
  dispatchedSatisfactionRate: z.number().nullable(),
  veto: z.boolean(),
  vetoReason: z.string().nullable(),
  grade: z.string().nullable(),
  rank: z.number().nullable().describe('within its peer group; ties share a rank'),
  change: z.number().nullable().describe('total against the year before'),
});
export const roll = z.object({
  year: z.number(),
  of: z.enum(ROLL_OF),
  unit: z.string(),
  rows: z.array(rollRow),
});

/** A revision of the finalised roll beside it: which one, who signed it, when, why (decision 0014). */
export const revision = z.object({
  revision: z.number(),
  asOf: z.string(),
  reason: z.string().nullable().describe('why it was corrected; null for the finalisation'),
  appealId: z.number().nullable().describe('the upheld appeal that corrected it'),
  signedBy: z.string(),
  signedAt: z.string(),
  latest: z.boolean(),
});

export const appeal = z.object({
  id: z.number(),
  year: z.number(),
  of: z.enum(ROLL_OF),
  key: z.string().describe('the row appealed: a unit’s code or a cadre’s 编号'),
  figure: z.string(),
  revision: z.number().describe('the revision appealed against'),
  unit: z.string().describe('the unit that filed it'),
  reason: z.string(),
  records: z.array(z.object({ ref: z.string(), note: z.string().optional() })),
  filedBy: z.string(),
  filedAt: z.string(),
  status: z.enum(['open', 'upheld', 'rejected']),
  answer: z.string().nullable(),
  answeredBy: z.string().nullable(),
  answeredAt: z.string().nullable(),
  answerRevision: z.number().nullable().describe('upheld: the revision that corrected the roll'),
});
