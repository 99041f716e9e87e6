/**
 * The Minqing Worker: every ledger stored in D1, accounts and unit scopes, submissions up the levels.
 * One sub-app per resource, mounted under `/api`; `AppType` gives the add-in and the CLI a typed
 * `hc` client. Errors all take the one shape of errors.ts.
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv, Env } from './env.ts';
import { fail, notFound, onError } from './errors.ts';
import { accountRoutes } from './routes/accounts.ts';
import { adminRoutes } from './routes/admin.ts';
import { authRoutes } from './routes/auth.ts';
import { healthRoutes } from './routes/health.ts';
import { unitRoutes } from './routes/units.ts';

/** Largest request body: a 20,000-row ledger as JSON fits; everything else is far smaller. */
export const MAX_SUBMISSION_BYTES = 64 * 1024 * 1024;
export const MAX_BODY_BYTES = 2 * 1024 * 1024;

const tooLarge = (limit: number) => () =>
  fail(413, 'PAYLOAD_TOO_LARGE', { limit: `${Math.round(limit / 1024 / 1024)} MB` });

const app = new Hono<AppEnv>()
  .use(
    '/api/submissions',
    bodyLimit({ maxSize: MAX_SUBMISSION_BYTES, onError: tooLarge(MAX_SUBMISSION_BYTES) }),
  )
  .use('/api/*', async (c, next) => {
    if (c.req.path === '/api/submissions') return next();
    return bodyLimit({ maxSize: MAX_BODY_BYTES, onError: tooLarge(MAX_BODY_BYTES) })(c, next);
  })
  .route('/api/health', healthRoutes)
  .route('/api/auth', authRoutes)
  .route('/api/admin', adminRoutes)
  .route('/api/units', unitRoutes)
  .route('/api/accounts', accountRoutes);

app.onError(onError);
app.notFound(notFound);

export type AppType = typeof app;
export { app };

export default {
  fetch: app.fetch,
  async scheduled(_controller, _env, _ctx) {
    // The daily escalation sweep (issue 5) hooks in here.
  },
} satisfies ExportedHandler<Env>;
