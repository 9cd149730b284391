// 异议 outside the opening hall as the api serves it: a bidder raises one (with files it uploaded), the tenderee or
// its agency answers, staff and supervisors of the city read them with who raised them. The deal is held while one
// is pending: the domain decides, and this file gives it the directives — sent to the deal's workflow as a system
// supervisor through the api's Temporal client.
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { Db } from '@ggzy/db';
import {
  answerDealObjection, isOrganiser, isRelated, objectionsForParty, objectionsForStaff, raiseDealObjection, relationOf, uploadedBy,
  type DealDirectives, type ObjectStore, type ObjectionFile, type ObjectionKind,
} from '@ggzy/domain';
import { directiveUpdate } from '@ggzy/workflows';
import type { Principal } from '../auth/principal';
import { AppError } from '../http/errors';
import type { TemporalGateway } from '../temporal';
import { storeOf } from './files';
import { actorOf, refusing } from './party';

type Deps = { db: Db; temporal: TemporalGateway; objects?: ObjectStore | null };

/** A directive to a deal's workflow: one the engine refuses in its state (already suspended …) is `refused`, never an error. */
export function temporalDirectives(temporal: TemporalGateway): DealDirectives {
  return async (workflowId, request) => {
    const handle = temporal.client.workflow.getHandle(workflowId);
    try {
      const { status } = await handle.describe();
      if (status.name !== 'RUNNING') return 'not-running';
      await handle.executeUpdate(directiveUpdate, { args: [request] });
      return 'applied';
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return 'not-running';
      if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
        if (err.cause.type === 'DIRECTIVE_NOT_ALLOWED') return 'refused';
        if (err.cause.type === 'PROCESS_ENDED') return 'not-running';
      }
      throw err;
    }
  };
}

/** The party's relation to the deal: none at all is "not found", as for every party route. */
async function related(db: Db, principal: Principal, dealCode: string) {
  const actor = actorOf(principal);
  const relation = await relationOf(db, actor.subjectId, dealCode);
  if (!relation || !isRelated(relation)) throw new AppError('NOT_FOUND');
  return { actor, relation };
}

/** The files named by their SHA-256: only completed uploads of this user, so nobody attaches what they could not read. */
async function ownFiles(deps: Deps, userId: number, files: Array<{ sha256: string; fileName: string }>): Promise<ObjectionFile[]> {
  if (files.length === 0) return [];
  const store = storeOf(deps.objects);
  const found: ObjectionFile[] = [];
  for (const [i, f] of files.entries()) {
    const sha256 = f.sha256.toLowerCase();
    const size = await store.size(sha256);
    if (!(await uploadedBy(deps.db, sha256, userId)) || size === null) {
      throw new AppError('NOT_FOUND', [{ path: `body.files.${i}.sha256`, message: 'no completed upload of yours has this SHA-256' }]);
    }
    found.push({ sha256, fileName: f.fileName, sizeBytes: size });
  }
  return found;
}

export async function raise(deps: Deps, principal: Principal, dealCode: string, body: { requestId: string; kind: ObjectionKind; text: string; files: Array<{ sha256: string; fileName: string }> }) {
  const { actor, relation } = await related(deps.db, principal, dealCode);
  if (!relation.roles.includes('bidder')) throw new AppError('NOT_REGISTERED_BIDDER');
  const files = await ownFiles(deps, principal.userId, body.files);
  return refusing(() => raiseDealObjection(deps.db, {
    dealCode, kind: body.kind, text: body.text, files, requestId: body.requestId, actor, now: new Date(), directives: temporalDirectives(deps.temporal),
  }));
}

export async function answer(deps: Deps, principal: Principal, dealCode: string, objectionId: number, text: string) {
  const { actor, relation } = await related(deps.db, principal, dealCode);
  if (!isOrganiser(relation)) throw new AppError('NOT_ORGANISER');
  return refusing(() => answerDealObjection(deps.db, { dealCode, objectionId, answer: text, actor, now: new Date(), directives: temporalDirectives(deps.temporal) }));
}

/** A bidder: its own objections; the organiser: every one, with who raised it; both: whether the deal is held. */
export async function forParty(db: Db, principal: Principal, dealCode: string) {
  const { actor, relation } = await related(db, principal, dealCode);
  const organiser = isOrganiser(relation);
  const answer = await objectionsForParty(db, { dealCode, subjectId: actor.subjectId, organiser, now: new Date() });
  return { ...answer, mayRaise: relation.bidderSections.some((s) => s.bidStatus !== 'withdrawn'), mayAnswer: organiser };
}

export const forStaff = (db: Db, principal: Principal, query: { dealCode?: string; overdue?: boolean; limit: number }) =>
  objectionsForStaff(db, { regions: principal.visibleRegions, dealCode: query.dealCode, overdueOnly: query.overdue, limit: query.limit, now: new Date() });
