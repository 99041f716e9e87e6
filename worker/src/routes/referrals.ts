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
import { referralStatements } from '../cases-sql.ts';
import { nowIso, todayInChina } from '../db.ts';
import { endpoint } from '../endpoint.ts';
import type { AppEnv } from '../env.ts';
import { fail } from '../errors.ts';
import { input } from '../validate.ts';
import { caseFor } from './cases.ts';

export const referralSchema = z
  .object({
    /** Why the district cannot settle it itself (综合性疑难问题). */
    reason: z.string().trim().min(2).max(500),
    /** The day the meeting decided to take the case. */
    meetingOn: z.iso.date(),
  })
  .strict();

const referralAnswer = z.object({
  id: z.number(),
  level: z.number(),
  reason: z.string(),
  meetingOn: z.string(),
  by: z.string(),
});

export const referralRoutes = new Hono<AppEnv>().use(requireAuth()).post(
  '/:id/referral',
  endpoint('case.refer', {
    summary: '区提交区委常委会（仅区级审核员、管理员；写明理由与会议日期）',
    tag: 'records',
    response: referralAnswer,
  }),
  input('json', referralSchema),
  async (c) => {
    // No department is ever allowed to refer, assigned or not (scope.ts).
    const { db, account, row } = await caseFor(c, 'case.refer');
    const { reason, meetingOn } = c.req.valid('json');
    const receivedOn = String(row.received_on);
    if (meetingOn > todayInChina()) fail(422, 'MEETING_IN_FUTURE', { value: meetingOn });
    if (meetingOn < receivedOn)
      fail(422, 'MEETING_BEFORE_RECEIPT', { value: meetingOn, receivedOn });
    if (row.current !== 1) fail(409, 'RECORD_NOT_CURRENT');
    if ((row.level ?? 0) >= TOP_LEVEL) fail(409, 'ALREADY_REFERRED');
    // Every statement is guarded by the same condition, so a referral that lost a race to another
    // writes nothing at all — not even its audit row.
    const done = await db.batch(
      referralStatements(db, row.id, { reason, meetingOn, by: account.username, now: nowIso() }),
    );
    if ((done.at(-1)?.meta.changes ?? 0) === 0) fail(409, 'ALREADY_REFERRED');
    const answer: z.infer<typeof referralAnswer> = {
      id: row.id,
      level: TOP_LEVEL,
      reason,
      meetingOn,
      by: account.username,
    };
    return c.json(answer);
  },
);
