/**
 * Request validation with zod through Hono's validator, so the typed `hc` client knows each route's
 * input. A mismatch is a 400 `INVALID_REQUEST` naming the first problems.
 */
import type { ValidationTargets } from 'hono';
import { validator } from 'hono/validator';
import type { z } from 'zod';
import { fail } from './errors.ts';

function describe(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`)
    .join('; ');
}

/** Validates one part of the request (`json`, `query`, `param`) against a zod schema. */
export function input<T extends keyof ValidationTargets, S extends z.ZodType>(
  target: T,
  schema: S,
) {
  return validator(target, (value): z.output<S> => {
    const parsed = schema.safeParse(value);
    if (!parsed.success) fail(400, 'INVALID_REQUEST', { detail: describe(parsed.error) });
    return parsed.data;
  });
}
