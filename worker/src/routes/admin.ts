/**
 * `POST /api/admin/bootstrap`: the first start of a local Worker creates the org and one account per
 * unit (username = unit code, roles by unit kind), hashing the passwords here so no plaintext or
 * hash ever travels through SQL files. Allowed only when the Worker is configured with
 * `ALLOW_BOOTSTRAP` = `true` (only `npm start` and the tests set it; never a request's Host header,
 * which any client writes) and there is no account yet — so it can never run twice or in production.
 * Its accounts share the demo password and are the only ones exempt from the password policy.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { parseOrgCsv } from '../../../shared/org.ts';
import { countAccounts, defaultRoles, insertAccountStatement } from '../accounts.ts';
import { auditStatement } from '../db.ts';
import { endpoint } from '../endpoint.ts';
import type { AppEnv } from '../env.ts';
import { fail } from '../errors.ts';
import { checkTree, parentsFirst, upsertUnitStatement } from '../units.ts';
import { input } from '../validate.ts';

export const bootstrapSchema = z.object({
  orgCsv: z.string().min(1).max(2_000_000),
  // The demo's shared password: the seed's accounts are exempt from the password policy.
  password: z.string().min(8).max(256),
});

const bootstrapAnswer = z.object({ units: z.number(), accounts: z.number() });

export const adminRoutes = new Hono<AppEnv>().post(
  '/bootstrap',
  // Public: it answers only with ALLOW_BOOTSTRAP set, while no account exists (first start).
  endpoint('public', {
    summary: '本地初始化：组织架构与每单位一个账号（仅本地、仅空库）',
    tag: 'system',
    status: 201,
    response: bootstrapAnswer,
  }),
  input('json', bootstrapSchema),
  async (c) => {
    if (c.env.ALLOW_BOOTSTRAP !== 'true') fail(403, 'BOOTSTRAP_CLOSED');
    const db = c.env.DB;
    if ((await countAccounts(db)) > 0) fail(409, 'BOOTSTRAP_CLOSED');
    const { orgCsv, password } = c.req.valid('json');
    let units: ReturnType<typeof parseOrgCsv>;
    try {
      units = parseOrgCsv(orgCsv);
    } catch (error) {
      fail(422, 'BAD_ORG_CSV', { detail: (error as Error).message });
    }
    checkTree(units);
    const byDepth = parentsFirst(units);
    const accounts = await Promise.all(
      byDepth.map((unit) =>
        insertAccountStatement(
          db,
          {
            username: unit.code,
            unit: unit.code,
            roles: defaultRoles(unit.kind),
            password,
          },
          { exempt: true },
        ),
      ),
    );
    await db.batch([
      ...byDepth.map((unit) => upsertUnitStatement(db, unit)),
      ...accounts,
      auditStatement(db, { actor: null, action: 'bootstrap', detail: { units: units.length } }),
    ]);
    const answer: z.infer<typeof bootstrapAnswer> = {
      units: units.length,
      accounts: accounts.length,
    };
    return c.json(answer, 201);
  },
);
