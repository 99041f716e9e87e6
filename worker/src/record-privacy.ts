/**
 * Who sees a record's residents in full, and the masked copy everyone else sees (decision 0005):
 * the unit that took the record in and the unit handling it now see names and phones; a
 * department sees the cases the district dispatched to it.
 */
import type { LedgerKind } from '../../shared/ledgers/index.ts';
import type { OrgTree } from '../../shared/org.ts';
import { maskAddress, maskFreeText } from '../../shared/privacy.ts';
import type { Account } from './env.ts';
import { maskName, maskPhone } from './mask.ts';
import type { RecordRow } from './records.ts';

/**
 * The unit handling a case now: the area at level 0, its sub-district at 1, the district above
 * (the district dispatches to departments). A household is kept by its area.
 */
export function handlingUnit(org: OrgTree, row: RecordRow): string {
  const level = row.level ?? 0;
  if (level === 0) return row.owner_unit;
  if (level === 1) {
    const path = org.path(row.owner_unit);
    return path.find((code) => org.get(code)?.kind === 'subdistrict') ?? row.owner_unit;
  }
  return org.districtOf(row.owner_unit)?.code ?? row.owner_unit;
}

/**
 * Whether the district dispatched the case to the account's own unit (a department handling it).
 * Only a dispatch does: a 承办单位 written on a sheet or in an edit grants nothing
 * (docs/decisions/0010).
 */
export const assignedToAccount = (row: RecordRow, account: Account) =>
  !!row.dispatched_unit && row.dispatched_unit === account.unit;

/**
 * Residents' fields per ledger that only the receiving and handling units see in full: the name
 * and phone, the address (cut above the house) and the free text that may name them.
 */
const PERSONAL: Partial<
  Record<LedgerKind, { name: string; phone: string; address: string; text: readonly string[] }>
> = {
  case: {
    name: 'reporterName',
    phone: 'reporterPhone',
    address: 'address',
    text: ['summary', 'result', 'remarks'],
  },
  household: { name: 'headName', phone: 'phone', address: 'address', text: ['needs'] },
};

/**
 * A record's values with the resident's personal data masked (a copy). `name` is the resident's
 * name when `values` do not hold it (an event's changed fields), for masking it in free text.
 */
export function maskValues(
  kind: LedgerKind,
  values: Record<string, unknown>,
  name: string | null = null,
) {
  const personal = PERSONAL[kind];
  if (!personal) return values;
  const masked = { ...values };
  const resident = (values[personal.name] as string | null | undefined) ?? name;
  for (const field of personal.text) {
    if (typeof masked[field] === 'string') {
      masked[field] = maskFreeText(masked[field] as string, resident);
    }
  }
  if (typeof masked[personal.address] === 'string') {
    masked[personal.address] = maskAddress(masked[personal.address] as string);
  }
  if (personal.name in masked)
    masked[personal.name] = maskName(masked[personal.name] as string | null);
  if (personal.phone in masked) {
    masked[personal.phone] = maskPhone(masked[personal.phone] as string | null);
  }
  return masked;
}

/**
 * Whether the account's unit sees a record's residents in full: it handles the record now, or it
 * took the record in (the submitting unit, or the area it belongs to) — the first receiver stays
 * accountable to the resident after the case climbs (首问负责制).
 */
export function seesResidents(kind: LedgerKind, row: RecordRow, org: OrgTree, account: Account) {
  if (!PERSONAL[kind]) return true;
  if (account.unit === row.unit || account.unit === row.owner_unit) return true;
  if (account.unit === handlingUnit(org, row)) return true;
  return kind === 'case' && assignedToAccount(row, account);
}

/**
 * `seesResidents` as an SQL condition on a row of the ledger's table, for filtering in the query
 * itself: the handling unit is found from the row's level and owner, as `handlingUnit` does.
 */
export function seesResidentsSql(
  kind: LedgerKind,
  org: OrgTree,
  account: Account,
  arg: (value: unknown) => string,
): string {
  if (!PERSONAL[kind]) return '1';
  const me = arg(account.unit);
  const own = `(unit = ${me} OR owner_unit = ${me})`;
  if (kind !== 'case') return own;
  const handledAt = (level: number) =>
    arg(
      JSON.stringify(
        org
          .subtree(account.unit)
          .map((u) => u.code)
          .filter(
            (code) => handlingUnit(org, { owner_unit: code, level } as RecordRow) === account.unit,
          ),
      ),
    );
  const inList = (list: string) => `owner_unit IN (SELECT value FROM json_each(${list}))`;
  return `(${own} OR coalesce(dispatched_unit = ${me}, 0) OR (level = 1 AND ${inList(handledAt(1))}) OR (level >= 2 AND ${inList(handledAt(2))}))`;
}
