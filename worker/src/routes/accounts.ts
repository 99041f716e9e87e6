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
  accountChangeStatements,
  afterAccountChangeStatements,
  checkPasswordPolicy,
  findAccount,
  findAccountByUsername,
  insertAccountStatement,
  listAccounts,
  rowToUser,
  takenUsername,
} from '../accounts.ts';
import { requireAuth } from '../auth.ts';
import { hashPassword } from '../crypto.ts';
import { auditStatement, loadOrg } from '../db.ts';
import { endpoint } from '../endpoint.ts';
import type { AppEnv } from '../env.ts';
import { fail } from '../errors.ts';
import { unitQuery, user } from '../schemas.ts';
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

const accountsAnswer = z.object({ accounts: z.array(user) });
const accountAnswer = z.object({ account: user });

export const accountRoutes = new Hono<AppEnv>()
  .use(requireAuth())
  .get(
    '/',
    endpoint('accounts.manage', {
      summary: '账号列表（管理员，本单位及下级）',
      tag: 'accounts',
      response: accountsAnswer,
    }),
    input('query', unitQuery),
    async (c) => {
      const db = c.env.DB;
      const org = await loadOrg(db);
      const unit = c.req.valid('query').unit ?? c.var.account.unit;
      if (!org.get(unit)) fail(404, 'UNIT_NOT_FOUND', { unit });
      authorize(c.var.account, org, 'accounts.manage', unit);
      const rows = await listAccounts(
        db,
        org.subtree(unit).map((u) => u.code),
      );
      const answer: z.infer<typeof accountsAnswer> = {
        accounts: rows.map((row) => rowToUser(row, org)),
      };
      return c.json(answer);
    },
  )
  .post(
    '/',
    endpoint('accounts.manage', {
      summary: '新建账号',
      tag: 'accounts',
      status: 201,
      response: accountAnswer,
    }),
    input('json', accountCreateSchema),
    async (c) => {
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
      const taken = await takenUsername(db, body.username);
      if (taken) fail(409, 'USERNAME_TAKEN', { username: taken });
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
      const row = await findAccountByUsername(db, body.username);
      const answer: z.infer<typeof accountAnswer> = { account: rowToUser(row!, org) };
      return c.json(answer, 201);
    },
  )
  .patch(
    '/:id',
    endpoint('accounts.manage', {
      summary: '修改角色、停用或重置密码（令牌作废）',
      tag: 'accounts',
      response: accountAnswer,
    }),
    input('json', accountPatchSchema),
    async (c) => {
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
      const keepsAdmin =
        org.get(row.unit)?.kind === 'district' &&
        isActiveAdmin(row) &&
        (patch.disabled === true || (patch.roles !== undefined && !patch.roles.includes('admin')));
      if (patch.password) checkPasswordPolicy(patch.password, row.username);
      const statements = accountChangeStatements(db, id, {
        roles: patch.roles,
        disabled: patch.disabled,
        password: patch.password ? await hashPassword(patch.password) : undefined,
        keepsAdmin,
      });
      if (statements.length > 0) {
        const results = await db.batch([
          ...statements,
          auditStatement(db, {
            actor: c.var.account.username,
            action: 'account.update',
            unit: row.unit,
            target: row.username,
            detail: { roles: patch.roles, disabled: patch.disabled, password: !!patch.password },
            ifApplied: true,
          }),
          ...afterAccountChangeStatements(db, id, keepsAdmin),
        ]);
        if ((results[0]?.meta.changes ?? 0) === 0) fail(409, 'LAST_ADMIN', { unit: row.unit });
      }
      const answer: z.infer<typeof accountAnswer> = {
        account: rowToUser((await findAccount(db, id))!, org),
      };
      return c.json(answer);
    },
  );
