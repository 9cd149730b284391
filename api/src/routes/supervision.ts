import { z } from 'zod';
import { defineRoute } from '../http/routes';
import { supervisionFeed } from '../services/supervision';

export const supervisionRoutes = [
  defineRoute({
    method: 'get',
    path: '/api/supervision/events',
    summary: 'The supervision feed of my regions, newest first; poll with after=<last seq> for new events',
    tag: 'supervision',
    permission: 'supervision:read',
    query: z.object({
      after: z.coerce.number().int().min(0).optional(),
      before: z.coerce.number().int().min(1).optional(),
      regionCode: z.string().regex(/^\d{6,12}$/).optional(),
      kind: z.string().regex(/^[a-z.-]{1,64}$/).optional(),
      limit: z.coerce.number().int().min(1).max(200).default(50),
    }),
    responses: { 200: { description: 'Events', schema: z.object({ items: z.array(z.unknown()) }) } },
    async handler({ query, deps, principal }) {
      return { status: 200, body: { items: await supervisionFeed(deps.db, principal!, query) } };
    },
  }),
];
