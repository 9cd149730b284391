// Moving a deal's token (Operate's move, 运行监控): when a deal stands where it should not — a step done in error, a
// step to be done again — the system administrator asks, with a reason, to move the token from where it waits to
// another step of the same kind in the model the deal runs; the deal checks the move on its own state at once. A
// supervisor of the deal's region confirms it (two people, two duties), and the deal moves: the instance migration's
// machinery with the deal's own version as the target and the one node mapped, so the move is deterministic and on the
// deal's trail (`token.moved`, with who asked and who confirmed). The supervisor may decline it; the one who asked
// may cancel it while it is pending.
import { randomUUID } from 'node:crypto';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ProcessInstance, type Db } from '@ggzy/db';
import { getDefinitionVersion } from '@ggzy/domain';
import { migrateUpdate, migrationCheckQuery, processStateQuery, type MigrationPlan, type MigrationProblem } from '@ggzy/workflows';
import type { Principal } from '../auth/principal';
import { canSeeRegion } from '../auth/principal';
import { AppError } from '../http/errors';
import { jsonLogger } from '../http/middleware';
import type { TemporalGateway } from '../temporal';
import { settlesTo } from './migrations';
import { actorOf } from './processes';

type Deps = { db: Db; temporal: TemporalGateway };

interface MoveRow {
  id: number; workflow_id: string; deal_code: string | null; region_code: string; from_node: string; to_node: string; reason: string;
  requested_by: string; requested_at: string | Date; status: string; decided_by: string | null; decided_at: string | Date | null; outcome: string | null;
}

const iso = (v: string | Date | null) => (v === null ? null : new Date(v).toISOString());

function view(r: MoveRow) {
  return {
    id: Number(r.id), workflowId: r.workflow_id, dealCode: r.deal_code, regionCode: r.region_code, fromNodeId: r.from_node, toNodeId: r.to_node,
    reason: r.reason, requestedBy: r.requested_by, requestedAt: iso(r.requested_at), status: r.status, decidedBy: r.decided_by, decidedAt: iso(r.decided_at),
    problems: r.outcome ? (JSON.parse(r.outcome) as MigrationProblem[]) : [],
  };
}

async function stateOf(deps: Deps, workflowId: string) {
  try {
    return await deps.temporal.client.workflow.getHandle(workflowId).query(processStateQuery);
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) throw new AppError('NOT_FOUND');
    throw new AppError('TEMPORAL_UNAVAILABLE', undefined, (err as Error).message);
  }
}

/** The move as a plan on the deal's own version: the one node mapped. */
async function planFor(deps: Deps, workflowId: string, from: string, to: string, requestedBy: string): Promise<Omit<MigrationPlan, 'migrationId'>> {
  const state = await stateOf(deps, workflowId);
  const version = await getDefinitionVersion(deps.db, state.definition.key, state.definition.regionCode, state.definition.version);
  if (!version) throw new AppError('NOT_FOUND');
  if (!version.model.nodes[to]) throw new AppError('VALIDATION_FAILED', [{ path: 'body.toNodeId', message: `no step ${to} in ${state.definition.key} v${state.definition.version}` }]);
  return { target: { model: version.model, definition: version.definition }, mapping: { [from]: to }, move: { from, to, requestedBy } };
}

/** Asks for a move; the deal checks it at once (a move it would refuse is refused now, with its reasons). */
export async function requestMove(deps: Deps, principal: Principal, workflowId: string, body: { fromNodeId: string; toNodeId: string; reason: string }) {
  const instance = await ProcessInstance.query(deps.db).findById(workflowId);
  if (!instance || !canSeeRegion(principal, instance.region_code)) throw new AppError('NOT_FOUND');
  if (['completed', 'terminated', 'failed'].includes(instance.lifecycle)) throw new AppError('PROCESS_ENDED');
  const plan = await planFor(deps, workflowId, body.fromNodeId, body.toNodeId, principal.username);
  const check = await deps.temporal.client.workflow.getHandle(workflowId).query(migrationCheckQuery, { ...plan, migrationId: `dry-run:${randomUUID()}` });
  if (!check.canMigrate) throw new AppError('TOKEN_MOVE_REFUSED', check.problems.map((p) => ({ path: p.nodeId ? `node ${p.nodeId}` : 'body', message: p.message })));
  const [id] = await deps.db('token_moves').insert({
    workflow_id: workflowId, deal_code: instance.deal_code, region_code: instance.region_code, from_node: body.fromNodeId, to_node: body.toNodeId,
    reason: body.reason, requested_by: principal.username, requested_at: new Date().toISOString(), status: 'pending',
  }).returning('id');
  const row = await deps.db('token_moves').where('id', typeof id === 'object' ? (id as { id: number }).id : id).first() as MoveRow;
  return view(row);
}

