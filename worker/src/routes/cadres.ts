/** `GET /api/cadres` and `GET /api/cadres/:id`: the shared record routes for the cadre register. */
import { recordRoutes } from './records.ts';

export const cadreRoutes = recordRoutes('cadre');
