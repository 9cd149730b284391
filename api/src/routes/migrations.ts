// Instance migration (实例迁移): a dry run over the running deals of a procedure version, then the move of those chosen
// onto a newer version in effect. Designers and the system administrator of the region.
import { z } from 'zod';
import { defineRoute } from '../http/routes';
import * as migrations from '../services/migrations';

const RegionCode = z.string().regex(/^\d{6,12}$/);
const Params = z.object({ key: z.string().min(1).max(200), regionCode: RegionCode });
const NodeId = z.string().min(1).max(200);
const Plan = {
  fromVersion: z.number().int().min(1),
  toVersion: z.number().int().min(1),
  mapping: z.record(NodeId, NodeId).refine((m) => Object.keys(m).length <= 500, 'at most 500 mapped nodes').optional()
    .describe('source node id → target node id, for the nodes renamed in the target; any other node keeps its id'),
  variables: z.record(z.string().max(100), z.unknown()).optional().describe('values for variables the target needs that a deal does not have yet'),
};
const Problem = z.object({ code: z.string(), nodeId: z.string().nullable(), message: z.string() });
const DealCheck = z.object({ workflowId: z.string(), dealCode: z.string().nullable(), regionCode: z.string(), canMigrate: z.boolean(), problems: z.array(Problem) });
const Ref = z.object({ key: z.string(), regionCode: z.string(), version: z.number(), hash: z.string() });
const REFUSED = { description: 'MIGRATION_TARGET_NOT_ACTIVE: the target is pending or rejected' };

export const migrationRoutes = [
  defineRoute({
    method: 'post',
    path: '/api/process-definitions/:key/:regionCode/migrations/dry-run',
    summary: 'Dry run of moving the running deals of one version onto another: for each deal, whether it can move and why not',
    tag: 'processes',
    permission: 'definition:migrate',
    params: Params,
    body: z.object(Plan).strict(),
    responses: {
      200: { description: 'Each running deal on the source version, checked by the deal itself', schema: z.object({ from: Ref, to: Ref, deals: z.array(DealCheck) }) },
      404: { description: 'NOT_FOUND: no such versions in the caller\'s regions' }, 409: REFUSED,
    },
    async handler({ params, body, deps, principal }) {
      return { status: 200, body: await migrations.dryRun(deps, principal!, params.key, params.regionCode, body) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/process-definitions/:key/:regionCode/migrations',
    summary: 'Move the chosen running deals onto the target version (each checked again by the deal; moved once every step waits), with a reason for the trail',
    tag: 'processes',
    permission: 'definition:migrate',
    params: Params,
    body: z.object({
      ...Plan,
      workflowIds: z.array(z.string().regex(/^[A-Za-z0-9_.:/-]{1,200}$/)).min(1).max(500),
      reason: z.string().trim().min(2).max(1000),
    }).strict(),
    responses: {
      200: { description: 'Each chosen deal: moved, or refused with the deal\'s own reasons', schema: z.object({ migrationId: z.string(), from: Ref, to: Ref, results: z.array(DealCheck.extend({ migrated: z.boolean() })) }) },
      404: { description: 'NOT_FOUND: no such versions in the caller\'s regions' }, 409: REFUSED,
    },
    async handler({ params, body, deps, principal }) {
      return { status: 200, body: await migrations.migrate(deps, principal!, params.key, params.regionCode, body) };
    },
  }),
];
