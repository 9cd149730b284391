import { z } from 'zod';
import { databaseAnswers } from '@ggzy/db';
import { defineRoute } from '../http/routes';

const Health = z.object({ status: z.enum(['ok', 'degraded']), temporal: z.enum(['ok', 'unavailable']), db: z.enum(['ok', 'unavailable']) });

export const healthRoutes = [
  defineRoute({
    method: 'get',
    path: '/healthz',
    summary: 'Liveness of the api and its two dependencies (Temporal, database)',
    tag: 'platform',
    permission: 'public',
    responses: { 200: { description: 'Both answer', schema: Health }, 503: { description: 'One does not', schema: Health } },
    async handler({ deps }) {
      const [temporal, db] = await Promise.all([deps.temporal.answers(2000), databaseAnswers(deps.db, 2000)]);
      const body = { status: temporal && db ? 'ok' : 'degraded', temporal: temporal ? 'ok' : 'unavailable', db: db ? 'ok' : 'unavailable' };
      return { status: temporal && db ? 200 : 503, body };
    },
  }),
];
