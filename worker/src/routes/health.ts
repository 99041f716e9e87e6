/**
 * `GET /api/health`: the Worker answers and D1 is reachable. Public, so it says nothing more than
 * that (no counts, no clock): an outsider learns only that the service is up.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { pingDatabase } from '../db.ts';
import { endpoint } from '../endpoint.ts';
import type { AppEnv } from '../env.ts';

const healthResponse = z.object({ ok: z.boolean() });

export const healthRoutes = new Hono<AppEnv>().get(
  '/',
  endpoint('public', { summary: '健康检查', tag: 'system', response: healthResponse }),
  async (c) => {
    await pingDatabase(c.env.DB);
    return c.json({ ok: true } satisfies z.infer<typeof healthResponse>);
  },
);
