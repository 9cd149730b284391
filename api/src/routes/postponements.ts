// 顺延: a deal's bid deadline (= its opening time) moved later, with its change notice, and the moves so far.
import { z } from 'zod';
import { defineRoute } from '../http/routes';
import * as postponements from '../services/postponements';
import { WorkflowIdParam } from './processes';

const Instant = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/, 'an instant with its offset, e.g. 2026-05-20T09:30:00+08:00')
  .refine((s) => !Number.isNaN(Date.parse(s)), 'not a valid instant');
const Postponement = z.object({
  id: z.number(), dealCode: z.string(), from: z.string(), to: z.string(), cause: z.enum(['late-clarification', 'late-amendment', 'requested', 'calendar']),
  reason: z.string(), requestedBy: z.string(), noticeId: z.number().nullable(), createdAt: z.string(),
  workflowStatus: z.enum(['pending', 'applied', 'no-date', 'not-running']).describe('whether the deal\'s procedure has taken the new date: pending until it answers'),
  workflowAt: z.string().nullable(),
});

export const postponementRoutes = [
  defineRoute({
    method: 'post',
    path: '/api/process-instances/:workflowId/postponements',
    summary: '顺延: move the deal\'s bid deadline (its opening time) later at the organiser\'s request — announced by a change notice, on the trail, and followed by the procedure\'s opening timer',
    tag: 'processes',
    permission: 'deal:postpone',
    params: WorkflowIdParam,
    body: z.object({
      bidDeadline: Instant,
      reason: z.string().trim().min(2).max(1000),
      requestId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/).describe('the client\'s id for this request: sent again, the same move answers'),
    }).strict(),
    responses: {
      201: { description: 'Moved', schema: Postponement },
      404: { description: 'NOT_FOUND: no such deal in the caller\'s regions' },
      409: { description: 'BID_DEADLINE_PASSED, BIDDING_NOT_OPEN, DEAL_ENDED, POSTPONEMENT_KEY_REUSED' },
      422: { description: 'POSTPONEMENT_NOT_LATER, DEADLINE_TOO_EARLY (a late clarification fixes the earliest), DEADLINE_NOT_WORKING_DAY' },
    },
    async handler({ params, body, deps, principal }) {
      return { status: 201, body: await postponements.postpone(deps, principal!, params.workflowId, body) };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/process-instances/:workflowId/postponements',
    summary: 'The moves of the deal\'s bid deadline, oldest first, with why and whether its procedure has taken each',
    tag: 'processes',
    permission: 'process:read',
    params: WorkflowIdParam,
    responses: { 200: { description: 'Moves', schema: z.object({ items: z.array(Postponement) }) }, 404: { description: 'NOT_FOUND' } },
    async handler({ params, deps, principal }) {
      return { status: 200, body: { items: await postponements.list(deps, principal!, params.workflowId) } };
    },
  }),
];
