/** `GET /api/households` and `GET /api/households/:id`: the shared record routes for the household ledger. */
import { recordRoutes } from './records.ts';

export const householdRoutes = recordRoutes('household');
