/** The Worker's bindings and the per-request values its middleware sets. */
import type { Locale } from '../../shared/i18n.ts';
import type { Role } from './scope.ts';

export interface Env {
  DB: D1Database;
  /** Lifetime of a login token, in hours (wrangler.jsonc `vars`). */
  TOKEN_TTL_HOURS?: string;
  /** `true` only in local development: allows `POST /api/admin/bootstrap` on an empty database. */
  ALLOW_BOOTSTRAP?: string;
  /**
   * `cloudflare` only on a Worker deployed to Cloudflare (`npm run deploy` sets it): then Cloudflare
   * sets `CF-Connecting-IP` and the lockout trusts it. Under `wrangler dev` or a self-hosted
   * `workerd` any client could write that header, so it is ignored (docs/decisions/0006).
   */
  DEPLOYMENT?: string;
}

/** The logged-in account, as the auth middleware finds it. */
export interface Account {
  id: number;
  username: string;
  unit: string;
  roles: Role[];
  tokenHash: string;
}

export interface AppEnv {
  Bindings: Env;
  Variables: { account: Account; locale: Locale };
}
