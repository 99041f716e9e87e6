/** `GET /api/visits` and `GET /api/visits/:id`: the shared record routes for the visit ledger. */
import { recordRoutes } from './records.ts';

export const visitRoutes = recordRoutes('visit');