/** The moves of the caller's regions, newest first (pending ones to confirm, and what became of the others). */
export async function listMoves(db: Db, principal: Principal, query: { status?: string; limit?: number }) {
  const q = db('token_moves').whereIn('region_code', principal.visibleRegions as string[]).orderBy('id', 'desc').limit(Math.min(query.limit ?? 200, 500));
  if (query.status) q.where('status', query.status);
  return ((await q) as MoveRow[]).map(view);
}

async function pendingMove(deps: Deps, principal: Principal, id: number): Promise<MoveRow> {
  const row = await deps.db('token_moves').where('id', id).first() as MoveRow | undefined;
  if (!row || !canSeeRegion(principal, row.region_code)) throw new AppError('NOT_FOUND');
  if (row.status !== 'pending') throw new AppError('TOKEN_MOVE_NOT_PENDING');
  return row;
}

async function decide(deps: Deps, row: MoveRow, principal: Principal, status: 'moved' | 'refused' | 'declined' | 'cancelled', problems: MigrationProblem[] = []) {
  await deps.db('token_moves').where({ id: row.id, status: 'pending' }).update({
    status, decided_by: principal.username, decided_at: new Date().toISOString(), outcome: problems.length ? JSON.stringify(problems) : null,
  });
  return view(await deps.db('token_moves').where('id', row.id).first() as MoveRow);
}

/**
 * A supervisor decides a pending move: declines it, or confirms it — the deal then checks it again on its state now
 * and moves, or says why not.
 */
export async function decideMove(deps: Deps, principal: Principal, id: number, decision: 'confirm' | 'decline') {
  const row = await pendingMove(deps, principal, id);
  if (row.requested_by === principal.username) throw new AppError('FORBIDDEN');
  if (decision === 'decline') return decide(deps, row, principal, 'declined');
  const plan = await planFor(deps, row.workflow_id, row.from_node, row.to_node, row.requested_by);
  try {
    await deps.temporal.client.workflow.getHandle(row.workflow_id).executeUpdate(migrateUpdate, {
      args: [{ ...plan, migrationId: `move:${row.id}`, reason: row.reason, actor: actorOf(principal) }],
    });
    return await decide(deps, row, principal, 'moved');
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError) {
      const cause = err.cause as { message?: string; details?: unknown[] } | undefined;
      const problems = (cause?.details?.[0] as { problems?: MigrationProblem[] } | undefined)?.problems
        ?? [{ code: 'NOT_RUNNING' as const, nodeId: null, message: cause?.message ?? 'refused' }];
      return decide(deps, row, principal, 'refused', problems);
    }
    // the move is a continue-as-new right after the Update: a late answer is read from the deal itself
    if (await settlesTo(deps, row.workflow_id, (state) => state.tokens.some((t) => t.nodeId === row.to_node))) return decide(deps, row, principal, 'moved');
    jsonLogger.error('token move: no answer from the deal', { workflowId: row.workflow_id, moveId: row.id, error: (err as Error).name });
    throw new AppError('TEMPORAL_UNAVAILABLE', undefined, 'the deal did not answer: the move stays pending');
  }
}

/** The one who asked cancels a move still pending. */
export async function cancelMove(deps: Deps, principal: Principal, id: number) {
  const row = await pendingMove(deps, principal, id);
  if (row.requested_by !== principal.username) throw new AppError('FORBIDDEN');
  return decide(deps, row, principal, 'cancelled');
}
