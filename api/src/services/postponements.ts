// 顺延 through the api: the centre's staff move a deal's bid deadline later at the organiser's request (the domain
// checks it is later, lawful and on a working day, and announces it), and the deal's procedure is told at once —
// what the worker's outbox pass would otherwise do a moment later.
import { ProcessInstance, type Db } from '@ggzy/db';
import { applyPendingPostponements, postponeBidDeadline, postponementsOf, type PostponementView } from '@ggzy/domain';
import { reschedulerFor } from '@ggzy/workflows/client';
import type { Principal } from '../auth/principal';
import { canSeeRegion } from '../auth/principal';
import { AppError } from '../http/errors';
import type { TemporalGateway } from '../temporal';
import { refusing } from './party';

type Deps = { db: Db; temporal: TemporalGateway };

async function dealOf(deps: Deps, principal: Principal, workflowId: string): Promise<string> {
  const instance = await ProcessInstance.query(deps.db).findById(workflowId);
  if (!instance || !canSeeRegion(principal, instance.region_code) || !instance.deal_code) throw new AppError('NOT_FOUND');
  return instance.deal_code;
}

export async function postpone(deps: Deps, principal: Principal, workflowId: string, body: { bidDeadline: string; reason: string; requestId: string }): Promise<PostponementView> {
  const dealCode = await dealOf(deps, principal, workflowId);
  const { postponement } = await refusing(() => deps.db.transaction((trx) => postponeBidDeadline(trx, {
    dealCode, to: new Date(body.bidDeadline), cause: 'requested', reason: body.reason, requestKey: `requested:${principal.userId}:${body.requestId}`,
    actor: principal.username, now: new Date(),
  })));
  if (postponement.workflowStatus === 'pending') await applyPendingPostponements(deps.db, reschedulerFor(deps.temporal.client), { dealCode });
  return (await postponementsOf(deps.db, dealCode)).find((p) => p.id === postponement.id)!;
}

/** After a party's late clarification or amendment moved the deadline: the procedure is told now. */
export async function tellProcedure(deps: Deps, dealCode: string): Promise<void> {
  await applyPendingPostponements(deps.db, reschedulerFor(deps.temporal.client), { dealCode });
}

export async function list(deps: Deps, principal: Principal, workflowId: string): Promise<PostponementView[]> {
  return postponementsOf(deps.db, await dealOf(deps, principal, workflowId));
}
