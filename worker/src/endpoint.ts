/**
 * Each endpoint says, beside its handler, which rule guards it and what it answers (decision 0016):
 *
 *   .get('/', endpoint('units.read', { summary: '组织架构树', tag: 'units', response }),
 *        input('query', unitsQuerySchema), async (c) => …)
 *
 * `endpoint()` is a pass-through middleware that carries the rule and the documentation; `input()`
 * (validate.ts) carries the schema it validates with. `endpointsOf(app)` reads them back from the
 * mounted app's routes, so the role model's table of rules and the OpenAPI document are generated
 * from the one place a route is written, and a route without `endpoint()` is found by a test.
 */
import type { MiddlewareHandler } from 'hono';
import type { z } from 'zod';
import type { Action } from './scope.ts';

/** An action of the role model (checked against a target unit), any signed-in account, or anyone. */
export type Rule = Action | 'authenticated' | 'public';

export interface EndpointDoc {
  /** What it does, in Chinese, one line. */
  summary: string;
  /** The OpenAPI tag (the resource). */
  tag: string;
  /** The success body's schema; its `z.infer` is the handler's answer type. */
  response?: z.ZodType;
  /** The success status, when not 200. */
  status?: number;
  /** Request headers the endpoint requires (e.g. `Idempotency-Key`). */
  headers?: readonly string[];
}

/** Where a validator reads from, as Hono names it. */
export type InputTarget = 'json' | 'query' | 'param' | 'header' | 'form' | 'cookie';

export interface InputMeta {
  target: InputTarget;
  schema: z.ZodType;
}

export interface Endpoint extends EndpointDoc {
  method: string;
  /** The mounted path, Hono style (`/api/cases/:id`). */
  path: string;
  rule: Rule;
  inputs: InputMeta[];
}

const DOC = Symbol('minqing.endpoint');
const INPUT = Symbol('minqing.input');

type Tagged<K extends symbol, V> = { [key in K]?: V };

/** The pass-through middleware that carries an endpoint's rule and documentation. */
export function endpoint(rule: Rule, doc: EndpointDoc): MiddlewareHandler {
  const middleware: MiddlewareHandler = (_c, next) => next();
  return Object.assign(middleware, { [DOC]: { rule, ...doc } });
}

/** Marks a validator middleware with what it validates (used by `input()`). */
export function withInputMeta<M extends object>(middleware: M, meta: InputMeta): M {
  return Object.assign(middleware, { [INPUT]: meta });
}

interface RouteLike {
  method: string;
  path: string;
  handler: unknown;
}

/** `/api/units/` and `/api/units` are the same endpoint. */
const normalise = (path: string) => (path.length > 1 ? path.replace(/\/$/, '') : path);

/**
 * Every endpoint of the app, in mounting order, with its rule, documentation and inputs. A route
 * registered without `endpoint()` is listed with `rule: undefined` so the tests can name it.
 */
export function endpointsOf(app: { routes: readonly RouteLike[] }): (Omit<Endpoint, 'rule'> & {
  rule: Rule | undefined;
})[] {
  const found = new Map<
    string,
    Omit<Endpoint, 'rule' | 'summary' | 'tag'> &
      Partial<EndpointDoc> & {
        rule: Rule | undefined;
      }
  >();
  for (const route of app.routes) {
    if (route.method === 'ALL') continue;
    const path = normalise(route.path);
    const key = `${route.method} ${path}`;
    const entry = found.get(key) ?? { method: route.method, path, rule: undefined, inputs: [] };
    found.set(key, entry);
    const handler = route.handler as Tagged<typeof DOC, { rule: Rule } & EndpointDoc> &
      Tagged<typeof INPUT, InputMeta>;
    const doc = handler[DOC];
    if (doc) Object.assign(entry, doc);
    const input = handler[INPUT];
    if (input) entry.inputs.push(input);
  }
  return [...found.values()].map((entry) => ({
    ...entry,
    summary: entry.summary ?? `${entry.method} ${entry.path}`,
    tag: entry.tag ?? 'other',
  }));
}

/** `METHOD /path` → rule, for every endpoint that declares one. */
export function rulesOf(app: { routes: readonly RouteLike[] }): Record<string, Rule> {
  const rules: Record<string, Rule> = {};
  for (const e of endpointsOf(app)) if (e.rule) rules[`${e.method} ${e.path}`] = e.rule;
  return rules;
}
