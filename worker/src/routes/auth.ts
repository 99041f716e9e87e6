/**
 * Login, logout, the current user and password change. Wrong passwords — at login or as the old
 * password of a change — lock the account from that address for a while; many failures slow the
 * next attempts (lockout.ts). A new password follows the password policy.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import {
  type AccountRow,
  checkPasswordPolicy,
  findAccount,
  findAccountByUsername,
  mustChangePasswordStatement,
  ownPasswordStatement,
  revokeSessionsStatement,
  rowToUser,
} from '../accounts.ts';
import { insertSessionStatement, requireAuth, revokeSession } from '../auth.ts';
import { hashPassword, newToken, verifyPassword } from '../crypto.ts';
import { auditStatement, loadOrg, nowIso } from '../db.ts';
import { districtOf, loadSettings } from '../district-rules.ts';
import { endpoint } from '../endpoint.ts';
import type { AppEnv } from '../env.ts';
import { fail } from '../errors.ts';
import {
  clearFailuresStatement,
  clientAddress,
  recordAddressFailure,
  refuseWhileLocked,
  refuseWrongPassword,
  slowdownMs,
} from '../lockout.ts';
import { user } from '../schemas.ts';
import { unitActive } from '../units.ts';
import { input } from '../validate.ts';

export const loginSchema = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
});

export const passwordSchema = z.object({
  oldPassword: z.string().min(1).max(256),
  newPassword: z.string().max(256),
});

// A hash to verify against when the username is unknown, so both cases take the same time.
let dummyHash: Promise<{ salt: string; hash: string; iterations: number }> | null = null;

/**
 * Whether the account must change its password before anything else: an initial or reset password,
 * or one older than the district's maximum age (the demo seed's accounts are exempt).
 */
async function mustChangePassword(db: D1Database, account: AccountRow, now: string) {
  if (account.must_change_password) return true;
  if (account.password_exempt) return false;
  const org = await loadOrg(db);
  const { passwordMaxDays } = await loadSettings(db, districtOf(org, account.unit));
  return Date.parse(account.password_changed_at) + passwordMaxDays * 86_400_000 <= Date.parse(now);
}

async function sessionFor(c: { env: AppEnv['Bindings'] }, account: AccountRow) {
  const { token, tokenHash } = await newToken();
  const now = nowIso();
  const ttlHours = Number(c.env.TOKEN_TTL_HOURS ?? '12') || 12;
  const expiresAt = new Date(Date.parse(now) + ttlHours * 3_600_000).toISOString();
  const statement = insertSessionStatement(c.env.DB, {
    tokenHash,
    accountId: account.id,
    createdAt: now,
    expiresAt,
  });
  return { token, expiresAt, statement };
}

const tokenAnswer = z.object({ token: z.string(), expiresAt: z.string() });
const loginAnswer = tokenAnswer.extend({ user, mustChangePassword: z.boolean() });
const logoutAnswer = z.object({ ok: z.boolean() });
const meAnswer = z.object({ user });

export const authRoutes = new Hono<AppEnv>()
  .post(
    '/login',
    endpoint('public', { summary: '登录', tag: 'auth', response: loginAnswer }),
    input('json', loginSchema),
    async (c) => {
      const { username, password } = c.req.valid('json');
      const db = c.env.DB;
      const now = nowIso();
      const address = clientAddress(c.env, c.req.raw.headers);
      const account = await findAccountByUsername(db, username);
      // Many failures for the account (from many addresses) or from the address: slowed, not refused.
      const delay = await slowdownMs(db, account?.id ?? null, address, now);
      if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
      if (!account) {
        dummyHash ??= hashPassword('not a password');
        await verifyPassword(password, await dummyHash);
        await recordAddressFailure(db, address, now);
        fail(401, 'BAD_CREDENTIALS');
      }
      await refuseWhileLocked(db, account.id, address, now);
      if (!(await verifyPassword(password, account))) {
        await refuseWrongPassword(db, account.id, address, now);
      }
      if (account.disabled) fail(403, 'ACCOUNT_DISABLED');
      if (!(await unitActive(db, account.unit))) fail(403, 'UNIT_REMOVED');

      const session = await sessionFor(c, account);
      const mustChange = await mustChangePassword(db, account, now);
      await db.batch([
        session.statement,
        mustChangePasswordStatement(db, account.id, mustChange),
        clearFailuresStatement(db, account.id, address),
        auditStatement(db, { actor: account.username, action: 'login', unit: account.unit }),
      ]);
      const org = await loadOrg(db);
      const answer: z.infer<typeof loginAnswer> = {
        token: session.token,
        expiresAt: session.expiresAt,
        user: rowToUser(account, org),
        // The token then serves only to change the password (and to sign out).
        mustChangePassword: mustChange,
      };
      return c.json(answer);
    },
  )
  .use('/logout', requireAuth())
  .post(
    '/logout',
    endpoint('authenticated', {
      summary: '退出登录（令牌作废）',
      tag: 'auth',
      response: logoutAnswer,
    }),
    async (c) => {
      await revokeSession(c.env.DB, c.var.account.tokenHash);
      return c.json({ ok: true } satisfies z.infer<typeof logoutAnswer>);
    },
  )
  .use('/me', requireAuth())
  .get(
    '/me',
    endpoint('authenticated', { summary: '当前用户', tag: 'auth', response: meAnswer }),
    async (c) => {
      const row = await findAccount(c.env.DB, c.var.account.id);
      if (!row) fail(401, 'UNAUTHENTICATED');
      const answer: z.infer<typeof meAnswer> = { user: rowToUser(row, await loadOrg(c.env.DB)) };
      return c.json(answer);
    },
  )
  .use('/password', requireAuth())
  .post(
    '/password',
    endpoint('authenticated', {
      summary: '修改密码（旧令牌全部作废，返回新令牌）',
      tag: 'auth',
      response: tokenAnswer,
    }),
    input('json', passwordSchema),
    async (c) => {
      const { oldPassword, newPassword } = c.req.valid('json');
      const db = c.env.DB;
      const account = await findAccount(db, c.var.account.id);
      if (!account) fail(401, 'UNAUTHENTICATED');
      const now = nowIso();
      // A stolen token must not allow unlimited guesses of the old password: they count as wrong logins.
      const address = clientAddress(c.env, c.req.raw.headers);
      await refuseWhileLocked(db, account.id, address, now);
      if (!(await verifyPassword(oldPassword, account))) {
        await refuseWrongPassword(db, account.id, address, now);
      }
      if (newPassword === oldPassword) fail(422, 'PASSWORD_UNCHANGED');
      checkPasswordPolicy(newPassword, account.username);
      const session = await sessionFor(c, account);
      // Every older token stops working; the caller gets a fresh one.
      await db.batch([
        ownPasswordStatement(db, account.id, await hashPassword(newPassword)),
        revokeSessionsStatement(db, account.id),
        clearFailuresStatement(db, account.id, address),
        session.statement,
        auditStatement(db, { actor: account.username, action: 'password', unit: account.unit }),
      ]);
      const answer: z.infer<typeof tokenAnswer> = {
        token: session.token,
        expiresAt: session.expiresAt,
      };
      return c.json(answer);
    },
  );
