/**
 * `GET /api/health`: the Worker answers and D1 is reachable. Public, so it says nothing more than
 * that (no counts, no clock): an outsider learns only that the service is up.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../env.ts';

export const healthRoutes = new Hono<AppEnv>().get('/', async (c) => {
  await c.env.DB.prepare('SELECT 1').first();
  return c.json({ ok: true });
});
