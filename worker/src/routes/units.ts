/**
 * `GET /api/units`: the org tree (every logged-in account needs it to read unit names). District
 * admins create, rename and move units and import the org CSV.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { parseOrgCsv, UNIT_KINDS, type Unit } from '../../../shared/org.ts';
import { requireAuth } from '../auth.ts';
import { auditStatement, loadOrg, loadUnits, nowIso } from '../db.ts';
import { endpoint } from '../endpoint.ts';
import type { AppEnv } from '../env.ts';
import { fail } from '../errors.ts';
import { unit as unitAnswer, unitNode } from '../schemas.ts';
import { authorize } from '../scope.ts';
import {
  activeChildCount,
  checkTree,
  nest,
  parentsFirst,
  removeUnitStatement,
  revokeSessionsOfStatement,
  upsertUnitStatement,
} from '../units.ts';
import { input } from '../validate.ts';

const code = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[A-Za-z0-9-]+$/);

export const unitSchema = z.object({
  code,
  name: z.string().trim().min(1).max(60),
  kind: z.enum(UNIT_KINDS),
  parent: code.nullable(),
});

export const unitPatchSchema = z.object({
  name: z.string().trim().min(1).max(60).optional(),
  parent: code.optional(),
  /** `true` removes (撤销) the unit: its records stay, its accounts lose access at once. */
  removed: z.literal(true).optional(),
});

export const unitsQuerySchema = z.object({ unit: code.optional() });

const orgCsvSchema = z.object({ csv: z.string().min(1).max(2_000_000) });

const treeAnswer = z.object({
  root: z.string(),
  units: z.array(unitAnswer),
  tree: unitNode.nullable(),
});
const oneUnitAnswer = z.object({ unit: unitAnswer });
const importAnswer = z.object({ units: z.number(), created: z.number(), updated: z.number() });

export const unitRoutes = new Hono<AppEnv>()
  .use(requireAuth())
  .get(
    '/',
    endpoint('units.read', { summary: '组织架构树', tag: 'units', response: treeAnswer }),
    input('query', unitsQuerySchema),
    async (c) => {
      const units = await loadUnits(c.env.DB);
      const org = await loadOrg(c.env.DB);
      const root = c.req.valid('query').unit ?? org.districtOf(c.var.account.unit)?.code ?? '';
      if (!org.get(root)) fail(404, 'UNIT_NOT_FOUND', { unit: root });
      authorize(c.var.account, org, 'units.read', root);
      const answer: z.infer<typeof treeAnswer> = {
        root,
        units: org.subtree(root),
        tree: nest(units, root),
      };
      return c.json(answer);
    },
  )
  .post(
    '/',
    endpoint('units.manage', {
      summary: '新建单位（区管理员）',
      tag: 'units',
      status: 201,
      response: oneUnitAnswer,
    }),
    input('json', unitSchema),
    async (c) => {
      const unit: Unit = c.req.valid('json');
      const db = c.env.DB;
      const units = await loadUnits(db);
      const org = await loadOrg(db);
      authorize(c.var.account, org, 'units.manage', unit.parent ?? unit.code);
      if (org.get(unit.code)) fail(409, 'UNIT_EXISTS', { unit: unit.code });
      checkTree([...units, unit]);
      await db.batch([
        upsertUnitStatement(db, unit),
        auditStatement(db, {
          actor: c.var.account.username,
          action: 'unit.create',
          unit: unit.code,
          detail: unit,
        }),
      ]);
      return c.json({ unit } satisfies z.infer<typeof oneUnitAnswer>, 201);
    },
  )
  .post(
    '/import',
    endpoint('units.manage', {
      summary: '导入组织架构 CSV（区管理员）',
      tag: 'units',
      response: importAnswer,
    }),
    input('json', orgCsvSchema),
    async (c) => {
      const db = c.env.DB;
      const org = await loadOrg(db);
      let imported: Unit[];
      try {
        imported = parseOrgCsv(c.req.valid('json').csv);
      } catch (error) {
        fail(422, 'BAD_ORG_CSV', { detail: (error as Error).message });
      }
      for (const unit of imported) {
        authorize(
          c.var.account,
          org,
          'units.manage',
          org.get(unit.code) ? unit.code : (unit.parent ?? unit.code),
        );
      }
      const merged = new Map(org.units.map((u) => [u.code, u]));
      for (const unit of imported) merged.set(unit.code, unit);
      checkTree([...merged.values()]);
      const created = imported.filter((u) => !org.get(u.code)).length;
      const ordered = parentsFirst(imported, [...merged.values()]);
      await db.batch([
        ...ordered.map((unit) => upsertUnitStatement(db, unit)),
        auditStatement(db, {
          actor: c.var.account.username,
          action: 'unit.import',
          detail: { units: imported.length, created },
        }),
      ]);
      const answer: z.infer<typeof importAnswer> = {
        units: imported.length,
        created,
        updated: imported.length - created,
      };
      return c.json(answer);
    },
  )
  .patch(
    '/:code',
    endpoint('units.manage', {
      summary: '单位改名、调整隶属或撤销（区管理员）',
      tag: 'units',
      response: oneUnitAnswer,
    }),
    input('json', unitPatchSchema),
    async (c) => {
      const db = c.env.DB;
      const units = await loadUnits(db);
      const org = await loadOrg(db);
      const before = org.get(c.req.param('code'));
      if (!before) fail(404, 'UNIT_NOT_FOUND', { unit: c.req.param('code') });
      const { removed, ...patch } = c.req.valid('json');
      authorize(c.var.account, org, 'units.manage', before.code);
      if (patch.parent !== undefined) authorize(c.var.account, org, 'units.manage', patch.parent);
      const after: Unit = { ...before, ...patch };
      checkTree(units.map((u) => (u.code === after.code ? after : u)));
      const moved = patch.parent !== undefined && patch.parent !== before.parent;
      if (removed) {
        const children = await activeChildCount(db, before.code);
        if (children > 0) fail(409, 'UNIT_HAS_CHILDREN', { unit: before.code, count: children });
      }
      const now = nowIso();
      await db.batch([
        upsertUnitStatement(db, after),
        ...(removed ? [removeUnitStatement(db, before.code, now)] : []),
        // Moved or removed: every account of the unit and below signs in again, at once.
        ...(moved || removed
          ? [
              revokeSessionsOfStatement(
                db,
                org.subtree(before.code).map((u) => u.code),
                now,
              ),
            ]
          : []),
        auditStatement(db, {
          actor: c.var.account.username,
          action: removed ? 'unit.remove' : moved ? 'unit.move' : 'unit.rename',
          unit: after.code,
          detail: { before, after: removed ? { ...after, removed: true } : after },
        }),
      ]);
      return c.json({ unit: after } satisfies z.infer<typeof oneUnitAnswer>);
    },
  );
