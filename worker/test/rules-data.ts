/**
 * The demo district's generated ledgers written straight into D1 for the rules' tests (scores,
 * sweep, reports): the same records the shared functions get, without the submission workflow.
 */

import { generateDemoDistrict } from '../../scripts/demo-data.ts';
import { buildOrgTree } from '../../shared/org.ts';
import { DEMO_UNITS, testEnv } from './helpers.ts';

export const demoOrg = buildOrgTree(DEMO_UNITS);
/** A year of ledgers up to 2026-11-15, 12 cases per area (small enough for fast tests). */
export const demo = generateDemoDistrict(demoOrg, { until: '2026-11-15', casesPerArea: 12 });
const valuesOf = (kind: string) =>
  demo
    .filter((s) => s.kind === kind)
    .flatMap((s) => s.rows.map((r) => ({ unit: s.unit, ...r.values })));
export const demoCases = valuesOf('case') as (Record<string, unknown> & {
  unit: string;
  caseNo: string;
  receivedOn: string;
  repliedOn: string | null;
  resolvedOn: string | null;
  satisfaction: string | null;
  area: string;
  assignee: string | null;
  dispatchedOn?: string | null;
  firstReceiver: string;
})[];
export const demoEvaluations = valuesOf('evaluation');
export const demoVisits = valuesOf('visit');
export const demoHouseholds = valuesOf('household');
/** The register's rows as submitted (their own `unit` is the cadre's unit, not the district). */
export const demoCadres = demo
  .filter((s) => s.kind === 'cadre')
  .flatMap((s) => s.rows.map((r) => r.values));

const CHUNK = 200;

/** Inserts the demo ledgers (once per test file: the test D1 is per file). */
export async function insertDemoLedgers(db: D1Database = testEnv.DB): Promise<void> {
  const now = new Date().toISOString();
  const statements: D1PreparedStatement[] = [];
  const chunks = <T>(rows: T[]) =>
    Array.from({ length: Math.ceil(rows.length / CHUNK) }, (_, i) =>
      JSON.stringify(rows.slice(i * CHUNK, (i + 1) * CHUNK)),
    );
  const cases = demoCases.map((c) => ({
    ...c,
    assigneeUnit: c.assignee ? (demoOrg.find(c.assignee)?.code ?? null) : null,
  }));
  for (const json of chunks(cases)) {
    statements.push(
      db
        .prepare(
          `INSERT INTO cases (unit, area, owner_unit, natural_key, period, case_no, received_on, channel,
             reporter_name, reporter_phone, address, category, summary, first_receiver, assignee,
             assignee_unit, dispatched_on, status, replied_on, resolved_on, result, signed_off, revisit_on,
             satisfaction, data, submission_id, created_at, updated_at)
           SELECT v ->> 'unit', v ->> 'area', coalesce(v ->> 'area', v ->> 'unit'), v ->> 'caseNo', '2026',
             v ->> 'caseNo', v ->> 'receivedOn', v ->> 'channel', v ->> 'reporterName',
             v ->> 'reporterPhone', v ->> 'address', v ->> 'category', v ->> 'summary',
             v ->> 'firstReceiver', v ->> 'assignee', v ->> 'assigneeUnit', v ->> 'dispatchedOn',
             v ->> 'status',
             v ->> 'repliedOn', v ->> 'resolvedOn', v ->> 'result', v ->> 'signedOff', v ->> 'revisitOn',
             v ->> 'satisfaction', v, 'demo', ?2, ?2
           FROM (SELECT value AS v FROM json_each(?1))`,
        )
        .bind(json, now),
    );
  }
  for (const json of chunks(demoEvaluations)) {
    statements.push(
      db
        .prepare(
          `INSERT INTO evaluations (unit, area, owner_unit, natural_key, period, eval_period, subject_kind,
             subject, evaluator_group, attendance, spirit, service_awareness, problem_solving, overall,
             veto, veto_reason, data, submission_id, created_at, updated_at)
           SELECT v ->> 'unit', NULL, v ->> 'unit', (v ->> 'subject') || '|' || (v ->> 'evaluatorGroup') || '|' || key,
             '2026', v ->> 'period', v ->> 'subjectKind', v ->> 'subject', v ->> 'evaluatorGroup',
             v ->> 'attendance', v ->> 'spirit', v ->> 'serviceAwareness', v ->> 'problemSolving',
             v ->> 'overall', v ->> 'veto', v ->> 'vetoReason', v, 'demo', ?2, ?2
           FROM (SELECT key, value AS v FROM json_each(?1))`,
        )
        .bind(json, now),
    );
  }
  for (const json of chunks(demoVisits)) {
    statements.push(
      db
        .prepare(
          `INSERT INTO visits (unit, area, owner_unit, natural_key, period, visit_on, cadre, rank, target,
             visit_type, content, case_nos, signed, data, submission_id, created_at, updated_at)
           SELECT v ->> 'unit', v ->> 'area', coalesce(v ->> 'area', v ->> 'unit'),
             (v ->> 'visitOn') || '|' || (v ->> 'cadre') || '|' || (v ->> 'target') || '|' || key, '2026',
             v ->> 'visitOn', v ->> 'cadre', v ->> 'rank', v ->> 'target', v ->> 'visitType', v ->> 'content',
             v -> 'caseNos', v ->> 'signed', v, 'demo', ?2, ?2
           FROM (SELECT key, value AS v FROM json_each(?1))`,
        )
        .bind(json, now),
    );
  }
  for (const json of chunks(demoHouseholds)) {
    statements.push(
      db
        .prepare(
          `INSERT INTO households (unit, area, owner_unit, natural_key, period, household_no, address,
             head_name, phone, members, household_type, needs, paired_cadre, paired_since, last_visit_on,
             data, submission_id, created_at, updated_at)
           SELECT v ->> 'unit', v ->> 'area', coalesce(v ->> 'area', v ->> 'unit'), v ->> 'householdNo', '2026',
             v ->> 'householdNo', v ->> 'address', v ->> 'headName', v ->> 'phone', v ->> 'members',
             v ->> 'householdType', v ->> 'needs', v ->> 'pairedCadre', v ->> 'pairedSince',
             v ->> 'lastVisitOn', v, 'demo', ?2, ?2
           FROM (SELECT value AS v FROM json_each(?1))`,
        )
        .bind(json, now),
    );
  }
  for (const json of chunks(demoCadres)) {
    statements.push(
      db
        .prepare(
          `INSERT INTO cadres (unit, area, owner_unit, natural_key, period, cadre_no, name, cadre_unit,
             post, rank, contact_area, data, submission_id, created_at, updated_at)
           SELECT ?3, NULL, ?3, v ->> 'cadreNo', '2026', v ->> 'cadreNo', v ->> 'name', v ->> 'unit',
             v ->> 'post', v ->> 'rank', v ->> 'contactArea', v, 'demo', ?2, ?2
           FROM (SELECT value AS v FROM json_each(?1))`,
        )
        .bind(json, now, demoOrg.units.find((u) => u.kind === 'district')!.code),
    );
  }
  await db.batch(statements);
}
