/** Accounts in D1: rows to objects, creation, and the public view of a user. */
import type { OrgTree, UnitKind } from '../../shared/org.ts';
import { passwordProblem } from '../../shared/passwords.ts';
import { hashPassword } from './crypto.ts';
import { nowIso } from './db.ts';
import { fail } from './errors.ts';
import type { Role } from './scope.ts';

export interface AccountRow {
  id: number;
  username: string;
  unit: string;
  roles: string;
  salt: string;
  hash: string;
  iterations: number;
  password_changed_at: string;
  failed_logins: number;
  locked_until: string | null;
  disabled: number;
  created_at: string;
  must_change_password: number;
  password_exempt: number;
}

/** What the API shows of an account. */
export interface User {
  id: number;
  username: string;
  unit: string;
  unitName: string;
  unitKind: UnitKind | null;
  roles: Role[];
  disabled: boolean;
}

export function rowToUser(row: AccountRow, org: OrgTree): User {
  const unit = org.get(row.unit);
  return {
    id: row.id,
    username: row.username,
    unit: row.unit,
    unitName: unit?.name ?? row.unit,
    unitKind: unit?.kind ?? null,
    roles: JSON.parse(row.roles) as Role[],
    disabled: row.disabled === 1,
  };
}

export async function findAccountByUsername(
  db: D1Database,
  username: string,
): Promise<AccountRow | null> {
  return db
    .prepare('SELECT * FROM accounts WHERE username = ?1')
    .bind(username)
    .first<AccountRow>();
}

export async function findAccount(db: D1Database, id: number): Promise<AccountRow | null> {
  return db.prepare('SELECT * FROM accounts WHERE id = ?1').bind(id).first<AccountRow>();
}

/** The default roles of a unit's account (common brief): areas fill in, higher levels review. */
export function defaultRoles(kind: UnitKind): Role[] {
  if (kind === 'residential') return ['clerk'];
  if (kind === 'department') return ['reviewer'];
  return ['reviewer', 'admin'];
}

/**
 * The INSERT of a new account with its password hashed (PBKDF2, fresh salt). An account an admin
 * creates must change its initial password at the first sign-in; the local demo seed's accounts
 * (`exempt`) keep the shared demo password and are exempt from the password policy.
 */
export async function insertAccountStatement(
  db: D1Database,
  account: { username: string; unit: string; roles: readonly Role[]; password: string },
  options: { exempt: boolean } = { exempt: false },
): Promise<D1PreparedStatement> {
  const { salt, hash, iterations } = await hashPassword(account.password);
  const now = nowIso();
  return db
    .prepare(
      `INSERT INTO accounts (username, unit, roles, salt, hash, iterations, password_changed_at, created_at,
                             must_change_password, password_exempt)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8, ?9)`,
    )
    .bind(
      account.username,
      account.unit,
      JSON.stringify(account.roles),
      salt,
      hash,
      iterations,
      now,
      options.exempt ? 0 : 1,
      options.exempt ? 1 : 0,
    );
}

/** Throws 422 with the policy's code when `password` may not be set for `username`. */
export function checkPasswordPolicy(password: string, username: string): void {
  const problem = passwordProblem(password, username);
  if (problem) fail(422, problem.code, problem.params);
}

/** Revokes every open session of an account (logout everywhere, password change, admin action). */
export function revokeSessionsStatement(db: D1Database, accountId: number): D1PreparedStatement {
  return db
    .prepare('UPDATE sessions SET revoked_at = ?2 WHERE account_id = ?1 AND revoked_at IS NULL')
    .bind(accountId, nowIso());
}
