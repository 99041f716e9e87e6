/**
 * The OpenAPI 3.1 document of the API, built from what each route declares beside its handler
 * (endpoint.ts: its rule, summary and response schema; its `input()` schemas; decision 0016).
 */
import { z } from 'zod';
import { ENDPOINTS } from './endpoints.ts';
import { errorSchema, json } from './schemas.ts';

const toSchema = (schema: z.ZodType) =>
  z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' });

/** Query parameters of a zod object, one OpenAPI parameter each. */
function queryParameters(schema: z.ZodType) {
  const json = toSchema(schema) as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: 'query',
    required: json.required?.includes(name) ?? false,
    schema: property,
  }));
}

/** What an endpoint declares beside its handler: its documentation and its validators' schemas. */
function describedAs(e: (typeof ENDPOINTS)[number]) {
  const input = (target: string) => e.inputs.find((i) => i.target === target)?.schema;
  return { ...e, query: input('query'), body: input('json') };
}

function operation(e: (typeof ENDPOINTS)[number]) {
  const doc = describedAs(e);
  const pathParams = [...e.path.matchAll(/:(\w+)/g)].map((m) => ({
    name: m[1],
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));
  return {
    summary: doc.summary,
    tags: [doc.tag],
    'x-minqing-rule': e.rule,
    ...(e.rule === 'public' ? { security: [] } : {}),
    parameters: [
      ...pathParams,
      ...(doc.query ? queryParameters(doc.query) : []),
      ...(doc.headers ?? []).map((name) => ({
        name,
        in: 'header',
        required: true,
        schema: { type: 'string' },
      })),
    ],
    ...(doc.body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: toSchema(doc.body) } },
          },
        }
      : {}),
    responses: {
      [String(doc.status ?? 200)]: {
        description: 'OK',
        content: { 'application/json': { schema: toSchema(doc.response ?? json) } },
      },
      default: {
        description: '错误（统一格式）',
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
      },
    },
  };
}

/**
 * The document; its server is relative (`/`): the paths resolve against wherever it was fetched
 * from, and nothing in a request (its Host header) ends up in a document cached for everyone.
 */
export function openApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const e of ENDPOINTS) {
    const path = e.path.replace(/:(\w+)/g, '{$1}');
    paths[path] ??= {};
    paths[path][e.method.toLowerCase()] = operation(e);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: '民情台账 Minqing API',
      version: '0.1.0',
      description:
        '台账提交、逐级审核上报、案件办理与考核。除公开接口外均需 `Authorization: Bearer <token>`；错误统一为 `{ error: { code, message, issues? } }`，`?lang=en` 返回英文消息。',
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: { Error: toSchema(errorSchema) },
    },
    paths,
  };
}
