// Four eyes on termination (等保2.0 level 3 and the 三权分立 review: a termination refunds every deposit and ends the deal
// for good, so one person alone does not decide it). A supervisor's terminate directive waits, on the trail, until a
// second supervisor who oversees the deal confirms it — or the supervisor gives a fresh second-factor code with it, and
// the directive takes effect at once. A request not confirmed within a day lapses; one deal has one request waiting at
// a time. The engine sees the directive only when it takes effect, under the id the first supervisor gave it.
import type { WorkflowHandle } from '@temporalio/client';
import { TerminationRequest, User, type Db, type PayloadKeyRing } from '@ggzy/db';
import { appendSupervisionEvent, chainKeyOf } from '@ggzy/domain';
import { isLifecycleEnded, type Lifecycle } from '@ggzy/workflows';
import { AppError } from '../http/errors';
import type { Principal } from '../auth/principal';
import { reauthenticate } from '../auth/reauthentication';
import type { TemporalGateway } from '../temporal';
import { actorOf, issueDirective, visibleHandle } from './processes';

type Deps = { db: Db; temporal: TemporalGateway; secondFactorKeys?: PayloadKeyRing | null };

/** How long a termination waits for its confirmation before it lapses. */
export const TERMINATION_PENDING_MS = 24 * 60 * 60 * 1000;

export interface TerminationReply {
  directiveId: string;
  lifecycle: Lifecycle;
  /** The engine applied it now (false: it was applied before, or it awaits confirmation). */
  applied: boolean;
  awaitingConfirmation: boolean;
}

export interface TerminationRequestView {
  directiveId: string; reason: string; requestedBy: string; requestedAt: string; expiresAt: string; status: 'pending' | 'confirmed' | 'lapsed';
  confirmedBy: string | null; confirmedAt: string | null;
}

function statusOf(request: TerminationRequest, now: Date): TerminationRequestView['status'] {
  if (request.status === 'confirmed') return 'confirmed';
  return new Date(request.requested_at).getTime() + TERMINATION_PENDING_MS <= now.getTime() ? 'lapsed' : 'pending';
}

function viewOf(request: TerminationRequest, now: Date): TerminationRequestView {
  return {
    directiveId: request.directive_id, reason: request.reason, requestedBy: request.requested_by, requestedAt: request.requested_at,
    expiresAt: new Date(new Date(request.requested_at).getTime() + TERMINATION_PENDING_MS).toISOString(), status: statusOf(request, now),
    confirmedBy: request.confirmed_by, confirmedAt: request.confirmed_at,
  };
}

/** Where on the trail: the deal's chain, under keys that carry the workflow id and its first run's id as every key of the deal does. */
interface DealOnTrail { workflowId: string; firstRunId: string; dealCode: string | null; regionCode: string }

async function dealOnTrail(handle: WorkflowHandle, state: { dealCode: string | null; regionCode: string }): Promise<DealOnTrail> {
  const described = await handle.describe();
  return { workflowId: handle.workflowId, firstRunId: described.raw.workflowExecutionInfo?.firstRunId || described.runId, dealCode: state.dealCode, regionCode: state.regionCode };
}

async function record(trx: Db, deal: DealOnTrail, kind: string, actor: string, payload: Record<string, unknown>, directiveId: string, now: Date) {
  await appendSupervisionEvent(trx, {
    idempotencyKey: `${deal.workflowId}@${deal.firstRunId}:${kind}:${directiveId}`, chainKey: chainKeyOf(deal.workflowId, deal.dealCode),
    dealCode: deal.dealCode, regionCode: deal.regionCode, kind, actor, payload, occurredAt: now.toISOString(),
  });
}

/**
 * A supervisor's terminate directive: with a fresh second-factor code it takes effect now; without, it waits for a
 * second supervisor (answered with awaitingConfirmation). The same directive id sent again answers as the first did.
 */
