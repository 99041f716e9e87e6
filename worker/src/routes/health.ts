/** `GET /api/health`: the Worker answers and D1 is reachable. */
import { Hono } from 'hono';
import type { AppEnv } from '../env.ts';

export const healthRoutes = new Hono<AppEnv>().get('/', async (c) => {
  const row = await c.env.DB.prepare('SELECT count(*) AS units FROM units').first<{
    units: number;
  }>();
  return c.json({ ok: true, units: row?.units ?? 0, time: new Date().toISOString() });
});
