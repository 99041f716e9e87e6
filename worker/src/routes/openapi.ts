/**
 * `GET /api/openapi.json`: the OpenAPI document, generated once per isolate from the zod schemas.
 * Signed-in accounts only: nothing but login and health answers without authentication.
 */
import { Hono } from 'hono';
import { requireAuth } from '../auth.ts';
import type { AppEnv } from '../env.ts';
import { openApiDocument } from '../openapi.ts';

let document: ReturnType<typeof openApiDocument> | null = null;

export const openApiRoutes = new Hono<AppEnv>().use(requireAuth()).get('/', (c) => {
  document ??= openApiDocument();
  return c.json(document);
});
