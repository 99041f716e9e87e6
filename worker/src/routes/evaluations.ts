/** `GET /api/evaluations` and `GET /api/evaluations/:id`: the shared record routes for the evaluation ledger. */
import { recordRoutes } from './records.ts';

export const evaluationRoutes = recordRoutes('evaluation');
