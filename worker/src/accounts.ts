/** Accounts in D1: rows to objects, their queries and writes, and the public view of a user. */
import type { z } from 'zod';
import type { OrgTree, UnitKind } from '../../shared/org.ts';
import { passwordProblem } from '../../shared/passwords.ts';
import { hashPassword } from './crypto.ts';
import { nowIso } from './db.ts';
import { fail } from './errors.ts';
import type { user } from './schemas.ts';
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
export type User = z.infer<typeof user>;

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

/** How many accounts exist (none: the first start may bootstrap). */
export async function countAccounts(db: D1Database): Promise<number> {
  const row = await db.prepare('SELECT count(*) AS n FROM accounts').first<{ n: number }>();
  return row?.n ?? 0;
}

/** The accounts of the given units, by unit and username. */
export async function listAccounts(
  db: D1Database,
  units: readonly string[],
): Promise<AccountRow[]> {
  const { results } = await db
    .prepare(
      'SELECT * FROM accounts WHERE unit IN (SELECT value FROM json_each(?1)) ORDER BY unit, username',
    )
    .bind(JSON.stringify(units))
    .all<AccountRow>();
  return results;
}

/** The username already taken that differs from `username` at most in case, if any. */
export async function takenUsername(db: D1Database, username: string): Promise<string | null> {
  const row = await db
    .prepare('SELECT username FROM accounts WHERE lower(username) = lower(?1)')
    .bind(username)
    .first<{ username: string }>();
  return row?.username ?? null;
}

/** Another enabled admin of the same unit as account ?1 (SQL, inside a statement on ?1). */
const OTHER_ADMIN = `EXISTS (SELECT 1 FROM accounts other
  WHERE other.unit = (SELECT unit FROM accounts WHERE id = ?1) AND other.id != ?1
    AND other.disabled = 0 AND EXISTS (SELECT 1 FROM json_each(other.roles) WHERE value = 'admin'))`;

/** An admin's change to an account; `keepsAdmin`: applied only while the unit keeps another admin. */
export interface AccountChange {
  roles?: readonly Role[];
  disabled?: boolean;
  password?: { salt: string; hash: string; iterations: number };
  keepsAdmin: boolean;
}

/**
 * The UPDATEs of an account's roles, disabled flag and password (those asked, in that order). A
 * password an admin sets must be changed at the next sign-in; disabling or setting one lifts locks.
 */
export function accountChangeStatements(
  db: D1Database,
  id: number,
  change: AccountChange,
): D1PreparedStatement[] {
  const condition = change.keepsAdmin ? `AND ${OTHER_ADMIN}` : '';
  const statements: D1PreparedStatement[] = [];
  if (change.roles) {
    statements.push(
      db
        .prepare(`UPDATE accounts SET roles = ?2 WHERE id = ?1 ${condition}`)
        .bind(id, JSON.stringify(change.roles)),
    );
  }
  if (change.disabled !== undefined) {
    statements.push(
      db
        .prepare(
          `UPDATE accounts SET disabled = ?2, failed_logins = 0, locked_until = NULL WHERE id = ?1 ${condition}`,
        )
        .bind(id, change.disabled ? 1 : 0),
    );
  }
  if (change.password) {
    const { salt, hash, iterations } = change.password;
    statements.push(
      db
        .prepare(
          `UPDATE accounts SET salt = ?2, hash = ?3, iterations = ?4, password_changed_at = ?5, failed_logins = 0, locked_until = NULL, must_change_password = 1, password_exempt = 0 WHERE id = ?1 ${condition}`,
        )
        .bind(id, salt, hash, iterations, nowIso()),
    );
  }
  return statements;
}

/**
 * After an admin's change (under the same condition): the account's tokens stop working, and an
 * admin re-enabling it or setting its password lifts its locks.
 */
export function afterAccountChangeStatements(
  db: D1Database,
  id: number,
  keepsAdmin: boolean,
): D1PreparedStatement[] {
  const condition = keepsAdmin ? `AND ${OTHER_ADMIN}` : '';
  return [
    db
      .prepare(
        `UPDATE sessions SET revoked_at = ?2 WHERE account_id = ?1 AND revoked_at IS NULL
           AND EXISTS (SELECT 1 FROM accounts WHERE id = ?1 ${condition})`,
      )
      .bind(id, nowIso()),
    db
      .prepare(
        `DELETE FROM account_failures WHERE account_id = ?1
           AND EXISTS (SELECT 1 FROM accounts WHERE id = ?1 ${condition})`,
      )
      .bind(id),
  ];
}

/** Records whether the account must change its password before anything else. */
export function mustChangePasswordStatement(
  db: D1Database,
  id: number,
  mustChange: boolean,
): D1PreparedStatement {
  return db
    .prepare('UPDATE accounts SET must_change_password = ?2 WHERE id = ?1')
    .bind(id, mustChange ? 1 : 0);
}

/** The holder's own new password: no change required any more, and no exemption from the policy. */
export function ownPasswordStatement(
  db: D1Database,
  id: number,
  password: { salt: string; hash: string; iterations: number },
): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE accounts SET salt = ?2, hash = ?3, iterations = ?4, password_changed_at = ?5,
         must_change_password = 0, password_exempt = 0 WHERE id = ?1`,
    )
    .bind(id, password.salt, password.hash, password.iterations, nowIso());
}
