/**
 * Helpers for the Worker's tests: requests through the real app with the test D1 binding, the demo
 * org with one account per unit (password hashed once and reused, to keep files fast), logins.
 */
import { env } from 'cloudflare:workers';
import orgCsv from '../../data/demo-org.csv?raw';
import { parseOrgCsv } from '../../shared/org.ts';
import { defaultRoles } from '../src/accounts.ts';
import { app } from '../src/app.ts';
import { hashPassword } from '../src/crypto.ts';
import type { Env } from '../src/env.ts';
import { parentsFirst } from '../src/units.ts';

export const PASSWORD = 'minqing-demo';
/** As `npm start` runs it (bootstrap allowed), with requests as Cloudflare passes them on. */
export const testEnv = {
  ...(env as unknown as Env),
  ALLOW_BOOTSTRAP: 'true',
  DEPLOYMENT: 'cloudflare',
} as Env;
export const DEMO_ORG_CSV: string = orgCsv;
export const DEMO_UNITS = parseOrgCsv(orgCsv);

/** A request to the app at http://localhost. `json` sets the body and its content type. */
export function api(
  path: string,
  init: RequestInit & { json?: unknown; token?: string } = {},
): Promise<Response> {
  const { json, token, ...rest } = init;
  const headers = new Headers(rest.headers);
  if (json !== undefined) headers.set('Content-Type', 'application/json');
  if (token) headers.set('Authorization', `Bearer ${token}`);
  return Promise.resolve(
    app.request(
      `http://localhost${path}`,
      { ...rest, headers, ...(json !== undefined ? { body: JSON.stringify(json) } : {}) },
      testEnv,
    ),
  );
}

let seeded: Promise<void> | null = null;

/**
 * The demo org and one account per unit (username = code, roles by kind), written straight into
 * D1 once per test file. All accounts share one salt so PBKDF2 runs once.
 */
export function seedDemoOrg(): Promise<void> {
  seeded ??= (async () => {
    const db = testEnv.DB;
    const { salt, hash, iterations } = await hashPassword(PASSWORD);
    const now = new Date().toISOString();
    await db.batch([
      ...parentsFirst(DEMO_UNITS).map((u) =>
        db
          .prepare(
            'INSERT INTO units (code, name, kind, parent, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?5)',
          )
          .bind(u.code, u.name, u.kind, u.parent, now),
      ),
      ...DEMO_UNITS.map((u) =>
        db
          .prepare(
            `INSERT INTO accounts (username, unit, roles, salt, hash, iterations, password_changed_at, created_at)
             VALUES (?1, ?1, ?2, ?3, ?4, ?5, ?6, ?6)`,
          )
          .bind(u.code, JSON.stringify(defaultRoles(u.kind)), salt, hash, iterations, now),
      ),
    ]);
  })();
  return seeded;
}

const tokens = new Map<string, string>();

/** Logs in as `username` (cached per test file) and returns the bearer token. */
export async function login(username: string, password = PASSWORD): Promise<string> {
  const cached = tokens.get(username);
  if (cached && password === PASSWORD) return cached;
  const res = await api('/api/auth/login', { method: 'POST', json: { username, password } });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  const { token } = (await res.json()) as { token: string };
  if (password === PASSWORD) tokens.set(username, token);
  return token;
}

/** Forgets cached tokens (after a test revokes them). */
export function forgetTokens(): void {
  tokens.clear();
}

export async function body<T = Record<string, unknown>>(res: Response): Promise<T> {
  return (await res.json()) as T;
}
