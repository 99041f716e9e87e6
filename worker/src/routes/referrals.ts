/**
 * `POST /api/cases/:id/referral` — the district refers a case to the standing committee (区委常委会
 * or 区政府常务会议) with its reason and the meeting date. It is the only way up to 常委会: the
 * calendar never takes a case there (docs/rules.md, "The ladder"). The case keeps its handling unit;
 * the referral is a step of its history and a climb (REFERRED) dated on the meeting.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { TOP_LEVEL } from '../../../shared/escalation.ts';
import { requireAuth } from '../auth.ts';
import { loadOrg, nowIso, todayInChina } from '../db.ts';
import type { AppEnv } from '../env.ts';
import { fail } from '../errors.ts';
import { findRecord, handlingUnit } from '../records.ts';
import { authorize } from '../scope.ts';
import { input } from '../validate.ts';

export const referralSchema = z
  .object({
    /** Why the district cannot settle it itself (综合性疑难问题). */
    reason: z.string().trim().min(2).max(500),
    /** The day the meeting decided to take the case. */
    meetingOn: z.iso.date(),
  })
  .strict();

export const referralRoutes = new Hono<AppEnv>()
  .use(requireAuth())
  .post('/:id/referral', input('json', referralSchema), async (c) => {
    const db = c.env.DB;
    const account = c.var.account;
    const row = await findRecord(db, 'case', c.req.param('id'));
    if (!row) fail(404, 'NOT_FOUND');
    const org = await loadOrg(db);
    authorize(account, org, 'case.refer', handlingUnit(org, row));
    const { reason, meetingOn } = c.req.valid('json');
    const receivedOn = String(row.received_on);
    if (meetingOn > todayInChina()) fail(422, 'MEETING_IN_FUTURE', { value: meetingOn });
    if (meetingOn < receivedOn)
      fail(422, 'MEETING_BEFORE_RECEIPT', { value: meetingOn, receivedOn });
    if (row.current !== 1) fail(409, 'RECORD_NOT_CURRENT');
    if ((row.level ?? 0) >= TOP_LEVEL) fail(409, 'ALREADY_REFERRED');
    const now = nowIso();
    // Every statement is guarded by the same condition, so a referral that lost a race to another
    // writes nothing at all — not even its audit row.
    const guard = `FROM cases WHERE id = ?1 AND current = 1 AND level < ${TOP_LEVEL}`;
    const referral = JSON.stringify({ reason, meetingOn });
    const done = await db.batch([
      db
        .prepare(
          `INSERT OR IGNORE INTO case_events (case_id, at, kind, reason, actor, after, created_at)
           SELECT id, ?2, 'referred', 'REFERRED', ?3, ?4, ?5 ${guard}`,
        )
        .bind(row.id, meetingOn, account.username, referral, now),
      db
        .prepare(
          `INSERT OR IGNORE INTO case_events
             (case_id, at, kind, from_level, to_level, reason, actor, created_at)
           SELECT id, ?2, 'climb', level, ${TOP_LEVEL}, 'REFERRED', ?3, ?4 ${guard}`,
        )
        .bind(row.id, meetingOn, account.username, now),
      db
        .prepare(
          `INSERT INTO audit_log (at, actor, action, unit, target, detail)
           SELECT ?2, ?3, 'case.refer', unit, CAST(id AS TEXT), ?4 ${guard}`,
        )
        .bind(row.id, now, account.username, referral),
      db
        .prepare(
          `UPDATE cases SET level = ${TOP_LEVEL}, stepped = 1, updated_at = ?2
            WHERE id = ?1 AND current = 1 AND level < ${TOP_LEVEL}`,
        )
        .bind(row.id, now),
    ]);
    if ((done.at(-1)?.meta.changes ?? 0) === 0) fail(409, 'ALREADY_REFERRED');
    return c.json({ id: row.id, level: TOP_LEVEL, reason, meetingOn, by: account.username });
  });
