/**
 * Every endpoint of the mounted app with the rule that guards it, read from the routes themselves
 * (endpoint.ts). Routes that do not declare themselves yet keep their rule in scope.ts's
 * `UNDECLARED_RULES`, which shrinks as they move. Imported by the OpenAPI document and the tests,
 * never by a route (the app imports the routes).
 */
import { app } from './app.ts';
import { type Endpoint, endpointsOf, type Rule } from './endpoint.ts';
import { UNDECLARED_RULES } from './scope.ts';

export const ENDPOINTS: readonly (Omit<Endpoint, 'rule'> & { rule: Rule | undefined })[] =
  endpointsOf(app).map((e) => ({
    ...e,
    rule: e.rule ?? UNDECLARED_RULES[`${e.method} ${e.path}`],
  }));

/** `METHOD /path` → rule; an endpoint without one is missing here, which the scope test names. */
export const ENDPOINT_RULES: Record<string, Rule> = Object.fromEntries(
  ENDPOINTS.flatMap((e) => (e.rule ? [[`${e.method} ${e.path}`, e.rule]] : [])),
);
