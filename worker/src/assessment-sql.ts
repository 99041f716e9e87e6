/**
 * The SQL of the year-end roll's reads (docs/decisions/0009), as plain text: the Worker runs it on
 * D1 (`loadRollData`) and the bench on raw SQLite. Placeholders: ?1 the scope (JSON array of unit
 * codes; for evaluations, the JSON array of periods), ?2/?3 the first and last day read.
 */
import { periodsOverlapping } from '../../shared/periods.ts';

const IN_SCOPE = '(SELECT value FROM json_each(?1))';

// The current cases of the scope (owned or assigned) received between ?2 and ?3.
const CASE_WHERE = `(owner_unit IN ${IN_SCOPE} OR assignee_unit IN ${IN_SCOPE}) AND current = 1
    AND received_on BETWEEN ?2 AND ?3`;

/** The cases, as `RollCase` reads them (with `id` and `stepped` for the walk of stored steps). */
export const ROLL_CASES_SQL = `
  SELECT id, case_no AS caseNo, received_on AS receivedOn, replied_on AS repliedOn,
         resolved_on AS resolvedOn, satisfaction, revisit_on AS revisitOn, area, unit,
         assignee, first_receiver AS firstReceiver, handler,
         reply_due AS replyDue, resolution_due AS resolutionDue, stepped,
         dispatched_on AS dispatchedOn, first_dispatched_on AS firstDispatchedOn,
         extension_days AS extensionDays
    FROM cases WHERE ${CASE_WHERE}`;

/** The stored steps of those cases that have any (climbs are kept apart, docs/decisions/0018). */
export const ROLL_EVENTS_SQL = `
  SELECT case_id, at, kind, before, after FROM case_events
   WHERE case_id IN (SELECT id FROM cases WHERE ${CASE_WHERE} AND stepped = 1) ORDER BY id`;

/** The current evaluations of the periods ?1. */
export const ROLL_EVALUATIONS_SQL = `
  SELECT eval_period AS period, subject_kind AS subjectKind, subject,
         evaluator_group AS evaluatorGroup, attendance, spirit,
         service_awareness AS serviceAwareness, problem_solving AS problemSolving,
         overall, veto, veto_reason AS vetoReason
    FROM evaluations WHERE current = 1 AND eval_period IN (SELECT value FROM json_each(?1))`;

/** The scope's current visits between ?2 and ?3. */
export const ROLL_VISITS_SQL = `
  SELECT visit_on AS visitOn, cadre, area, target, visit_type AS visitType, case_nos AS caseNos
    FROM visits WHERE owner_unit IN ${IN_SCOPE} AND current = 1 AND visit_on BETWEEN ?2 AND ?3`;

/** The scope's current households. */
export const ROLL_HOUSEHOLDS_SQL = `
  SELECT household_no AS householdNo, area, household_type AS householdType,
         paired_cadre AS pairedCadre, last_visit_on AS lastVisitOn
    FROM households WHERE owner_unit IN ${IN_SCOPE} AND current = 1`;

/** The whole register: a name is resolved against every cadre of the district. */
export const ROLL_CADRES_SQL = `
  SELECT cadre_no AS cadreNo, name, cadre_unit AS unit, rank, contact_area AS contactArea
    FROM cadres WHERE current = 1 ORDER BY cadre_no`;

/**
 * The roll's reads in order — cases, events, evaluations, visits, households, cadres — each with
 * the values it binds, for the rows of `scope` (unit codes) between `from` and `to`.
 */
export function rollStatements(
  scope: readonly string[],
  from: string,
  to: string,
): [sql: string, params: string[]][] {
  const units = JSON.stringify(scope);
  const periods = JSON.stringify(periodsOverlapping({ from, to }));
  return [
    [ROLL_CASES_SQL, [units, from, to]],
    [ROLL_EVENTS_SQL, [units, from, to]],
    [ROLL_EVALUATIONS_SQL, [periods]],
    [ROLL_VISITS_SQL, [units, from, to]],
    [ROLL_HOUSEHOLDS_SQL, [units]],
    [ROLL_CADRES_SQL, []],
  ];
}
