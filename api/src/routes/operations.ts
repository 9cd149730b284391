// The operations console (运行监控): incidents across the caller's deals, and the retry after a fix.
import { z } from 'zod';
import { defineRoute } from '../http/routes';
import * as operations from '../services/operations';

const RegionCode = z.string().regex(/^\d{6,12}$/);
const Incident = z.object({
  workflowId: z.string(), dealCode: z.string().nullable(), processKey: z.string(), version: z.number(), regionCode: z.string(),
  lifecycle: z.string(), incidents: z.array(z.string()).describe('each cause, starting with the node it stands at'), updatedAt: z.string(),
});

export const operationRoutes = [
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
    params: z.object({ workflowId: z.string().regex(/^[A-Za-z0-9_.:/-]{1,200}$/) }),
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
