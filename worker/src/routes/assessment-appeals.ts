/**
 * Appeals (申诉) against the finalised roll (docs/decisions/0014): `POST /api/assessment/appeals` —
 * a unit against a figure of its own row, or of its cadre's (the cadre's unit), with its reason
 * and the records it disputes; `POST /api/assessment/appeals/:id/answer` — the district upholds
 * it (a new revision, computed from the records as they are now) or rejects it with its reason;
 * `GET /api/assessment/appeals` — every appeal of the year with each step's date, the district's
 * all, a unit's those on rows of its roll.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { ROLL_OF } from '../../../shared/assessment.ts';
import { EXPLAINED_FIGURES } from '../../../shared/assessment-explain.ts';
import {
  answerAppealStatement,
  findAppeal,
  findRevision,
  insertAppealStatement,
  listAppeals,
} from '../assessment-revisions-sql.ts';
import { requireAuth } from '../auth.ts';
import { auditStatement, chinaNowIso, loadOrg } from '../db.ts';
import { districtOf } from '../district-rules.ts';
import { endpoint } from '../endpoint.ts';
import type { AppEnv } from '../env.ts';
import { fail } from '../errors.ts';
import { readScope } from '../read-scope.ts';
import { appeal, revision } from '../schemas.ts';
import { authorize } from '../scope.ts';
import { input } from '../validate.ts';
import { freeze } from './assessment-revisions.ts';

const year = z.coerce.number().int().min(2000).max(2100);

export const appealSchema = z
  .object({
    year,
    of: z.enum(ROLL_OF),
    key: z.string().trim().min(1).max(60),
    figure: z.enum(EXPLAINED_FIGURES),
    reason: z.string().trim().min(1).max(2000),
    /** The disputed records: a case number, a rating or a period, each with what is wrong with it. */
    records: z
      .array(
        z.object({
          ref: z.string().trim().min(1).max(200),
          note: z.string().trim().max(1000).optional(),
        }),
      )
      .max(500)
      .default([]),
  })
  .strict();
export const appealAnswerSchema = z
  .object({ decision: z.enum(['upheld', 'rejected']), reason: z.string().trim().min(1).max(2000) })
  .strict();
export const appealsQuerySchema = z.object({
  year,
  of: z.enum(ROLL_OF).optional(),
  unit: z.string().trim().min(1).max(40).optional(),
});

/** An appeal as filed or answered: with the district it was filed with. */
export const appealAnswer = appeal.extend({ district: z.string() });
export type AppealAnswer = z.infer<typeof appealAnswer>;
export const appealsAnswer = z.object({
  year: z.number(),
  unit: z.string(),
  appeals: z.array(appeal),
});
export const appealDecisionAnswer = z.object({
  appeal: appealAnswer,
  revision: revision.nullable().describe('upheld: the new revision of the roll'),
});
export type AppealDecisionAnswer = z.infer<typeof appealDecisionAnswer>;

