import { z } from 'zod';
import { defineRoute } from '../http/routes';
import * as experts from '../services/experts';

export const expertRoutes = [
  defineRoute({
    method: 'get',
    path: '/api/expert-draws/:drawId/members',
    summary: 'The members of an unsealed expert draw (专家名单) of a deal in my regions; a sealed list is refused; every read is recorded in the supervision trail',
    tag: 'experts',
    permission: 'expert-list:read',
    params: z.object({ drawId: z.coerce.number().int().min(1).max(2_147_483_647) }),
    responses: {
      200: {
        description: 'The list, by group and rank',
        schema: z.object({ drawId: z.number(), dealCode: z.string(), members: z.array(z.unknown()) }),
      },
    },
    async handler({ params, deps, principal, requestId }) {
      return { status: 200, body: await experts.drawMembers(deps.db, principal!, params.drawId, requestId) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/gateway/expert-answers',
    summary: 'Callback of the SMS/voice gateway: an expert answered an invitation (signed with the shared callback secret; idempotent)',
    tag: 'experts',
    permission: 'gateway',
    body: z.object({
      notificationId: z.number().int().min(1).max(2_147_483_647),
      answer: z.enum(['confirm', 'decline']),
      receivedAt: z.iso.datetime({ offset: true }),
    }).strict(),
    responses: {
      200: { description: 'Recorded (or already recorded)', schema: z.object({ recorded: z.boolean(), drawId: z.number(), seat: z.number().nullable() }) },
    },
    async handler({ body, deps }) {
      return { status: 200, body: await experts.answerCallback(deps.db, body) };
    },
  }),
];
