/**
 * The OpenAPI 3.1 document of the API, built from what each route declares beside its handler
 * (endpoint.ts: its rule, summary and response schema; its `input()` schemas). Routes that do not
 * declare themselves yet are described by `ROUTE_DOCS` below, which shrinks as they move.
 */
import { z } from 'zod';
import type { EndpointDoc } from './endpoint.ts';
import { ENDPOINTS } from './endpoints.ts';
import { assessmentQuerySchema } from './routes/assessment.ts';
import {
  appealAnswerSchema,
  appealSchema,
  appealsQuerySchema,
} from './routes/assessment-appeals.ts';
import { explainQuerySchema } from './routes/assessment-explain.ts';
import {
  finaliseSchema,
  reviseSchema,
  revisionsQuerySchema,
} from './routes/assessment-revisions.ts';
import { scoresQuerySchema } from './routes/scores.ts';
import { errorSchema, json } from './schemas.ts';

interface RouteDoc extends EndpointDoc {
  query?: z.ZodType;
  body?: z.ZodType;
}

export const ROUTE_DOCS: Record<string, RouteDoc> = {
  'GET /api/scores': {
    summary: '考核得分（答复率、按期办结率、满意率、综合得分）',
    tag: 'scores',
    query: scoresQuerySchema,
    response: json,
  },
  'GET /api/reports/frequent': {
    summary: '多发性、普遍性、经常性问题',
    tag: 'scores',
    query: z.object({ unit: z.string().optional(), month: z.string().optional() }),
    response: json,
  },
  'GET /api/supervision': {
    summary: '督办清单',
    tag: 'scores',
    query: z.object({ unit: z.string().optional(), asOf: z.string().optional() }),
    response: json,
  },
  'GET /api/due-soon': {
    summary: '临期清单（今后若干个工作日内到期的答复与办结，按单位或部门）',
    tag: 'scores',
    query: z.object({ unit: z.string().optional(), asOf: z.string().optional() }),
    response: z.object({
      unit: z.string(),
      asOf: z.string(),
      days: z.number().describe('the district setting dueSoonDays (working days)'),
      until: z.string(),
      items: z.array(
        z.object({
          id: z.number(),
          caseNo: z.string(),
          unit: z.string(),
          area: z.string().nullable(),
          due: z.string(),
          kind: z.enum(['reply', 'resolution']),
          calendarGap: z.boolean(),
        }),
      ),
      calendarGaps: z.array(z.number()),
    }),
  },
  'GET /api/visits/compliance': {
    summary: '走访“六个一遍”完成情况（今日逾期与按期覆盖率、定点联系日出勤）',
    tag: 'scores',
    query: z.object({
      unit: z.string().optional(),
      asOf: z.string().optional(),
      period: z.string().optional(),
    }),
    response: json,
  },
  'GET /api/assessment': {
    summary:
      '年度考核名单（单位、职能部门或干部：四率、综合得分、测评得分、总分、等次、排名、同比）',
    tag: 'scores',
    query: assessmentQuerySchema,
    response: json,
  },
  'GET /api/assessment/explain': {
    summary:
      '考核名单中一个对象的一项指标的依据：计入的案件（应答复/应办结日期、逾期或未办结）、测评记录、应走访而未走访的期间；居民姓名按查看者权限脱敏',
    tag: 'scores',
    query: explainQuerySchema,
    response: json,
  },
  'POST /api/assessment/finalise': {
    summary:
      '年度考核名单定稿（区审核员或管理员）：冻结名单、所用设置、签发人与时间；此后 GET /api/assessment 返回定稿版本，不再重算',
    tag: 'scores',
    body: finaliseSchema,
    response: json,
    status: 201,
  },
  'GET /api/assessment/revisions': {
    summary: '考核名单的各版（定稿及其后的更正）：版本号、签发人、时间、更正理由、对应申诉',
    tag: 'scores',
    query: revisionsQuerySchema,
    response: json,
  },
  'POST /api/assessment/revisions': {
    summary:
      '更正已定稿的考核名单（区审核员或管理员）：按现有记录重算为新的一版，须写明理由；旧版保留',
    tag: 'scores',
    body: reviseSchema,
    response: json,
    status: 201,
  },
  'GET /api/assessment/appeals': {
    summary: '考核申诉及其答复（各步骤日期）；区看全部，单位看本单位名单上的',
    tag: 'scores',
    query: appealsQuerySchema,
    response: json,
  },
  'POST /api/assessment/appeals': {
    summary: '对定稿名单中本单位（或本单位干部）的一项指标提出申诉：理由与有异议的记录',
    tag: 'scores',
    body: appealSchema,
    response: json,
    status: 201,
  },
  'POST /api/assessment/appeals/:id/answer': {
    summary: '区答复申诉：成立（按现有记录生成新的一版）或不成立（写明理由）',
    tag: 'scores',
    body: appealAnswerSchema,
    response: json,
  },
};

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

/** What the document needs of an endpoint, declared beside it or (for now) in `ROUTE_DOCS`. */
function describedAs(e: (typeof ENDPOINTS)[number]): RouteDoc {
  const legacy = ROUTE_DOCS[`${e.method} ${e.path}`];
  if (legacy) return legacy;
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
