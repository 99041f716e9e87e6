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
import { rollStatements } from './assessment-sql.ts';
import { type EventRow, groupEvents, stepsOf } from './sweep-cases.ts';

/** The rows of one roll: `scope` the unit codes of the subtree, `from`…`to` the two years. */
export async function loadRollData(
  db: D1Database,
  scope: readonly string[],
  from: string,
  to: string,
): Promise<RollData> {
  const [cases, events, evaluations, visits, households, cadres] = await db.batch(
    rollStatements(scope, from, to).map(([sql, params]) => db.prepare(sql).bind(...params)),
  );
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
