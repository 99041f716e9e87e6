/**
 * Every endpoint of the mounted app with the rule that guards it, read from the routes themselves
 * (endpoint.ts, decision 0016). Imported by the OpenAPI document and the tests, never by a route
 * (the app imports the routes).
 */
import { app } from './app.ts';
import { type Endpoint, endpointsOf, type Rule } from './endpoint.ts';

export const ENDPOINTS: readonly (Omit<Endpoint, 'rule'> & { rule: Rule | undefined })[] =
  endpointsOf(app);

/** `METHOD /path` → rule; an endpoint without one is missing here, which the scope test names. */
export const ENDPOINT_RULES: Record<string, Rule> = Object.fromEntries(
  ENDPOINTS.flatMap((e) => (e.rule ? [[`${e.method} ${e.path}`, e.rule]] : [])),
);
