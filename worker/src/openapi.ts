/**
 * The OpenAPI 3.1 document of the API, built from what each route declares beside its handler
 * (endpoint.ts: its rule, summary and response schema; its `input()` schemas). Routes that do not
 * declare themselves yet are described by `ROUTE_DOCS` below, which shrinks as they move.
 */
import { z } from 'zod';
import { LEDGER_KINDS, LEDGERS } from '../../shared/ledgers/index.ts';
import { settingsPatchSchema } from '../../shared/settings.ts';
import { yearSettingsPatchSchema } from '../../shared/year-settings.ts';
import type { EndpointDoc } from './endpoint.ts';
import { ENDPOINTS } from './endpoints.ts';
import { listQuerySchema } from './records.ts';
import { accountCreateSchema, accountPatchSchema } from './routes/accounts.ts';
import { bootstrapSchema } from './routes/admin.ts';
import { loginSchema, passwordSchema } from './routes/auth.ts';
import { calendarImportSchema } from './routes/calendar.ts';
import { casePatchSchema } from './routes/cases.ts';
import { dispatchSchema, extensionSchema, sendBackSchema } from './routes/dispatch.ts';
import { referralSchema } from './routes/referrals.ts';
import {
  forwardSchema,
  returnSchema,
  submissionSchema,
  submissionsQuerySchema,
} from './routes/submissions.ts';
import { sweepSchema } from './routes/sweep.ts';
import {
  errorSchema,
  event,
  json,
  pageOf,
  receipt,
  recordSchema,
  submission,
  unitQuery,
  user,
} from './schemas.ts';

interface RouteDoc extends EndpointDoc {
  query?: z.ZodType;
  body?: z.ZodType;
}

const ledgerDocs = Object.fromEntries(
  LEDGER_KINDS.flatMap((kind) => {
    const path = {
      case: 'cases',
      household: 'households',
      visit: 'visits',
      evaluation: 'evaluations',
      cadre: 'cadres',
    }[kind];
    const label = LEDGERS[kind].label.zh;
    const record = recordSchema(kind);
    return [
      [
        `GET /api/${path}`,
        {
          summary: `${label}：列表（筛选、排序、分页）`,
          tag: 'records',
          query: listQuerySchema(kind),
          response: pageOf(record),
        },
      ],
      [
        `GET /api/${path}/:id`,
        {
          summary: `${label}：详情`,
          tag: 'records',
          response: z.object({ record, ...(kind === 'case' ? { events: z.array(event) } : {}) }),
        },
      ],
    ];
  }),
) as Record<string, RouteDoc>;

