/**
 * Request validation with zod through Hono's validator, so the typed `hc` client knows each route's
 * input. A mismatch is a 400 `INVALID_REQUEST` naming the first problems; a body not sent as JSON
 * is a 415.
 */
import type { Context, ValidationTargets } from 'hono';
import { validator } from 'hono/validator';
import type { z } from 'zod';
import { type InputTarget, withInputMeta } from './endpoint.ts';
import { fail } from './errors.ts';

function describe(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`)
    .join('; ');
}

const JSON_TYPE = /^application\/([\w.-]+\+)?json\s*(;|$)/i;

/**
 * A body that is not declared JSON: Hono would read it as `{}` and let a route with optional fields
 * act on nothing the caller meant. (A request without any body is read as `{}`.)
 */
function undeclaredBody(c: Context): boolean {
  if (JSON_TYPE.test(c.req.header('Content-Type') ?? '')) return false;
  return c.req.raw.body !== null && c.req.header('Content-Length') !== '0';
}

/**
 * Validates one part of the request (`json`, `query`, `param`) against a zod schema; the schema
 * also documents the endpoint (endpoint.ts).
 */
export function input<T extends keyof ValidationTargets & InputTarget, S extends z.ZodType>(
  target: T,
  schema: S,
) {
  const middleware = validator(target, (value, c): z.output<S> => {
    if (target === 'json' && undeclaredBody(c)) fail(415, 'UNSUPPORTED_MEDIA_TYPE');
    const parsed = schema.safeParse(value);
    if (!parsed.success) fail(400, 'INVALID_REQUEST', { detail: describe(parsed.error) });
    return parsed.data;
  });
  return withInputMeta(middleware, { target, schema });
}
