// Deals started by an event rather than by hand: the procedures of a region (its own variant, else the province's
// active version) whose process-level start event is a signal or message start of that name, and the record of each
// start — written before the deal starts, so the same event handled again (a retried broadcast, a message published
// twice) starts the same deal under the same code, never a second one. Temporal refuses the duplicate start.
import { ProcessDefinition, Region, allocateDealCode, type Db } from '@ggzy/db';
import { evaluateCondition, type ProcessModel } from '@ggzy/process';
import { DefinitionNotFound, resolveDefinition, type ResolvedDefinition } from './definitions';

/** A conditional start: the variables its condition is evaluated with. */
export type StartTrigger = { type: 'signal'; name: string } | { type: 'message'; name: string } | { type: 'conditional'; variables: Record<string, unknown> };

/** Whether a conditional start's condition holds for the variables (one that cannot be evaluated does not). */
function holds(condition: string, variables: Record<string, unknown>): boolean {
  try {
    return evaluateCondition(condition, variables);
  } catch {
    return false;
  }
}

/** The process-level start event of the model that starts on the trigger, if any (the first whose condition holds). */
export function eventStartOf(model: ProcessModel, trigger: StartTrigger): string | null {
  const start = Object.values(model.nodes).find((n) => {
    if (n.kind !== 'startEvent' || n.scope || n.trigger?.type !== trigger.type) return false;
    if (trigger.type === 'conditional') return n.trigger.type === 'conditional' && holds(n.trigger.condition, trigger.variables);
    return (n.trigger.type === 'signal' ? n.trigger.signal : n.trigger.type === 'message' ? n.trigger.message : null) === trigger.name;
  });
  return start?.id ?? null;
}

/** The procedures the region runs that start on the trigger, each with the start event it begins at. */
export async function eventStarters(db: Db, regionCode: string, trigger: StartTrigger): Promise<Array<{ key: string; resolved: ResolvedDefinition; nodeId: string }>> {
  const region = await Region.query(db).findById(regionCode).select('parent_code');
  const regions = [regionCode, ...(region?.parent_code ? [region.parent_code] : [])];
  const keys = await ProcessDefinition.query(db).whereIn('region_code', regions).where('status', 'active').where('model', 'like', `%"${trigger.type}"%`).distinct('process_key').orderBy('process_key');
  const found = [];
  for (const { process_key: key } of keys) {
    try {
      const resolved = await resolveDefinition(db, key, regionCode);
      const nodeId = eventStartOf(resolved.model, trigger);
      if (nodeId) found.push({ key, resolved, nodeId });
    } catch (err) {
      if (!(err instanceof DefinitionNotFound)) throw err;
    }
  }
  return found;
}

/** The deal an event starts of a procedure: recorded (with its newly allocated code) the first time, the same after. */
export async function claimEventStart(
  db: Db, start: { eventKey: string; processKey: string; regionCode: string; nodeId: string; procedureKind: string | null | undefined },
): Promise<{ workflowId: string; dealCode: string | null; first: boolean }> {
  return db.transaction(async (trx) => {
    const earlier = await trx('event_starts').where('event_key', start.eventKey).first();
    if (earlier) return { workflowId: String(earlier.workflow_id), dealCode: earlier.deal_code ?? null, first: false };
    const dealCode = await allocateDealCode(trx, start.regionCode, start.procedureKind);
    const workflowId = `deal-${dealCode}`;
    await trx('event_starts').insert({
      event_key: start.eventKey, process_key: start.processKey, region_code: start.regionCode, node_id: start.nodeId, workflow_id: workflowId, deal_code: dealCode,
      created_at: new Date().toISOString(),
    });
    return { workflowId, dealCode, first: true };
  });
}

/**
 * The code recorded for an event's deal named a workflow Temporal already holds for another deal (a database restored
 * from an older backup, or two databases sharing one namespace): the code is skipped, never reused, and the next one
 * recorded instead.
 */
export async function reassignEventStart(db: Db, start: { eventKey: string; regionCode: string; procedureKind: string | null | undefined }): Promise<{ workflowId: string; dealCode: string }> {
  return db.transaction(async (trx) => {
    const dealCode = await allocateDealCode(trx, start.regionCode, start.procedureKind);
    const workflowId = `deal-${dealCode}`;
    await trx('event_starts').where('event_key', start.eventKey).update({ workflow_id: workflowId, deal_code: dealCode });
    return { workflowId, dealCode };
  });
}

/** How many taken codes an event start skips before it gives up (as a start by hand does). */
export const MAX_TAKEN_EVENT_CODES = 200;

/**
 * Starts an event's deal of a procedure once: the start recorded (claimEventStart), then `launch` tries the workflow
 * under its code — answering 'started', or 'taken' when Temporal already holds that id, and then `startedBy` tells
 * whose it is (the event key of its memo). Taken by an earlier attempt of this event: done; by another deal: the next
 * code. Answers the deal, and whether this call was the first to record it.
 */
export async function startEventDeal(
  db: Db,
  start: { eventKey: string; processKey: string; regionCode: string; nodeId: string; procedureKind: string | null | undefined },
  launch: (deal: { workflowId: string; dealCode: string | null }) => Promise<'started' | 'taken'>,
  startedBy: (workflowId: string) => Promise<unknown>,
  onSkip?: (dealCode: string | null) => void,
): Promise<{ workflowId: string; dealCode: string | null; first: boolean }> {
  const claim = await claimEventStart(db, start);
  let deal: { workflowId: string; dealCode: string | null } = claim;
  for (let skipped = 0; ; skipped++) {
    if ((await launch(deal)) === 'started' || (await startedBy(deal.workflowId)) === start.eventKey) return { ...deal, first: claim.first };
    if (skipped + 1 >= MAX_TAKEN_EVENT_CODES) throw new Error(`no free deal code for ${start.eventKey} after ${MAX_TAKEN_EVENT_CODES} taken ones: is the database behind Temporal?`);
    onSkip?.(deal.dealCode);
    deal = await reassignEventStart(db, start);
  }
}
