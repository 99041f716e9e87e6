/**
 * Case rows as escalation reads them: the columns read, a row as an `EscalationCase`, the stored
 * events as dated steps. Shared by the sweep, its re-derivations and the reports and scores that
 * recompute escalation from the same rows.
 */
import { type CaseEvent, type EscalationCase, levelOfUnitKind } from '../../shared/escalation.ts';
import type { OrgTree } from '../../shared/org.ts';

export interface CaseRow {
  id: number;
  unit: string;
  case_no: string;
  received_on: string;
  status: string | null;
  replied_on: string | null;
  resolved_on: string | null;
  satisfaction: string | null;
  revisit_on: string | null;
  category: string | null;
  reporter_phone: string | null;
  address: string | null;
  area: string | null;
  /** 1 for the current version of its record (docs/decisions/0007). */
  current: number;
}

/**
 * A case as the sweep reads it: with what its ladder row holds (docs/decisions/0018), `sweep_on`
 * and `climbs` null when it has none yet.
 */
export interface SweptRow extends Omit<CaseRow, 'case_no' | 'area'> {
  level: number;
  current_due: string | null;
  sweep_on: string | null;
  climbs: StoredClimb[] | null;
  /** 1 when it has stored steps (an edit, a dispatch, a referral). */
  stepped: number;
}

/** A climb as its ladder row keeps it: day, from level, to level, reason, who recorded it. */
export type StoredClimb = [on: string, from: number, to: number, reason: string, actor: string];

export interface EventRow {
  case_id: number;
  at: string;
  kind: string;
  before: string | null;
  after: string | null;
}

export const CASE_COLUMNS = `id, unit, case_no, received_on, status, replied_on, resolved_on, satisfaction,
  revisit_on, category, reporter_phone, address, area, current`;

/** What the sweep reads of a case beside escalation's columns (but those only the reports show). */
const LADDER_FIELDS = {
  level: 'coalesce(l.level, c.received_level)',
  current_due: 'l.current_due',
  sweep_on: 'l.sweep_on',
  climbs: 'l.climbs',
  stepped: 'c.stepped',
};

/** The names of a `SweptRow`'s values, in the order `SWEPT_COLUMNS` reads them. */
export const SWEPT_FIELDS = [
  ...CASE_COLUMNS.split(',')
    .map((column) => column.trim())
    .filter((column) => column !== 'case_no' && column !== 'area'),
  ...Object.keys(LADDER_FIELDS),
];

/** The columns of a `SweptRow`, from `cases c LEFT JOIN case_ladder l` (`LADDER_JOIN`). */
export const SWEPT_COLUMNS = SWEPT_FIELDS.map((field) =>
  field in LADDER_FIELDS
    ? `${LADDER_FIELDS[field as keyof typeof LADDER_FIELDS]} AS ${field}`
    : `c.${field}`,
).join(', ');

/** A case with its ladder row, if it has one. */
export const LADDER_JOIN = 'cases c LEFT JOIN case_ladder l ON l.case_id = c.id';

/** Ids padded so that string order is id order (escalation breaks same-day ties by `caseNo`). */
export const caseKey = (id: number) => String(id).padStart(12, '0');

/** The level of the unit that submitted the case: a case a sub-district took in starts at 街道. */
export function levelOfRow(org: OrgTree, row: Pick<CaseRow, 'unit'>): number {
  const kind = org.get(row.unit)?.kind;
  return kind ? levelOfUnitKind(kind) : 0;
}

/** A case row as escalation reads it; `caseNo` is the padded id (case numbers repeat across units). */
export function toEscalationCase(
  row: Omit<CaseRow, 'case_no' | 'area'> & { area?: string | null },
  receivedLevel: number,
): EscalationCase {
  return {
    caseNo: caseKey(row.id),
    receivedOn: row.received_on,
    status: row.status,
    repliedOn: row.replied_on,
    resolvedOn: row.resolved_on,
    satisfaction: row.satisfaction,
    revisitOn: row.revisit_on,
    category: row.category,
    reporterPhone: row.reporter_phone,
    address: row.address,
    area: row.area ?? null,
    receivedLevel,
  };
}

const parse = (json: string | null): Record<string, unknown> => {
  try {
    return json ? (JSON.parse(json) as Record<string, unknown>) : {};
  } catch {
    return {};
  }
};

/**
 * A case's stored events as escalation steps. Steps written as such are taken as they are. An edit
 * (PATCH writes one `update` event per changed field, at the same instant) that sets status 上报 is
 * a report up on its day; one that changes the rating is a rating on the return-visit date, and the
 * 不满意 it replaces stays a rating on its own date — so a later 满意 never erases a climb.
 * `current` gives the record's dates for what the edit did not change.
 */
export function stepsOf(
  rows: readonly EventRow[],
  current: Partial<Pick<EscalationCase, 'revisitOn' | 'resolvedOn' | 'repliedOn'>> = {},
): CaseEvent[] {
  const steps: CaseEvent[] = [];
  for (const row of rows) {
    const day = row.at.slice(0, 10);
    const after = parse(row.after);
    if (
      row.kind === 'reported_up' ||
      row.kind === 'replied' ||
      row.kind === 'resolved' ||
      row.kind === 'referred'
    ) {
      steps.push({ on: day, type: row.kind });
    } else if (row.kind === 'rated') {
      steps.push({ on: day, type: 'rated', satisfaction: (after.satisfaction as string) ?? null });
    } else if (row.kind !== 'climb') {
      const before = parse(row.before);
      if (after.status === '上报' && before.status !== '上报') {
        steps.push({ on: day, type: 'reported_up' });
      }
      if ('satisfaction' in after && after.satisfaction !== before.satisfaction) {
        // The other fields changed by the same edit: their values before and after it.
        const edit = rows
          .filter((r) => r.at === row.at)
          .map((r) => [parse(r.before), parse(r.after)] as const);
        const editedValue = (key: string, side: 0 | 1) =>
          (edit.find((e) => key in e[side])?.[side][key] as string | null | undefined) ??
          current[key as keyof typeof current] ??
          null;
        if (before.satisfaction === '不满意') {
          const on =
            editedValue('revisitOn', 0) ??
            editedValue('resolvedOn', 0) ??
            editedValue('repliedOn', 0);
          steps.push({ on: on ?? day, type: 'rated', satisfaction: '不满意' });
        }
        const on = editedValue('revisitOn', 1) ?? day;
        steps.push({ on, type: 'rated', satisfaction: after.satisfaction as string });
      }
    }
  }
  return steps;
}

/** Event rows by case id. */
export function groupEvents<T extends { case_id: number }>(rows: readonly T[]): Map<number, T[]> {
  const map = new Map<number, T[]>();
  for (const row of rows) {
    const list = map.get(row.case_id);
    if (list) list.push(row);
    else map.set(row.case_id, [row]);
  }
  return map;
}
