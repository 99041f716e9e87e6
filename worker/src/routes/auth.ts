/**
 * Login, logout, the current user and password change. Wrong passwords — at login or as the old
 * password of a change — lock the account for a while (per account) and too many failures from one
 * address are refused for a while (per address). A new password follows the password policy.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import {
  type AccountRow,
  checkPasswordPolicy,
  findAccount,
  findAccountByUsername,
  revokeSessionsStatement,
  rowToUser,
} from '../accounts.ts';
import { requireAuth } from '../auth.ts';
import { hashPassword, newToken, verifyPassword } from '../crypto.ts';
import { auditStatement, chinaTime, loadOrg, nowIso } from '../db.ts';
import { districtOf, loadSettings } from '../district-rules.ts';
import type { AppEnv } from '../env.ts';
import { fail } from '../errors.ts';
import { input } from '../validate.ts';

/** Wrong passwords in a row before an account locks, and for how long. */
export const ACCOUNT_MAX_FAILURES = 5;
export const ACCOUNT_LOCK_MINUTES = 15;
/** Failed logins from one address within the window before it is refused. */
export const ADDRESS_MAX_FAILURES = 20;
export const ADDRESS_WINDOW_MINUTES = 15;

const MINUTE = 60_000;
const minutesFrom = (iso: string, minutes: number) =>
  new Date(Date.parse(iso) + minutes * MINUTE).toISOString();

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

function clientAddress(headers: Headers): string {
  return headers.get('CF-Connecting-IP') ?? headers.get('X-Forwarded-For') ?? 'local';
}

async function recordAddressFailure(db: D1Database, address: string, now: string): Promise<void> {
  const windowStart = minutesFrom(now, -ADDRESS_WINDOW_MINUTES);
  await db
    .prepare(
      `INSERT INTO login_failures (address, window_start, failures) VALUES (?1, ?2, 1)
       ON CONFLICT (address) DO UPDATE SET
         failures = CASE WHEN window_start < ?3 THEN 1 ELSE failures + 1 END,
         window_start = CASE WHEN window_start < ?3 THEN ?2 ELSE window_start END`,
    )
    .bind(address, now, windowStart)
    .run();
}

/** A wrong password for `account`: counted toward its lock; 401, or 429 when it now locks. */
async function refuseWrongPassword(
  db: D1Database,
  account: AccountRow,
  now: string,
): Promise<never> {
  const failures = account.failed_logins + 1;
  const locks = failures >= ACCOUNT_MAX_FAILURES;
  const lockedUntil = locks ? minutesFrom(now, ACCOUNT_LOCK_MINUTES) : null;
  await db
    .prepare('UPDATE accounts SET failed_logins = ?2, locked_until = ?3 WHERE id = ?1')
    .bind(account.id, locks ? 0 : failures, lockedUntil)
    .run();
  if (lockedUntil) fail(429, 'ACCOUNT_LOCKED', { until: chinaTime(lockedUntil) });
  fail(401, 'BAD_CREDENTIALS');
}

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
  const statement = c.env.DB.prepare(
    'INSERT INTO sessions (token_hash, account_id, created_at, expires_at) VALUES (?1, ?2, ?3, ?4)',
  ).bind(tokenHash, account.id, now, expiresAt);
  return { token, expiresAt, statement };
}

