// Moving running deals from one version of a procedure to another (实例迁移): a dry run that asks each deal whether
// it can move under the plan and why not, then the move of the deals chosen, each by its own Update (the deal decides
// on its own state, and moves once every step waits). Only onto a version in effect — approved by a second person —
// and only for the caller's regions. The region's trail records who moved what and why; each deal's trail records its
// own move.
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ProcessInstance, type Db } from '@ggzy/db';
import { appendSupervisionEvent, getDefinitionVersion } from '@ggzy/domain';
import { migrateUpdate, migrationCheckQuery, processStateQuery, type MigrationPlan, type MigrationProblem, type ProcessSnapshot } from '@ggzy/workflows';
import { randomUUID } from 'node:crypto';
import type { Principal } from '../auth/principal';
import { canSeeRegion } from '../auth/principal';
import { AppError } from '../http/errors';
import type { TemporalGateway } from '../temporal';
import { jsonLogger } from '../http/middleware';

type Deps = { db: Db; temporal: TemporalGateway };

export interface MigrationBody {
  fromVersion: number;
  toVersion: number;
  mapping?: Record<string, string>;
  variables?: Record<string, unknown>;
}

export interface DealCheck { workflowId: string; dealCode: string | null; regionCode: string; canMigrate: boolean; problems: MigrationProblem[] }

const MAX_DEALS = 500;

async function planFor(deps: Deps, principal: Principal, key: string, regionCode: string, body: MigrationBody) {
  if (!canSeeRegion(principal, regionCode)) throw new AppError('NOT_FOUND');
  if (body.fromVersion === body.toVersion) throw new AppError('MIGRATION_SAME_VERSION');
  const from = await getDefinitionVersion(deps.db, key, regionCode, body.fromVersion);
  const to = await getDefinitionVersion(deps.db, key, regionCode, body.toVersion);
  if (!from || !to) throw new AppError('NOT_FOUND');
  const status = await deps.db('process_definitions').where('id', to.id).first('status') as { status: string } | undefined;
  if (status?.status !== 'active') throw new AppError('MIGRATION_TARGET_NOT_ACTIVE');
  const plan: Omit<MigrationPlan, 'migrationId'> = {
    target: { model: to.model, definition: to.definition },
    ...(body.mapping ? { mapping: body.mapping } : {}),
    ...(body.variables ? { variables: body.variables } : {}),
  };
  // the running deals on the source version, in the caller's regions (a city's deals may run the province's version)
  const rows = await ProcessInstance.query(deps.db).where('definition_id', from.id).whereNotIn('lifecycle', ['completed', 'terminated', 'failed'])
    .select('workflow_id', 'deal_code', 'region_code').orderBy('workflow_id').limit(MAX_DEALS + 1);
  const deals = rows.filter((r) => canSeeRegion(principal, r.region_code));
  if (deals.length > MAX_DEALS) throw new AppError('VALIDATION_FAILED', [{ path: 'fromVersion', message: `more than ${MAX_DEALS} running deals: move them by region` }]);
  return { from, to, plan, deals };
}

async function check(deps: Deps, deal: { workflow_id: string; deal_code: string | null; region_code: string }, plan: MigrationPlan): Promise<DealCheck> {
  const base = { workflowId: deal.workflow_id, dealCode: deal.deal_code, regionCode: deal.region_code };
  try {
    const result = await deps.temporal.client.workflow.getHandle(deal.workflow_id).query(migrationCheckQuery, plan);
    return { ...base, ...result };
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return { ...base, canMigrate: false, problems: [{ code: 'NOT_RUNNING', nodeId: null, message: 'the deal\'s workflow is gone' }] };
    throw err;
  }
}

/**
 * Whether the deal's state comes to pass `test` within a few seconds: a move just made takes effect by a
 * continue-as-new, so a late answer is read from the deal itself.
 */
