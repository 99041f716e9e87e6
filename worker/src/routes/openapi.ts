/**
 * `GET /api/openapi.json`: the OpenAPI document, generated once per isolate from the zod schemas.
 * Signed-in accounts only: nothing but login and health answers without authentication.
 */
import { Hono } from 'hono';
import { requireAuth } from '../auth.ts';
import { endpoint } from '../endpoint.ts';
import type { AppEnv } from '../env.ts';
import { json } from '../schemas.ts';

let document: unknown = null;

export const openApiRoutes = new Hono<AppEnv>()
  .use(requireAuth())
  .get(
    '/',
    endpoint('authenticated', { summary: '本文档 (OpenAPI 3.1)', tag: 'system', response: json }),
    async (c) => {
      // Loaded on first use: the document reads the mounted app, which mounts this route.
      document ??= (await import('../openapi.ts')).openApiDocument();
      return c.json(document as Record<string, unknown>);
    },
  );
