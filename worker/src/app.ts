/**
 * The Minqing API: one sub-app per resource, mounted under `/api`; `AppType` gives the add-in, the
 * CLI and the end-to-end tests a typed `hc` client. Errors all take the one shape of errors.ts.
 * (The Worker's entry module, index.ts, may export only handlers: workerd treats every named export
 * of it as an entrypoint, so the app and its constants live here.)
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv } from './env.ts';
import { fail, notFound, onError } from './errors.ts';
import { noStore } from './headers.ts';
import { inflateRequestBody } from './request-encoding.ts';
import { accountRoutes } from './routes/accounts.ts';
import { adminRoutes } from './routes/admin.ts';
import { assessmentRoutes } from './routes/assessment.ts';
import { assessmentAppealRoutes } from './routes/assessment-appeals.ts';
import { assessmentExplainRoutes } from './routes/assessment-explain.ts';
import { assessmentRevisionRoutes } from './routes/assessment-revisions.ts';
import { authRoutes } from './routes/auth.ts';
import { calendarRoutes } from './routes/calendar.ts';
import { caseRoutes } from './routes/cases.ts';
import { dispatchRoutes } from './routes/dispatch.ts';
import { healthRoutes } from './routes/health.ts';
import { openApiRoutes } from './routes/openapi.ts';
import { mountRecordRoutes } from './routes/records.ts';
import { referralRoutes } from './routes/referrals.ts';
import {
  complianceRoutes,
  dueSoonRoutes,
  reportRoutes,
  supervisionRoutes,
} from './routes/reports.ts';
import { scoreRoutes } from './routes/scores.ts';
import { settingsRoutes } from './routes/settings.ts';
import { submissionRoutes } from './routes/submissions.ts';
import { sweepRoutes } from './routes/sweep.ts';
import { unitRoutes } from './routes/units.ts';

/** Largest request body: a 20,000-row ledger as JSON fits; everything else is far smaller. */
export const MAX_SUBMISSION_BYTES = 64 * 1024 * 1024;
export const MAX_BODY_BYTES = 2 * 1024 * 1024;

const tooLarge = (limit: number) => (): never =>
  fail(413, 'PAYLOAD_TOO_LARGE', { limit: `${Math.round(limit / 1024 / 1024)} MB` });

const app = mountRecordRoutes(
  new Hono<AppEnv>()
    .use('/api/*', noStore())
    .use(
      '/api/submissions',
      bodyLimit({ maxSize: MAX_SUBMISSION_BYTES, onError: tooLarge(MAX_SUBMISSION_BYTES) }),
      inflateRequestBody(MAX_SUBMISSION_BYTES, tooLarge(MAX_SUBMISSION_BYTES)),
    )
    .use('/api/*', async (c, next) => {
      if (c.req.path === '/api/submissions') return next();
      return bodyLimit({ maxSize: MAX_BODY_BYTES, onError: tooLarge(MAX_BODY_BYTES) })(c, next);
    })
    .route('/api/health', healthRoutes)
    .route('/api/openapi.json', openApiRoutes)
    .route('/api/auth', authRoutes)
    .route('/api/admin', adminRoutes)
    .route('/api/units', unitRoutes)
    .route('/api/accounts', accountRoutes)
    // Scores, reports and the rules' settings. Compliance before any `/api/visits/:id`.
    .route('/api/visits/compliance', complianceRoutes)
    .route('/api/scores', scoreRoutes)
    .route('/api/reports', reportRoutes)
    .route('/api/supervision', supervisionRoutes)
    .route('/api/due-soon', dueSoonRoutes)
    .route('/api/settings', settingsRoutes)
    .route('/api/calendar', calendarRoutes)
    .route('/api/sweep', sweepRoutes)
    .route('/api/submissions', submissionRoutes)
    .route('/api/cases', caseRoutes)
    .route('/api/cases', referralRoutes)
    .route('/api/cases', dispatchRoutes),
  // Every other ledger's list and detail, at its definition's path.
  ['case'],
)
  .route('/api/assessment/explain', assessmentExplainRoutes)
  .route('/api/assessment/appeals', assessmentAppealRoutes)
  .route('/api/assessment', assessmentRevisionRoutes)
  .route('/api/assessment', assessmentRoutes);

app.onError(onError);
app.notFound(notFound);

export type AppType = typeof app;
export { app };
