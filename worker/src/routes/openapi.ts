/**
 * `GET /api/openapi.json`: the OpenAPI document, generated once per isolate from the zod schemas.
 * Signed-in accounts only: nothing but login and health answers without authentication.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { requireAuth } from '../auth.ts';
import { endpoint } from '../endpoint.ts';
import type { AppEnv } from '../env.ts';
import type { openApiDocument } from '../openapi.ts';
import { json } from '../schemas.ts';

/** The document's head; its paths hold every endpoint's operation (OpenAPI 3.1 describes those). */
export const openApiAnswer = z.looseObject({
  openapi: z.string(),
  info: z.object({ title: z.string(), version: z.string(), description: z.string() }),
  paths: z.record(z.string(), json).describe('each path’s operations by method'),
});

let document: ReturnType<typeof openApiDocument> | null = null;

export const openApiRoutes = new Hono<AppEnv>().use(requireAuth()).get(
  '/',
  endpoint('authenticated', {
    summary: '本文档 (OpenAPI 3.1)',
    tag: 'system',
    response: openApiAnswer,
  }),
  async (c) => {
    // Loaded on first use: the document reads the mounted app, which mounts this route.
    document ??= (await import('../openapi.ts')).openApiDocument();
    return c.json(document satisfies z.infer<typeof openApiAnswer>);
  },
);
