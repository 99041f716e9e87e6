/**
 * Wrong passwords, per account and address (docs/decisions/0006). Five in a row lock the account
 * from that address for 15 minutes; the account stays open from everywhere else, so a stranger
 * cannot lock a district's account for everyone. An account failing from many addresses, and an
 * address failing for many accounts (a whole office behind one government-network address), are
 * slowed, never blocked. The address is Cloudflare's `CF-Connecting-IP` only on a Worker deployed
 * to Cloudflare (`DEPLOYMENT` = `cloudflare`); anywhere else a client could write that header.
 */
import { chinaTime } from './db.ts';
import type { Env } from './env.ts';
import { fail } from './errors.ts';

/** Wrong passwords in a row from one address before the account locks there, and for how long. */
export const ACCOUNT_MAX_FAILURES = 5;
export const ACCOUNT_LOCK_MINUTES = 15;
/** Window in which failures from many addresses, or from one address, slow the next attempts. */
export const WINDOW_MINUTES = 15;
/** An account failing from more addresses than this within the window is slowed. */
export const ACCOUNT_SLOW_ADDRESSES = 2;
/** An address with more failures than this within the window is slowed. */
export const ADDRESS_SLOW_FAILURES = 20;
/** Each address or failure beyond those limits adds this much delay, up to the maximum. */
export const SLOW_STEP_MS = 1_000;
export const MAX_SLOW_MS = 5_000;

const MINUTE = 60_000;
const minutesFrom = (iso: string, minutes: number) =>
  new Date(Date.parse(iso) + minutes * MINUTE).toISOString();

/** The client's address: set by Cloudflare when deployed there; otherwise not known. */
export function clientAddress(env: Env, headers: Headers): string {
  if (env.DEPLOYMENT === 'cloudflare') return headers.get('CF-Connecting-IP') ?? 'unknown';
  return 'unknown';
}

/** Throws 429 while the account is locked from this address. */
export async function refuseWhileLocked(
  db: D1Database,
  accountId: number,
  address: string,
  now: string,
): Promise<void> {
  const row = await db
    .prepare('SELECT locked_until FROM account_failures WHERE account_id = ?1 AND address = ?2')
    .bind(accountId, address)
    .first<{ locked_until: string | null }>();
  if (row?.locked_until && row.locked_until > now) {
    fail(429, 'ACCOUNT_LOCKED', { until: chinaTime(row.locked_until) });
  }
}

/**
 * How long to hold a login attempt back: by how many addresses the account failed from, and how
 * many failures the address had, within the window. 0 for ordinary use.
 */
export async function slowdownMs(
  db: D1Database,
  accountId: number | null,
  address: string,
  now: string,
): Promise<number> {
  const since = minutesFrom(now, -WINDOW_MINUTES);
  const row = await db
    .prepare(
      `SELECT (SELECT count(*) FROM account_failures WHERE account_id = ?1 AND last_failed_at >= ?3) AS addresses,
              (SELECT failures FROM login_failures WHERE address = ?2 AND window_start >= ?3) AS failures`,
    )
    .bind(accountId, address, since)
    .first<{ addresses: number; failures: number | null }>();
  const excess =
    Math.max(0, (row?.addresses ?? 0) - ACCOUNT_SLOW_ADDRESSES) +
    Math.max(0, (row?.failures ?? 0) - ADDRESS_SLOW_FAILURES);
  return Math.min(MAX_SLOW_MS, excess * SLOW_STEP_MS);
}

/** Records a failed login from `address` (any username), for slowing that address. */
export async function recordAddressFailure(
  db: D1Database,
  address: string,
  now: string,
): Promise<void> {
  await db
    .prepare(
      `INSERT INTO login_failures (address, window_start, failures) VALUES (?1, ?2, 1)
       ON CONFLICT (address) DO UPDATE SET
         failures = CASE WHEN window_start < ?3 THEN 1 ELSE failures + 1 END,
         window_start = CASE WHEN window_start < ?3 THEN ?2 ELSE window_start END`,
    )
    .bind(address, now, minutesFrom(now, -WINDOW_MINUTES))
    .run();
}

/**
 * A wrong password for the account from `address` (at login, or as the old password of a change):
 * counted, then 401 — or 429 when it is the fifth in a row and the account locks there.
 */
export async function refuseWrongPassword(
  db: D1Database,
  accountId: number,
  address: string,
  now: string,
): Promise<never> {
  await recordAddressFailure(db, address, now);
  const row = await db
    .prepare(
      `INSERT INTO account_failures (account_id, address, failures, locked_until, last_failed_at)
       VALUES (?1, ?2, 1, NULL, ?3)
       ON CONFLICT (account_id, address) DO UPDATE SET
         failures = CASE WHEN locked_until IS NOT NULL THEN 1 ELSE failures + 1 END,
         locked_until = CASE WHEN locked_until IS NULL AND failures + 1 >= ?5 THEN ?4 END,
         last_failed_at = ?3
       RETURNING locked_until`,
    )
    .bind(accountId, address, now, minutesFrom(now, ACCOUNT_LOCK_MINUTES), ACCOUNT_MAX_FAILURES)
    .first<{ locked_until: string | null }>();
  if (row?.locked_until) fail(429, 'ACCOUNT_LOCKED', { until: chinaTime(row.locked_until) });
  fail(401, 'BAD_CREDENTIALS');
}

/** A successful sign-in from `address` clears that address's count for the account. */
export function clearFailuresStatement(
  db: D1Database,
  accountId: number,
  address: string,
): D1PreparedStatement {
  return db
    .prepare('DELETE FROM account_failures WHERE account_id = ?1 AND address = ?2')
    .bind(accountId, address);
}
