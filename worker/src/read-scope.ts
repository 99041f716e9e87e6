/**
 * The unit a report or roll is read for: the one asked (the account's own by default), which must
 * exist (404) and lie where the account may read scores (`scores.read`, 403), with the org and the
 * unit codes of its subtree as the SQL's JSON parameter.
 */
import type { OrgTree } from '../../shared/org.ts';
import { loadOrg } from './db.ts';
import type { Account } from './env.ts';
import { fail } from './errors.ts';
import { authorize } from './scope.ts';

export async function readScope(
  db: D1Database,
  account: Account,
  asked?: string,
): Promise<{ org: OrgTree; unit: string; units: string }> {
  const org = await loadOrg(db);
  const unit = asked ?? account.unit;
  if (!org.get(unit)) fail(404, 'UNIT_NOT_FOUND', { unit });
  authorize(account, org, 'scores.read', unit);
  return { org, unit, units: JSON.stringify(org.subtree(unit).map((u) => u.code)) };
}
