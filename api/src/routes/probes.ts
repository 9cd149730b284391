import { z } from 'zod';
import { defineRoute } from '../http/routes';
import { getProbe, runProbe } from '../services/probes';

/** A request does not hold a connection longer than this for a probe (the probe's own wait is 30 s). */
const MAX_WAITED_DELAY_SECONDS = 10;

const Probe = z.object({ id: z.number(), workflowId: z.string(), message: z.string(), regionCode: z.string(), createdAt: z.string() });

export const probeRoutes = [
  defineRoute({
    method: 'post',
    path: '/api/probes',
    summary: 'Run the probe workflow: api → Temporal → worker → database, and read the row back',
    tag: 'platform',
    permission: 'probe:run',
    body: z.object({
      message: z.string().trim().min(1).max(500),
      delaySeconds: z.number().int().min(0).max(3600).default(0),
      wait: z.boolean().default(true),
    }).strict().refine((b) => !b.wait || b.delaySeconds <= MAX_WAITED_DELAY_SECONDS, {
      path: ['delaySeconds'], message: `a probe answered when it finishes is delayed ${MAX_WAITED_DELAY_SECONDS} s at most; a longer one with wait=false`,
    }),
    responses: {
      201: { description: 'Finished; the row it wrote', schema: z.object({ workflowId: z.string(), probe: Probe }) },
      202: { description: 'Started (wait=false)', schema: z.object({ workflowId: z.string() }) },
    },
    async handler({ body, deps, principal }) {
      const result = await runProbe(deps, principal!, body);
      return { status: result.probe ? 201 : 202, body: result };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/probes/:id',
    summary: 'Read a probe row',
    tag: 'platform',
    permission: 'probe:read',
    params: z.object({ id: z.coerce.number().int().positive() }),
    responses: { 200: { description: 'The probe', schema: Probe } },
    async handler({ params, deps, principal }) {
      return { status: 200, body: await getProbe(deps.db, principal!, params.id) };
    },
  }),
];
