/**
 * The auth middleware: a bearer token is looked up by its SHA-256 hash; an unknown, revoked or
 * expired token is a 401; an account that must change its password first gets 403 everywhere but
 * the password change. Sets `account` (and the request's locale) for the routes.
 */
import type { MiddlewareHandler } from 'hono';
import { sha256Hex } from './crypto.ts';
import { nowIso } from './db.ts';
import type { Account, AppEnv } from './env.ts';
import { fail } from './errors.ts';
import type { Role } from './scope.ts';

interface SessionRow {
  id: number;
  username: string;
  unit: string;
  roles: string;
  disabled: number;
  expires_at: string;
  revoked_at: string | null;
  unit_removed: number;
  must_change_password: number;
}

/** What a session that must change its password may still do. */
const WHILE_CHANGE_REQUIRED = new Set(['/api/auth/password', '/api/auth/me', '/api/auth/logout']);

export function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer\s+([0-9a-f]{64})\s*$/i.exec(header ?? '');
  return match ? match[1]!.toLowerCase() : null;
}

/** Requires a valid session; the routes behind it read `c.var.account`. */
export function requireAuth(): MiddlewareHandler<AppEnv> {
  return async function requireAuth(c, next) {
    const token = bearerToken(c.req.header('Authorization'));
    if (!token) fail(401, 'UNAUTHENTICATED');
    const tokenHash = await sha256Hex(token);
    const row = await c.env.DB.prepare(
      `SELECT a.id, a.username, a.unit, a.roles, a.disabled, a.must_change_password, s.expires_at, s.revoked_at,
              u.code IS NULL OR u.removed_at IS NOT NULL AS unit_removed
         FROM sessions s JOIN accounts a ON a.id = s.account_id
         LEFT JOIN units u ON u.code = a.unit
        WHERE s.token_hash = ?1`,
    )
      .bind(tokenHash)
      .first<SessionRow>();
    // An account of a removed unit loses its access at once, whatever its token says.
    if (row?.unit_removed) fail(401, 'UNIT_REMOVED');
    if (!row || row.revoked_at !== null || row.disabled) fail(401, 'UNAUTHENTICATED');
    if (row.expires_at <= nowIso()) fail(401, 'SESSION_EXPIRED');
    if (row.must_change_password && !WHILE_CHANGE_REQUIRED.has(c.req.path)) {
      fail(403, 'PASSWORD_CHANGE_REQUIRED');
    }
    const account: Account = {
      id: row.id,
      username: row.username,
      unit: row.unit,
      roles: JSON.parse(row.roles) as Role[],
      tokenHash,
    };
    c.set('account', account);
    await next();
  };
}

/** The INSERT of a new session (its token stored only as a hash), for the caller's batch. */
export function insertSessionStatement(
  db: D1Database,
  session: { tokenHash: string; accountId: number; createdAt: string; expiresAt: string },
): D1PreparedStatement {
  return db
    .prepare(
      'INSERT INTO sessions (token_hash, account_id, created_at, expires_at) VALUES (?1, ?2, ?3, ?4)',
    )
    .bind(session.tokenHash, session.accountId, session.createdAt, session.expiresAt);
}

/** Ends one session (sign-out): its token stops working. */
export async function revokeSession(db: D1Database, tokenHash: string): Promise<void> {
  await db
    .prepare('UPDATE sessions SET revoked_at = ?2 WHERE token_hash = ?1')
    .bind(tokenHash, nowIso())
    .run();
}