export const assessmentAppealRoutes = new Hono<AppEnv>()
  .use(requireAuth())
  .post(
    '/',
    endpoint('assessment.appeal', {
      summary: '对定稿名单中本单位（或本单位干部）的一项指标提出申诉：理由与有异议的记录',
      tag: 'scores',
      status: 201,
      response: appealAnswer,
    }),
    input('json', appealSchema),
    async (c) => {
      const db = c.env.DB;
      const body = c.req.valid('json');
      const account = c.var.account;
      const org = await loadOrg(db);
      const district = districtOf(org, account.unit);
      const frozen = await findRevision(db, district, body.year, body.of);
      if (!frozen) fail(409, 'ROLL_NOT_FINALISED', { year: body.year, of: body.of });
      const owners = frozen.owners[body.key];
      if (!owners)
        fail(404, 'ROLL_ROW_NOT_FOUND', { key: body.key, unit: district, year: body.year });
      // The row's own unit files, or the cadre's unit (the first of a cadre's units).
      authorize(account, org, 'assessment.appeal', owners[0] ?? district);
      const filedAt = chinaNowIso();
      let id: number;
      try {
        const [inserted] = await db.batch([
          insertAppealStatement(db, district, {
            ...body,
            revision: frozen.revision,
            unit: account.unit,
            filedBy: account.username,
            filedAt,
          }),
          auditStatement(db, {
            actor: account.username,
            action: 'assessment.appeal',
            unit: account.unit,
            target: `${body.year}/${body.of}/${body.key}`,
            detail: { figure: body.figure, revision: frozen.revision },
          }),
        ]);
        id = (inserted!.results[0] as { id: number }).id;
      } catch (error) {
        if (/UNIQUE/i.test(String(error)))
          fail(409, 'APPEAL_OPEN', { key: body.key, figure: body.figure });
        throw error;
      }
      return c.json((await findAppeal(db, id))! satisfies AppealAnswer, 201);
    },
  )
  .get(
    '/',
    endpoint('scores.read', {
      summary: '考核申诉及其答复（各步骤日期）；区看全部，单位看本单位名单上的',
      tag: 'scores',
      response: appealsAnswer,
    }),
    input('query', appealsQuerySchema),
    async (c) => {
      const db = c.env.DB;
      const query = c.req.valid('query');
      const { org, unit } = await readScope(db, c.var.account, query.unit);
      const district = districtOf(org, unit);
      const appeals = await listAppeals(db, district, query.year, query.of);
      return c.json({
        year: query.year,
        unit,
        appeals: appeals.filter((a) => unit === district || org.isWithin(a.unit, unit)),
      } satisfies z.infer<typeof appealsAnswer>);
    },
  )
  .post(
    '/:id/answer',
    endpoint('assessment.sign', {
      summary: '区答复申诉：成立（按现有记录生成新的一版）或不成立（写明理由）',
      tag: 'scores',
      response: appealDecisionAnswer,
    }),
    input('json', appealAnswerSchema),
    async (c) => {
      const db = c.env.DB;
      const id = Number(c.req.param('id'));
      const body = c.req.valid('json');
      const account = c.var.account;
      const org = await loadOrg(db);
      const appeal = Number.isInteger(id) ? await findAppeal(db, id) : null;
      if (!appeal || appeal.district !== districtOf(org, account.unit)) {
        fail(404, 'APPEAL_NOT_FOUND', { id: c.req.param('id') });
      }
      authorize(account, org, 'assessment.sign', appeal.district);
      if (appeal.status !== 'open') fail(409, 'APPEAL_ANSWERED', { id });
      const answer = {
        status: body.decision,
        answer: body.reason,
        answeredBy: account.username,
        answeredAt: chinaNowIso(),
      };
      const key = { district: appeal.district, year: appeal.year, of: appeal.of };
      if (body.decision === 'upheld') {
        // Upheld: the roll is corrected — a new revision from the records as they are now.
        const revised = await freeze(
          db,
          account,
          { year: appeal.year, of: appeal.of },
          `申诉 ${id} 成立：${body.reason}`,
          { id, answer: answerAppealStatement(db, id, answer, key) },
        );
        const upheld = { appeal: (await findAppeal(db, id))!, revision: revised.revision };
        return c.json(upheld satisfies AppealDecisionAnswer);
      }
      const [changed] = await db.batch([
        answerAppealStatement(db, id, answer, null),
        auditStatement(db, {
          actor: account.username,
          action: 'assessment.appeal.reject',
          unit: appeal.district,
          target: String(id),
          detail: { reason: body.reason },
          ifApplied: true,
        }),
      ]);
      if (changed!.meta.changes === 0) fail(409, 'APPEAL_ANSWERED', { id });
      return c.json({
        appeal: (await findAppeal(db, id))!,
        revision: null,
      } satisfies AppealDecisionAnswer);
    },
  );
