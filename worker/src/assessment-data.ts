/**
 * What the year-end roll reads from D1 (docs/decisions/0009): the current cases of the scope
 * received in the year and the one before (with the stored steps of stepped cases), the current
 * evaluations of both years, the scope's visits and households and the whole cadre register. For
 * now the roll is computed in JS by the shared `assessmentRoll` over these rows: one read of the
 * scope's cases per request, not the SQL counts of the scores (fine for a district's year; the
 * bench of a million cases is still to do).
 */
import type {
  RollCadre,
  RollCase,
  RollData,
  RollEvaluation,
  RollVisit,
} from '../../shared/assessment.ts';
import type { ComplianceHousehold } from '../../shared/compliance.ts';
import type { CaseEvent } from '../../shared/escalation.ts';
import { periodsOverlapping } from '../../shared/periods.ts';
import { type EventRow, groupEvents, stepsOf } from './sweep.ts';

const IN_SCOPE = '(SELECT value FROM json_each(?1))';

/** The rows of one roll: `scope` the unit codes of the subtree, `from`…`to` the two years. */
export async function loadRollData(
  db: D1Database,
  scope: readonly string[],
  from: string,
  to: string,
): Promise<RollData> {
  const units = JSON.stringify(scope);
  const periods = JSON.stringify(periodsOverlapping({ from, to }));
  const caseWhere = `(owner_unit IN ${IN_SCOPE} OR assignee_unit IN ${IN_SCOPE}) AND current = 1
    AND received_on BETWEEN ?2 AND ?3`;
  const [cases, events, evaluations, visits, households, cadres] = await db.batch([
    db
      .prepare(
        `SELECT id, case_no AS caseNo, received_on AS receivedOn, replied_on AS repliedOn,
                resolved_on AS resolvedOn, satisfaction, revisit_on AS revisitOn, area, unit,
                assignee, first_receiver AS firstReceiver, data ->> '$.handler' AS handler,
                reply_due AS replyDue, resolution_due AS resolutionDue, stepped,
                dispatched_on AS dispatchedOn, first_dispatched_on AS firstDispatchedOn,
                extension_days AS extensionDays
           FROM cases WHERE ${caseWhere}`,
      )
      .bind(units, from, to),
    db
      .prepare(
        `SELECT case_id, at, kind, before, after FROM case_events
          WHERE kind <> 'climb'
            AND case_id IN (SELECT id FROM cases WHERE ${caseWhere} AND stepped = 1) ORDER BY id`,
      )
      .bind(units, from, to),
    db
      .prepare(
        `SELECT eval_period AS period, subject_kind AS subjectKind, subject,
                evaluator_group AS evaluatorGroup, attendance, spirit,
                service_awareness AS serviceAwareness, problem_solving AS problemSolving,
                overall, veto, veto_reason AS vetoReason
           FROM evaluations WHERE current = 1 AND eval_period IN (SELECT value FROM json_each(?1))`,
      )
      .bind(periods),
    db
      .prepare(
        `SELECT visit_on AS visitOn, cadre, area, target, visit_type AS visitType, case_nos AS caseNos
           FROM visits WHERE owner_unit IN ${IN_SCOPE} AND current = 1 AND visit_on BETWEEN ?2 AND ?3`,
      )
      .bind(units, from, to),
    db
      .prepare(
        `SELECT household_no AS householdNo, area, household_type AS householdType,
                paired_cadre AS pairedCadre, last_visit_on AS lastVisitOn
           FROM households WHERE owner_unit IN ${IN_SCOPE} AND current = 1`,
      )
      .bind(units),
    // The whole register: a name is resolved against every cadre of the district.
    db.prepare(
      `SELECT cadre_no AS cadreNo, name, cadre_unit AS unit, rank, contact_area AS contactArea
         FROM cadres WHERE current = 1 ORDER BY cadre_no`,
    ),
  ]);
  const eventsOf = groupEvents(events!.results as EventRow[]);
  const caseRows = cases!.results as (RollCase & { id: number; stepped: number | null })[];
  return {
    cases: caseRows.map(({ id, stepped, ...record }) => {
      if (stepped !== 1) return record;
      const steps: CaseEvent[] = stepsOf(eventsOf.get(id) ?? [], record);
      return { ...record, events: steps };
    }),
    evaluations: (evaluations!.results as (RollEvaluation & { veto: number | null })[]).map(
      (row) => ({ ...row, veto: row.veto === 1 }),
    ),
    visits: (visits!.results as (RollVisit & { caseNos: string })[]).map((row) => ({
      ...row,
      caseNos: JSON.parse(row.caseNos ?? '[]') as string[],
    })),
    households: households!.results as unknown as ComplianceHousehold[],
    cadres: cadres!.results as unknown as RollCadre[],
  };
}