export async function requestTermination(deps: Deps, principal: Principal, workflowId: string, directive: { directiveId: string; reason: string }, code?: string, now = new Date()): Promise<TerminationReply> {
  const { handle, state } = await visibleHandle(deps, principal, workflowId);
  const known = await TerminationRequest.query(deps.db).findOne({ directive_id: directive.directiveId });
  if (known) {
    if (known.workflow_id !== workflowId || known.requested_by !== principal.username) throw new AppError('CONFLICT');
    const pending = statusOf(known, now) === 'pending';
    if (!pending && known.status !== 'confirmed') throw new AppError('TERMINATION_NOT_PENDING');
    return { directiveId: directive.directiveId, lifecycle: state.lifecycle, applied: false, awaitingConfirmation: pending };
  }
  if (isLifecycleEnded(state.lifecycle)) throw new AppError('PROCESS_ENDED');
  if (code !== undefined) {
    await reauthenticate(deps, principal, code, now);
    const reply = await issueDirective(deps, principal, workflowId, { directiveId: directive.directiveId, kind: 'terminate', reason: directive.reason });
    const deal = await dealOnTrail(handle, state);
    await deps.db.transaction((trx) => record(trx, deal, 'directive.terminate-confirmed', principal.username,
      { directiveId: directive.directiveId, requestedBy: principal.username, confirmedBy: principal.username, confirmation: 'second-factor' }, directive.directiveId, now));
    return { directiveId: reply.directiveId, lifecycle: reply.lifecycle, applied: reply.applied, awaitingConfirmation: false };
  }
  const deal = await dealOnTrail(handle, state);
  await deps.db.transaction(async (trx) => {
    const waiting = await TerminationRequest.query(trx).where({ workflow_id: workflowId, status: 'pending' })
      .where('requested_at', '>', new Date(now.getTime() - TERMINATION_PENDING_MS).toISOString()).first();
    if (waiting) throw new AppError('TERMINATION_PENDING');
    const inserted = await trx('termination_requests').insert({
      directive_id: directive.directiveId, workflow_id: workflowId, deal_code: state.dealCode, region_code: state.regionCode, reason: directive.reason,
      requested_by: principal.username, requested_at: now.toISOString(), status: 'pending',
    }).onConflict('directive_id').ignore().returning('id');
    if (inserted.length === 0) throw new AppError('CONFLICT'); // the same id sent twice at once: the other one holds it
    await record(trx, deal, 'directive.terminate-requested', principal.username,
      { directiveId: directive.directiveId, reason: directive.reason, requestedBy: principal.username }, directive.directiveId, now);
  });
  return { directiveId: directive.directiveId, lifecycle: state.lifecycle, applied: false, awaitingConfirmation: true };
}

/**
 * A second supervisor who oversees the deal confirms a waiting termination: the directive takes effect (as the first
 * supervisor's, with its reason) and the confirmation is on the trail. The requester cannot confirm its own.
 */
export async function confirmTermination(deps: Deps, principal: Principal, workflowId: string, directiveId: string, now = new Date()): Promise<TerminationReply> {
  const { handle, state } = await visibleHandle(deps, principal, workflowId);
  const request = await TerminationRequest.query(deps.db).findOne({ directive_id: directiveId, workflow_id: workflowId });
  if (!request) throw new AppError('TERMINATION_REQUEST_NOT_FOUND');
  if (request.requested_by === principal.username) throw new AppError('FOUR_EYES_SAME_PERSON');
  const status = statusOf(request, now);
  if (status === 'confirmed' && request.confirmed_by === principal.username) {
    return { directiveId, lifecycle: state.lifecycle, applied: false, awaitingConfirmation: false }; // the same confirmation again
  }
  if (status !== 'pending') throw new AppError('TERMINATION_NOT_PENDING');
  const requester = await User.query(deps.db).findOne({ username: request.requested_by });
  if (!requester) throw new AppError('TERMINATION_NOT_PENDING');
  // the engine applies a directive id once: two confirmations at once terminate once
  const reply = await issueDirective(deps, principal, workflowId, { directiveId, kind: 'terminate', reason: request.reason }, actorOf({
    userId: requester.id, username: requester.username, displayName: requester.display_name, role: requester.role, regionCode: requester.region_code, visibleRegions: [],
  }));
  const deal = await dealOnTrail(handle, state);
  await deps.db.transaction(async (trx) => {
    const confirmed = await TerminationRequest.query(trx).patch({ status: 'confirmed', confirmed_by: principal.username, confirmed_at: now.toISOString() })
      .where({ id: request.id, status: 'pending' });
    if (confirmed === 1) {
      await record(trx, deal, 'directive.terminate-confirmed', principal.username,
        { directiveId, requestedBy: request.requested_by, confirmedBy: principal.username, confirmation: 'second-supervisor' }, directiveId, now);
    }
  });
  return { directiveId, lifecycle: reply.lifecycle, applied: reply.applied, awaitingConfirmation: false };
}

/** The deal's termination requests, newest first (waiting, confirmed and lapsed). */
export async function terminationRequests(deps: Deps, principal: Principal, workflowId: string, now = new Date()): Promise<TerminationRequestView[]> {
  await visibleHandle(deps, principal, workflowId);
  const rows = await TerminationRequest.query(deps.db).where('workflow_id', workflowId).orderBy('requested_at', 'desc').orderBy('id', 'desc');
  return rows.map((r) => viewOf(r, now));
}
