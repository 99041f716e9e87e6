/**
 * The Minqing Worker's entry: every ledger stored in D1, accounts and unit scopes, submissions up
 * the levels (the app is in app.ts), and the daily escalation sweep on the Cron Trigger. Only
 * handlers may be exported here: workerd treats each named export as an entrypoint.
 */
import { app } from './app.ts';
import type { Env } from './env.ts';
import { scheduledSweep } from './sweep.ts';

export type { AppType } from './app.ts';

export default {
  fetch: app.fetch,
  async scheduled(controller, env, ctx) {
    // The daily escalation sweep (docs/rules.md, The ladder): climbs kept on each case's ladder row, idempotent per day.
    ctx.waitUntil(scheduledSweep(env.DB, controller.scheduledTime));
  },
} satisfies ExportedHandler<Env>;