export async function settlesTo(deps: Deps, workflowId: string, test: (state: ProcessSnapshot) => boolean): Promise<boolean> {
  for (let i = 0; i < 20; i++) {
    try {
      if (test(await deps.temporal.client.workflow.getHandle(workflowId).query(processStateQuery))) return true;
    } catch {
      // the new run may not answer queries yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

/** Which of the running deals on the source version can move onto the target under the plan, and why not. */
export async function dryRun(deps: Deps, principal: Principal, key: string, regionCode: string, body: MigrationBody) {
  const { from, to, plan, deals } = await planFor(deps, principal, key, regionCode, body);
  const withId = { ...plan, migrationId: `dry-run:${randomUUID()}` };
  const checks: DealCheck[] = [];
  for (const deal of deals) checks.push(await check(deps, deal, withId));
  return { from: from.definition, to: to.definition, deals: checks };
}

/** Moves the chosen deals (each checked again by the deal itself); answers each deal's outcome. */
export async function migrate(deps: Deps, principal: Principal, key: string, regionCode: string, body: MigrationBody & { workflowIds: string[]; reason: string }) {
  const { from, to, plan, deals } = await planFor(deps, principal, key, regionCode, body);
  const chosen = deals.filter((d) => body.workflowIds.includes(d.workflow_id));
  const unknown = body.workflowIds.filter((id) => !chosen.some((d) => d.workflow_id === id));
  if (unknown.length) throw new AppError('VALIDATION_FAILED', unknown.map((id) => ({ path: 'workflowIds', message: `${id} is not a running deal on version ${body.fromVersion}` })));
  const migrationId = randomUUID();
  const results: Array<DealCheck & { migrated: boolean }> = [];
  for (const deal of chosen) {
    const base = { workflowId: deal.workflow_id, dealCode: deal.deal_code, regionCode: deal.region_code };
    try {
      await deps.temporal.client.workflow.getHandle(deal.workflow_id).executeUpdate(migrateUpdate, {
        args: [{ ...plan, migrationId: `${migrationId}:${deal.workflow_id}`, reason: body.reason, actor: { userId: principal.userId, username: principal.username, role: principal.role, regionCode: principal.regionCode } }],
      });
      results.push({ ...base, canMigrate: true, problems: [], migrated: true });
    } catch (err) {
      if (!(err instanceof WorkflowUpdateFailedError)) {
        // The move is a continue-as-new right after the Update completes: a client polling for the outcome late asks
        // the new run, which has no such Update. Whether the deal moved is then read from the deal itself.
        if (await settlesTo(deps, deal.workflow_id, (state) => state.definition.hash === to.definition.hash)) {
          results.push({ ...base, canMigrate: true, problems: [], migrated: true });
          continue;
        }
        jsonLogger.error('migration: no answer from a deal', { workflowId: deal.workflow_id, error: (err as Error).name, message: (err as Error).message });
        results.push({ ...base, canMigrate: false, migrated: false, problems: [{ code: 'NO_ANSWER', nodeId: null, message: 'the deal did not answer: run the dry run again to see where it stands' }] });
        continue;
      }
      const cause = err.cause as { type?: string; message?: string; details?: unknown[] } | undefined;
      const problems = (cause?.details?.[0] as { problems?: MigrationProblem[] } | undefined)?.problems
        ?? [{ code: 'NOT_RUNNING' as const, nodeId: null, message: cause?.message ?? 'refused' }];
      results.push({ ...base, canMigrate: false, problems, migrated: false });
    }
  }
  await appendSupervisionEvent(deps.db, {
    idempotencyKey: `definition.migration:${migrationId}`, dealCode: null, regionCode, kind: 'definition.migration', actor: principal.username,
    payload: {
      migrationId, key, from: from.definition, to: to.definition, reason: body.reason, mapping: body.mapping ?? {},
      migrated: results.filter((r) => r.migrated).map((r) => r.dealCode ?? r.workflowId), refused: results.filter((r) => !r.migrated).map((r) => r.dealCode ?? r.workflowId),
    },
  });
  return { migrationId, from: from.definition, to: to.definition, results };
}

