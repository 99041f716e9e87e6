/**
 * The finalised roll (定稿, docs/decisions/0014): `POST /api/assessment/finalise` freezes the
 * district's roll of a year and kind — rows, where each belongs, the settings used — signed by the
 * district's reviewer or admin; `POST /api/assessment/revisions` adds a correction with its reason
 * (a new revision; the earlier ones stay as they were); `GET /api/assessment/revisions` lists them.
 * `GET /api/assessment` then gives the latest revision (or `?revision=`), never a recomputation.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { ROLL_OF, type RollOf, rollAsOf } from '../../../shared/assessment.ts';
import type { OrgTree } from '../../../shared/org.ts';
import {
  findRevision,
  insertRevisionStatement,
  listAppeals,
  listRevisions,
  type RevisionMeta,
} from '../assessment-revisions-sql.ts';
import { requireAuth } from '../auth.ts';
import { auditStatement, chinaNowIso, loadOrg, todayInChina } from '../db.ts';
import { districtOf } from '../district-rules.ts';
import { endpoint } from '../endpoint.ts';
import type { AppEnv } from '../env.ts';
import { fail } from '../errors.ts';
import { readScope } from '../read-scope.ts';
import { rollToFreeze } from '../roll-inputs.ts';
import { appeal, revision, roll, rollRow } from '../schemas.ts';
import { authorize } from '../scope.ts';
import { input } from '../validate.ts';

const year = z.coerce.number().int().min(2000).max(2100);

export const finaliseSchema = z
  .object({ year, of: z.enum(ROLL_OF), asOf: z.iso.date().optional() })
  .strict();
export const reviseSchema = finaliseSchema.extend({ reason: z.string().trim().min(1).max(2000) });
export const revisionsQuerySchema = z.object({
  year,
  of: z.enum(ROLL_OF).default('units'),
  unit: z.string().trim().min(1).max(40).optional(),
});

/** A roll just frozen (finalised or corrected): its rows as signed, with the settings used. */
export const frozenRollAnswer = z.object({
  district: z.string(),
  year: z.number(),
  of: z.enum(ROLL_OF),
  revision,
  settings: z.unknown().describe('the district’s settings and the year’s and the year before’s'),
  rows: z.array(rollRow),
});
export type FrozenRollAnswer = z.infer<typeof frozenRollAnswer>;
export const revisionsAnswer = z.object({
  district: z.string(),
  year: z.number(),
  of: z.enum(ROLL_OF),
  revisions: z.array(revision),
});
/** `GET /api/assessment` once finalised: the unit's rows of the revision, and the open appeals. */
export const finalisedRollAnswer = roll.extend({ revision, appeals: z.array(appeal) });
export type FinalisedRollAnswer = z.infer<typeof finalisedRollAnswer>;

/** A revision as the API shows it beside a roll: which one, who signed it, when, why. */
export const revisionView = (meta: RevisionMeta, latest: number) => ({
  ...meta,
  latest: meta.revision === latest,
});

export const assessmentRevisionRoutes = new Hono<AppEnv>()
  .use(requireAuth())
  .post(
    '/finalise',
    endpoint('assessment.sign', {
      summary:
        '年度考核名单定稿（区审核员或管理员）：冻结名单、所用设置、签发人与时间；此后 GET /api/assessment 返回定稿版本，不再重算',
      tag: 'scores',
      status: 201,
      response: frozenRollAnswer,
    }),
    input('json', finaliseSchema),
    async (c) => {
      const body = c.req.valid('json');
      const created = await freeze(c.env.DB, c.var.account, body, null);
      return c.json(created satisfies FrozenRollAnswer, 201);
    },
  )
  .post(
    '/revisions',
    endpoint('assessment.sign', {
      summary:
        '更正已定稿的考核名单（区审核员或管理员）：按现有记录重算为新的一版，须写明理由；旧版保留',
      tag: 'scores',
      status: 201,
      response: frozenRollAnswer,
    }),
    input('json', reviseSchema),
    async (c) => {
      const body = c.req.valid('json');
      const created = await freeze(c.env.DB, c.var.account, body, body.reason);
      return c.json(created satisfies FrozenRollAnswer, 201);
    },
  )
  .get(
    '/revisions',
    endpoint('scores.read', {
      summary: '考核名单的各版（定稿及其后的更正）：版本号、签发人、时间、更正理由、对应申诉',
      tag: 'scores',
      response: revisionsAnswer,
    }),
    input('query', revisionsQuerySchema),
    async (c) => {
      const db = c.env.DB;
      const query = c.req.valid('query');
      const { org, unit } = await readScope(db, c.var.account, query.unit);
      const district = districtOf(org, unit);
      const revisions = await listRevisions(db, district, query.year, query.of);
      const latest = revisions.at(-1)?.revision ?? 0;
      return c.json({
        district,
        year: query.year,
        of: query.of,
        revisions: revisions.map((r) => revisionView(r, latest)),
      } satisfies z.infer<typeof revisionsAnswer>);
    },
  );

