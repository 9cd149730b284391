// The operations console (运行监控): incidents across the caller's deals, and the retry after a fix.
import { z } from 'zod';
import { defineRoute } from '../http/routes';
import * as operations from '../services/operations';
import * as moves from '../services/token-moves';
import { WorkflowIdParam } from './processes';

const RegionCode = z.string().regex(/^\d{6,12}$/);
const NodeId = z.string().regex(/^[A-Za-z_][A-Za-z0-9_.-]{0,199}$/);
const MoveId = z.object({ id: z.coerce.number().int().min(1).max(2_147_483_647) });
const Move = z.object({
  id: z.number(), workflowId: z.string(), dealCode: z.string().nullable(), regionCode: z.string(), fromNodeId: z.string(), toNodeId: z.string(),
  reason: z.string(), requestedBy: z.string(), requestedAt: z.string().nullable(), status: z.enum(['pending', 'moved', 'refused', 'declined', 'cancelled']),
  decidedBy: z.string().nullable(), decidedAt: z.string().nullable(), problems: z.array(z.unknown()),
});
const Incident = z.object({
  workflowId: z.string(), dealCode: z.string().nullable(), processKey: z.string(), version: z.number(), regionCode: z.string(),
  lifecycle: z.string(), incidents: z.array(z.string()).describe('each cause, starting with the node it stands at'), updatedAt: z.string(),
});

export const operationRoutes = [
  defineRoute({
    method: 'post',
    path: '/api/process-instances/:workflowId/token-moves',
    summary: 'Ask to move the deal\'s token from where it waits to another step of the same kind (a step done in error, a step to do again), with a reason; the deal checks the move at once; a supervisor of the deal confirms it',
    tag: 'operations',
    permission: 'operations:move-token',
    params: WorkflowIdParam,
    body: z.object({ fromNodeId: NodeId, toNodeId: NodeId, reason: z.string().trim().min(2).max(1000) }).strict(),
    responses: {
      201: { description: 'Asked: pending a supervisor\'s confirmation', schema: Move },
      404: { description: 'NOT_FOUND: no such deal in the caller\'s regions' },
      409: { description: 'TOKEN_MOVE_REFUSED: the deal would not move so (no token there, another kind of step, a step running); PROCESS_ENDED' },
    },
    async handler({ params, body, deps, principal }) {
      return { status: 201, body: await moves.requestMove(deps, principal!, params.workflowId, body) };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/operations/token-moves',
    summary: 'The token moves of the caller\'s regions, newest first: those pending confirmation and what became of the others',
    tag: 'operations',
    permission: 'operations:read',
    query: z.object({ status: z.enum(['pending', 'moved', 'refused', 'declined', 'cancelled']).optional(), limit: z.coerce.number().int().min(1).max(500).optional() }),
    responses: { 200: { description: 'Moves', schema: z.object({ items: z.array(Move) }) } },
    async handler({ query, deps, principal }) {
      return { status: 200, body: { items: await moves.listMoves(deps.db, principal!, query) } };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/operations/token-moves/:id/decision',
    summary: 'A supervisor of the deal confirms a pending move (the deal checks it again and moves, or says why not: status refused) or declines it',
    tag: 'operations',
    permission: 'operations:confirm-move',
    params: MoveId,
    body: z.object({ decision: z.enum(['confirm', 'decline']) }).strict(),
    responses: {
      200: { description: 'Decided: moved, refused (with the deal\'s reasons) or declined', schema: Move },
      404: { description: 'NOT_FOUND' },
      409: { description: 'TOKEN_MOVE_NOT_PENDING: decided or cancelled already' },
    },
    async handler({ params, body, deps, principal }) {
      return { status: 200, body: await moves.decideMove(deps, principal!, params.id, body.decision) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/operations/token-moves/:id/cancel',
    summary: 'The one who asked cancels a move still pending',
    tag: 'operations',
    permission: 'operations:move-token',
    params: MoveId,
    body: z.object({}).strict(),
    responses: { 200: { description: 'Cancelled', schema: Move }, 403: { description: 'FORBIDDEN: asked by someone else' }, 409: { description: 'TOKEN_MOVE_NOT_PENDING' } },
    async handler({ params, deps, principal }) {
      return { status: 200, body: await moves.cancelMove(deps, principal!, params.id) };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/operations/incidents',
    summary: 'The running deals of the caller\'s regions that wait on an incident, with its cause (newest first)',
    tag: 'operations',
    permission: 'operations:read',
    query: z.object({ regionCode: RegionCode.optional(), limit: z.coerce.number().int().min(1).max(500).optional() }),
    responses: { 200: { description: 'Deals with incidents', schema: z.object({ items: z.array(Incident) }) }, 404: { description: 'NOT_FOUND: a region outside the caller\'s' } },
    async handler({ query, deps, principal }) {
      return { status: 200, body: { items: await operations.listIncidents(deps.db, principal!, query) } };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/process-instances/:workflowId/incidents/retry',
    summary: 'After the cause was put right: the deal\'s steps waiting on an incident look again (a gateway evaluates its conditions anew). The reason is kept on the deal\'s trail',
    tag: 'operations',
    permission: 'operations:retry',
    params: WorkflowIdParam,
    body: z.object({ reason: z.string().trim().min(2).max(1000) }).strict(),
    responses: {
      200: { description: 'Looked again: how many steps did, and the incidents left once the deal settled', schema: z.object({ retried: z.number(), duplicate: z.boolean(), incidents: z.array(z.string()), openTasks: z.array(z.unknown()), lifecycle: z.string() }) },
      404: { description: 'NOT_FOUND: no such deal in the caller\'s regions' },
      409: { description: 'NO_INCIDENT: nothing waits on an incident a retry would look at; PROCESS_ENDED' },
    },
    async handler({ params, body, deps, principal }) {
      return { status: 200, body: await operations.retry(deps, principal!, params.workflowId, body.reason) };
    },
  }),
];
