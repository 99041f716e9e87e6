/**
 * Account administration: an admin lists, creates and changes the accounts of its own subtree
 * (district admins: every account). Disabling an account, changing its roles or resetting its
 * password revokes its tokens. A password an admin sets follows the password policy and must be
 * changed by its holder at the next sign-in.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import {
  type AccountRow,
  checkPasswordPolicy,
  findAccount,
  insertAccountStatement,
  rowToUser,
} from '../accounts.ts';
import { requireAuth } from '../auth.ts';
import { hashPassword } from '../crypto.ts';
import { auditStatement, loadOrg, nowIso } from '../db.ts';
import type { AppEnv } from '../env.ts';
import { fail } from '../errors.ts';
import { authorize, ROLES } from '../scope.ts';
import { input } from '../validate.ts';

const roles = z.array(z.enum(ROLES)).min(1).max(3);
const password = z.string().min(1).max(256);

export const accountCreateSchema = z.object({
  username: z.string().trim().min(1).max(64),
  unit: z.string().trim().min(1).max(40),
  roles,
  password,
});

export const accountPatchSchema = z.object({
  roles: roles.optional(),
  disabled: z.boolean().optional(),
  password: password.optional(),
});

const isActiveAdmin = (row: AccountRow) =>
  row.disabled === 0 && (JSON.parse(row.roles) as string[]).includes('admin');

/** Another enabled admin of the same unit as account ?1 (SQL, inside a statement on ?1). */
const OTHER_ADMIN = `EXISTS (SELECT 1 FROM accounts other
  WHERE other.unit = (SELECT unit FROM accounts WHERE id = ?1) AND other.id != ?1
    AND other.disabled = 0 AND EXISTS (SELECT 1 FROM json_each(other.roles) WHERE value = 'admin'))`;

export const accountRoutes = new Hono<AppEnv>()
  .use(requireAuth())
  .get('/', input('query', z.object({ unit: z.string().optional() })), async (c) => {
    const db = c.env.DB;
    const org = await loadOrg(db);
    const unit = c.req.valid('query').unit ?? c.var.account.unit;
    if (!org.get(unit)) fail(404, 'UNIT_NOT_FOUND', { unit });
    authorize(c.var.account, org, 'accounts.manage', unit);
    const codes = org.subtree(unit).map((u) => u.code);
    const { results } = await db
      .prepare(
        'SELECT * FROM accounts WHERE unit IN (SELECT value FROM json_each(?1)) ORDER BY unit, username',
      )
      .bind(JSON.stringify(codes))
      .all<AccountRow>();
    return c.json({ accounts: results.map((row) => rowToUser(row, org)) });
  })
  .post('/', input('json', accountCreateSchema), async (c) => {
    const db = c.env.DB;
    const body = c.req.valid('json');
    const org = await loadOrg(db);
    if (!org.get(body.unit)) fail(404, 'UNIT_NOT_FOUND', { unit: body.unit });
    authorize(c.var.account, org, 'accounts.manage', body.unit);
    // A username is its unit's code or a name of its own: never another unit's code, and never
    // one differing from a taken name only in case (`yp` beside `YP`) — both pass for someone else.
    const lookalike = org.units.find(
      (u) => u.code.toLowerCase() === body.username.toLowerCase() && u.code !== body.unit,
    );
    if (lookalike)
      fail(409, 'USERNAME_IS_UNIT_CODE', { username: body.username, unit: lookalike.code });
    const taken = await db
      .prepare('SELECT username FROM accounts WHERE lower(username) = lower(?1)')
      .bind(body.username)
      .first<{ username: string }>();
    if (taken) fail(409, 'USERNAME_TAKEN', { username: taken.username });
    checkPasswordPolicy(body.password, body.username);
    await db.batch([
      await insertAccountStatement(db, body),
      auditStatement(db, {
        actor: c.var.account.username,
        action: 'account.create',
        unit: body.unit,
        target: body.username,
        detail: { roles: body.roles },
      }),
    ]);
    const row = await db
      .prepare('SELECT * FROM accounts WHERE username = ?1')
      .bind(body.username)
      .first<AccountRow>();
    return c.json({ account: rowToUser(row!, org) }, 201);
  })
  .patch('/:id', input('json', accountPatchSchema), async (c) => {
    const db = c.env.DB;
    const id = Number(c.req.param('id'));
    const row = Number.isInteger(id) ? await findAccount(db, id) : null;
    if (!row) fail(404, 'NOT_FOUND');
    const org = await loadOrg(db);
    authorize(c.var.account, org, 'accounts.manage', row.unit);
    const patch = c.req.valid('json');
    // The district keeps an enabled admin: the change that would take away the last one (another
    // admin's or the admin's own) is refused. The condition is part of every statement, so two
    // admins disabling each other at once cannot both succeed.
    const endsAdmin =
      org.get(row.unit)?.kind === 'district' &&
      isActiveAdmin(row) &&
      (patch.disabled === true || (patch.roles !== undefined && !patch.roles.includes('admin')));
    const keepsAdmin = endsAdmin ? `AND ${OTHER_ADMIN}` : '';
    const statements: D1PreparedStatement[] = [];
    if (patch.roles) {
      statements.push(
        db
          .prepare(`UPDATE accounts SET roles = ?2 WHERE id = ?1 ${keepsAdmin}`)
          .bind(id, JSON.stringify(patch.roles)),
      );
    }
    if (patch.disabled !== undefined) {
      statements.push(
        db
          .prepare(
            `UPDATE accounts SET disabled = ?2, failed_logins = 0, locked_until = NULL WHERE id = ?1 ${keepsAdmin}`,
          )
          .bind(id, patch.disabled ? 1 : 0),
      );
    }
    if (patch.password) {
      checkPasswordPolicy(patch.password, row.username);
      const { salt, hash, iterations } = await hashPassword(patch.password);
      statements.push(
        db
          .prepare(
            `UPDATE accounts SET salt = ?2, hash = ?3, iterations = ?4, password_changed_at = ?5, failed_logins = 0, locked_until = NULL, must_change_password = 1, password_exempt = 0 WHERE id = ?1 ${keepsAdmin}`,
          )
          .bind(id, salt, hash, iterations, nowIso()),
      );
    }
    if (statements.length > 0) {
      statements.push(
        auditStatement(db, {
          actor: c.var.account.username,
          action: 'account.update',
          unit: row.unit,
          target: row.username,
          detail: { roles: patch.roles, disabled: patch.disabled, password: !!patch.password },
          ifApplied: true,
        }),
        db
          .prepare(
            `UPDATE sessions SET revoked_at = ?2 WHERE account_id = ?1 AND revoked_at IS NULL
               AND EXISTS (SELECT 1 FROM accounts WHERE id = ?1 ${keepsAdmin})`,
          )
          .bind(id, nowIso()),
        // An admin re-enabling an account or setting its password lifts its locks.
        db
          .prepare(
            `DELETE FROM account_failures WHERE account_id = ?1
               AND EXISTS (SELECT 1 FROM accounts WHERE id = ?1 ${keepsAdmin})`,
          )
          .bind(id),
      );
      const results = await db.batch(statements);
      if ((results[0]?.meta.changes ?? 0) === 0) fail(409, 'LAST_ADMIN', { unit: row.unit });
    }
    return c.json({ account: rowToUser((await findAccount(db, id))!, org) });
  });