/**
 * Freezes the district's roll now: the finalisation (`reason` null, refused once there is one) or
 * a correction (refused before the finalisation). The revision and its audit in one batch.
 */
export async function freeze(
  db: D1Database,
  account: AppEnv['Variables']['account'],
  body: { year: number; of: (typeof ROLL_OF)[number]; asOf?: string | undefined },
  reason: string | null,
  /** An upheld appeal: its answer goes first in the batch, the revision only if it applied. */
  appeal?: { id: number; answer: D1PreparedStatement },
): Promise<FrozenRollAnswer> {
  const org = await loadOrg(db);
  const district = districtOf(org, account.unit);
  authorize(account, org, 'assessment.sign', district);
  const key = { district, year: body.year, of: body.of };
  // A correction is computed as of the date the signed roll was (unless it says otherwise).
  const first = reason === null;
  const previous = first ? null : await findRevision(db, district, body.year, body.of);
  const asOf = body.asOf ?? previous?.asOf ?? rollAsOf(body.year, todayInChina());
  const frozen = await rollToFreeze(db, org, { ...key, asOf });
  const signedAt = chinaNowIso();
  const results = await db.batch([
    ...(appeal ? [appeal.answer] : []),
    insertRevisionStatement(
      db,
      key,
      { ...frozen, reason, appealId: appeal?.id ?? null, signedBy: account.username, signedAt },
      first,
      !!appeal,
    ),
    auditStatement(db, {
      actor: account.username,
      action: first ? 'assessment.finalise' : 'assessment.revise',
      unit: district,
      target: `${body.year}/${body.of}`,
      detail: { reason, appeal: appeal?.id ?? null, asOf },
      ifApplied: true,
    }),
  ]);
  if (appeal && results[0]!.meta.changes === 0) fail(409, 'APPEAL_ANSWERED', { id: appeal.id });
  if (results[appeal ? 1 : 0]!.meta.changes === 0) {
    fail(409, first ? 'ROLL_ALREADY_FINALISED' : 'ROLL_NOT_FINALISED', {
      year: body.year,
      of: body.of,
    });
  }
  const revision = (await findRevision(db, district, body.year, body.of))!;
  const { rows, owners, settings, ...meta } = revision;
  return {
    district,
    year: body.year,
    of: body.of,
    revision: revisionView(meta, meta.revision),
    settings,
    rows,
  };
}

/**
 * The finalised roll as `GET /api/assessment` gives it once the district signed the year off: the
 * latest revision (or `revision`), its rows that are part of `unit`'s roll (the district's ranks),
 * which revision it is, and the open appeals against those rows; `null` while not finalised.
 */
export async function finalisedRoll(
  db: D1Database,
  org: OrgTree,
  query: { unit: string; year: number; of: RollOf; revision?: number | undefined },
): Promise<FinalisedRollAnswer | null> {
  const district = districtOf(org, query.unit);
  const frozen = await findRevision(db, district, query.year, query.of, query.revision);
  if (!frozen) {
    if (query.revision !== undefined) {
      fail(404, 'REVISION_NOT_FOUND', { year: query.year, of: query.of, revision: query.revision });
    }
    return null;
  }
  const latest = (await findRevision(db, district, query.year, query.of))!.revision;
  const within = (key: string) =>
    query.unit === district || (frozen.owners[key] ?? []).some((u) => org.isWithin(u, query.unit));
  const { rows, owners, settings, ...meta } = frozen;
  const appeals = await listAppeals(db, district, query.year, query.of);
  return {
    year: query.year,
    of: query.of,
    unit: query.unit,
    rows: rows.filter((row) => within(row.key)),
    revision: revisionView(meta, latest),
    appeals: appeals.filter((a) => a.status === 'open' && within(a.key)),
  };
}