export const authRoutes = new Hono<AppEnv>()
  .post('/login', input('json', loginSchema), async (c) => {
    const { username, password } = c.req.valid('json');
    const db = c.env.DB;
    const now = nowIso();
    const address = clientAddress(c.req.raw.headers);
    const limit = await db
      .prepare('SELECT window_start, failures FROM login_failures WHERE address = ?1')
      .bind(address)
      .first<{ window_start: string; failures: number }>();
    if (
      limit &&
      limit.failures >= ADDRESS_MAX_FAILURES &&
      limit.window_start >= minutesFrom(now, -ADDRESS_WINDOW_MINUTES)
    ) {
      const until = minutesFrom(limit.window_start, ADDRESS_WINDOW_MINUTES);
      fail(429, 'TOO_MANY_ATTEMPTS', { until: chinaTime(until) });
    }

    const account = await findAccountByUsername(db, username);
    if (!account) {
      dummyHash ??= hashPassword('not a password');
      await verifyPassword(password, await dummyHash);
      await recordAddressFailure(db, address, now);
      fail(401, 'BAD_CREDENTIALS');
    }
    if (account.locked_until && account.locked_until > now) {
      fail(429, 'ACCOUNT_LOCKED', { until: chinaTime(account.locked_until) });
    }
    if (!(await verifyPassword(password, account))) {
      await recordAddressFailure(db, address, now);
      await refuseWrongPassword(db, account, now);
    }
    if (account.disabled) fail(403, 'ACCOUNT_DISABLED');
    const unit = await db
      .prepare('SELECT removed_at FROM units WHERE code = ?1')
      .bind(account.unit)
      .first<{ removed_at: string | null }>();
    if (!unit || unit.removed_at !== null) fail(403, 'UNIT_REMOVED');

    const session = await sessionFor(c, account);
    const mustChange = await mustChangePassword(db, account, now);
    await db.batch([
      session.statement,
      db
        .prepare(
          'UPDATE accounts SET failed_logins = 0, locked_until = NULL, must_change_password = ?2 WHERE id = ?1',
        )
        .bind(account.id, mustChange ? 1 : 0),
      auditStatement(db, { actor: account.username, action: 'login', unit: account.unit }),
    ]);
    const org = await loadOrg(db);
    return c.json({
      token: session.token,
      expiresAt: session.expiresAt,
      user: rowToUser(account, org),
      // The token then serves only to change the password (and to sign out).
      mustChangePassword: mustChange,
    });
  })
  .use('/logout', requireAuth())
  .post('/logout', async (c) => {
    await c.env.DB.prepare('UPDATE sessions SET revoked_at = ?2 WHERE token_hash = ?1')
      .bind(c.var.account.tokenHash, nowIso())
      .run();
    return c.json({ ok: true });
  })
  .use('/me', requireAuth())
  .get('/me', async (c) => {
    const row = await findAccount(c.env.DB, c.var.account.id);
    if (!row) fail(401, 'UNAUTHENTICATED');
    return c.json({ user: rowToUser(row, await loadOrg(c.env.DB)) });
  })
  .use('/password', requireAuth())
  .post('/password', input('json', passwordSchema), async (c) => {
    const { oldPassword, newPassword } = c.req.valid('json');
    const db = c.env.DB;
    const account = await findAccount(db, c.var.account.id);
    if (!account) fail(401, 'UNAUTHENTICATED');
    const now = nowIso();
    // A stolen token must not allow unlimited guesses of the old password: they count as wrong logins.
    if (account.locked_until && account.locked_until > now) {
      fail(429, 'ACCOUNT_LOCKED', { until: chinaTime(account.locked_until) });
    }
    if (!(await verifyPassword(oldPassword, account))) await refuseWrongPassword(db, account, now);
    if (newPassword === oldPassword) fail(422, 'PASSWORD_UNCHANGED');
    checkPasswordPolicy(newPassword, account.username);
    const { salt, hash, iterations } = await hashPassword(newPassword);
    const session = await sessionFor(c, account);
    // Every older token stops working; the caller gets a fresh one.
    await db.batch([
      db
        .prepare(
          `UPDATE accounts SET salt = ?2, hash = ?3, iterations = ?4, password_changed_at = ?5,
             must_change_password = 0, password_exempt = 0, failed_logins = 0 WHERE id = ?1`,
        )
        .bind(account.id, salt, hash, iterations, nowIso()),
      revokeSessionsStatement(db, account.id),
      session.statement,
      auditStatement(db, { actor: account.username, action: 'password', unit: account.unit }),
    ]);
    return c.json({ token: session.token, expiresAt: session.expiresAt });
  });
