/**
 * `GET /api/assessment/explain?key=&year=&figure=&unit=&asOf=`: the records behind one figure of
 * one row of the year-end roll (docs/decisions/0014) — the cases counted with their due dates, the
 * ratings, the periods due — computed by the shared `explainFigure` over the records
 * `GET /api/assessment` reads. The roll is the one of `unit` (the account's own by default), so a
 * unit explains its own row and a sub-district its cadres'. Residents' names are masked unless the
 * viewer's unit took the case in or handles it (decision 0005).
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { rollAsOf } from '../../../shared/assessment.ts';
import { EXPLAINED_FIGURES, explainFigure, rollOfKey } from '../../../shared/assessment-explain.ts';
import { loadExplainedCases } from '../assessment-explain-sql.ts';
import { requireAuth } from '../auth.ts';
import { todayInChina } from '../db.ts';
import { endpoint } from '../endpoint.ts';
import type { AppEnv } from '../env.ts';
import { fail } from '../errors.ts';
import { maskName } from '../mask.ts';
import { readScope } from '../read-scope.ts';
import { seesResidents } from '../record-privacy.ts';
import { loadRollInputs } from '../roll-inputs.ts';
import { json } from '../schemas.ts';
import { input } from '../validate.ts';

export const explainQuerySchema = z.object({
  key: z.string().trim().min(1).max(60),
  year: z.coerce.number().int().min(2000).max(2100),
  figure: z.enum(EXPLAINED_FIGURES),
  unit: z.string().trim().min(1).max(40).optional(),
  asOf: z.iso.date().optional(),
});

export const assessmentExplainRoutes = new Hono<AppEnv>().use(requireAuth()).get(
  '/',
  endpoint('scores.read', {
    summary:
      '考核名单中一个对象的一项指标的依据：计入的案件（应答复/应办结日期、逾期或未办结）、测评记录、应走访而未走访的期间；居民姓名按查看者权限脱敏',
    tag: 'scores',
    response: json,
  }),
  input('query', explainQuerySchema),
  async (c) => {
    const db = c.env.DB;
    const query = c.req.valid('query');
    const { org, unit } = await readScope(db, c.var.account, query.unit);
    const asOf = query.asOf ?? rollAsOf(query.year, todayInChina());
    // Which roll the key is a row of: the unit kinds, else the register.
    const byUnit = rollOfKey(query.key, org);
    const { data, options } = await loadRollInputs(db, org, {
      unit,
      year: query.year,
      of: byUnit ?? 'cadres',
      asOf,
    });
    const of = byUnit ?? rollOfKey(query.key, org, data.cadres);
    const explanation = of && explainFigure(data, { ...options, of }, query.key, query.figure);
    if (!explanation) fail(404, 'ROLL_ROW_NOT_FOUND', { key: query.key, unit, year: query.year });
    const rows = await loadExplainedCases(
      db,
      explanation.cases.map((line) => [line.unit ?? '', line.caseNo ?? '']),
    );
    const account = c.var.account;
    return c.json({
      ...explanation,
      cases: explanation.cases.map((line) => {
        const row = rows.get(`${line.unit ?? ''}|${line.caseNo ?? ''}`);
        const masked = !row || !seesResidents('case', row, org, account);
        const name = (row?.reporter_name as string | undefined) ?? null;
        return {
          id: row?.id ?? null,
          ...line,
          category: (row?.category as string | null | undefined) ?? null,
          reporterName: masked ? maskName(name) : name,
          masked,
        };
      }),
    });
  },
);