export const ROUTE_DOCS: Record<string, RouteDoc> = {
  'POST /api/admin/bootstrap': {
    summary: '本地初始化：组织架构与每单位一个账号（仅本地、仅空库）',
    tag: 'system',
    body: bootstrapSchema,
    status: 201,
    response: z.object({ units: z.number(), accounts: z.number() }),
  },
  'POST /api/auth/login': {
    summary: '登录',
    tag: 'auth',
    body: loginSchema,
    response: z.object({
      token: z.string(),
      expiresAt: z.string(),
      user,
      mustChangePassword: z.boolean(),
    }),
  },
  'POST /api/auth/logout': {
    summary: '退出登录（令牌作废）',
    tag: 'auth',
    response: z.object({ ok: z.boolean() }),
  },
  'GET /api/auth/me': { summary: '当前用户', tag: 'auth', response: z.object({ user }) },
  'POST /api/auth/password': {
    summary: '修改密码（旧令牌全部作废，返回新令牌）',
    tag: 'auth',
    body: passwordSchema,
    response: z.object({ token: z.string(), expiresAt: z.string() }),
  },
  'GET /api/accounts': {
    summary: '账号列表（管理员，本单位及下级）',
    tag: 'accounts',
    query: unitQuery,
    response: z.object({ accounts: z.array(user) }),
  },
  'POST /api/accounts': {
    summary: '新建账号',
    tag: 'accounts',
    body: accountCreateSchema,
    status: 201,
    response: z.object({ account: user }),
  },
  'PATCH /api/accounts/:id': {
    summary: '修改角色、停用或重置密码（令牌作废）',
    tag: 'accounts',
    body: accountPatchSchema,
    response: z.object({ account: user }),
  },
  'POST /api/submissions': {
    summary:
      '提交台账（整批写入或不写；同一 Idempotency-Key 返回首次回执；新版本取代前一版本的行；测评表须由测评对象的上级提交）',
    tag: 'submissions',
    body: submissionSchema,
    headers: ['Idempotency-Key'],
    status: 201,
    response: receipt,
  },
  'GET /api/submissions': {
    summary: '收件箱：本单位及下级的提交',
    tag: 'submissions',
    query: submissionsQuerySchema,
    response: pageOf(submission),
  },
  'GET /api/submissions/:id': {
    summary: '提交详情与各行',
    tag: 'submissions',
    response: z.object({
      submission,
      masked: z.boolean(),
      rows: z.array(z.object({ row: z.number(), key: z.string(), values: json })),
    }),
  },
  'POST /api/submissions/:id/accept': {
    summary: '上级接收',
    tag: 'submissions',
    response: z.object({ submission }),
  },
  'POST /api/submissions/:id/return': {
    summary: '上级退回（附原因）；退回最新有效版本即恢复前一版本的记录',
    tag: 'submissions',
    body: returnSchema,
    response: z.object({ submission }),
  },
  'POST /api/submissions/forward': {
    summary: '街道将本期台账上报区',
    tag: 'submissions',
    body: forwardSchema,
    response: z.object({ unit: z.string(), period: z.string(), forwarded: z.number() }),
  },
  ...ledgerDocs,
  'PATCH /api/cases/:id': {
    summary: '办理层级修改案件（每项修改记一条事件；首问责任人不变）',
    tag: 'records',
    body: casePatchSchema,
    response: z.object({ record: recordSchema('case'), events: z.array(json) }),
  },
  'GET /api/cases/:id/history': {
    summary: '案件的历次版本与事件',
    tag: 'records',
    response: z.object({ id: z.number(), versions: z.array(json), events: z.array(event) }),
  },
  'POST /api/cases/:id/referral': {
    summary: '区提交区委常委会（仅区级审核员、管理员；写明理由与会议日期）',
    tag: 'records',
    body: referralSchema,
    response: z.object({
      id: z.number(),
      level: z.number(),
      reason: z.string(),
      meetingOn: z.string(),
      by: z.string(),
    }),
  },
  'POST /api/cases/:id/dispatch': {
    summary: '区派单给职能部门（定人定时定方案；派单日期为当天，部门的办理时限自派单日起算）',
    tag: 'records',
    body: dispatchSchema,
    response: json,
  },
  'POST /api/cases/:id/reassign': {
    summary: '区改派给另一职能部门（新的派单日期，时限重新起算）',
    tag: 'records',
    body: dispatchSchema,
    response: json,
  },
  'POST /api/cases/:id/extension': {
    summary: '承办部门申请延期（每次派单一次，写明天数与理由），待区批准',
    tag: 'records',
    body: extensionSchema,
    response: json,
  },
  'POST /api/cases/:id/extension/grant': {
    summary: '区批准延期：部门的办结期限顺延所申请的天数',
    tag: 'records',
    response: json,
  },
  'POST /api/cases/:id/return': {
    summary: '承办部门退单（写明理由）：案件回到区，部门不再可见',
    tag: 'records',
    body: sendBackSchema,
    response: json,
  },
  'POST /api/cases/:id/rederive': {
    summary: '区管理员按案件记录重新推算其逐级升级（删除并重写该案件的升级事件）',
    tag: 'records',
    response: z.object({ id: z.number(), climbs: z.number(), level: z.number() }),
  },
  'GET /api/settings': {
    summary: '区的规则设置；带 year 时为该考核年度的设置（权重、总分权重、等次）',
    tag: 'settings',
    query: unitQuery.extend({ year: z.string().optional() }),
    response: json,
  },
  'PUT /api/settings': {
    summary: '修改区的规则设置（区管理员）；带 year 时修改该考核年度的设置',
    tag: 'settings',
    query: z.object({ year: z.string().optional() }),
    body: z.union([settingsPatchSchema, yearSettingsPatchSchema]),
    response: json,
  },
  'GET /api/calendar': {
    summary: '工作日历（节假日与调休）',
    tag: 'settings',
    query: z.object({ year: z.string().optional() }),
    response: json,
  },
  'PUT /api/calendar': {
    summary: '导入工作日历（区管理员）',
    tag: 'settings',
    body: calendarImportSchema,
    response: json,
  },
  'POST /api/sweep': {
    summary: '按日期运行逐级升级',
    tag: 'settings',
    body: sweepSchema,
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
