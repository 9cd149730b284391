// The process's own signal start events: a signal broadcast in a region starts a new deal of every procedure of the
// region (its own variant, else the province's) whose active version starts on that signal — with the signal's
// variables, at that start event, under a deal code allocated as any start does. Each start is recorded before the
// deal starts (event_starts), so a broadcast retried after a crash starts the same deal, never a second one.
import { Context } from '@temporalio/activity';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { TypedSearchAttributes, WorkflowIdConflictPolicy, WorkflowIdReusePolicy } from '@temporalio/common';
import { ProcessDefinition, Region, allocateDealCode, calendarFor, type Db } from '@ggzy/db';
import { resolveDefinition, DefinitionNotFound } from '@ggzy/domain';
import type { ProcessModel } from '@ggzy/process';
import { CityKey, DealCodeKey, ProcessKeyKey, StatusKey, WORKFLOW_TYPES, type ProcessInput } from '@ggzy/workflows';

/** The process-level start event of the model that starts on the signal, if any. */
export function signalStartOf(model: ProcessModel, name: string): string | null {
  const start = Object.values(model.nodes).find((n) => n.kind === 'startEvent' && !n.scope && n.trigger?.type === 'signal' && n.trigger.signal === name);
  return start?.id ?? null;
}

/** The procedures the region would run (its own variant, else the province's) that start on the signal. */
async function starters(db: Db, regionCode: string, name: string) {
  const region = await Region.query(db).findById(regionCode).select('parent_code');
  const regions = [regionCode, ...(region?.parent_code ? [region.parent_code] : [])];
  const keys = await ProcessDefinition.query(db).whereIn('region_code', regions).where('status', 'active').where('model', 'like', '%"signal"%').distinct('process_key');
  const found = [];
  for (const { process_key: key } of keys) {
    try {
      const resolved = await resolveDefinition(db, key, regionCode);
      const nodeId = signalStartOf(resolved.model, name);
      if (nodeId) found.push({ key, resolved, nodeId });
    } catch (err) {
      if (!(err instanceof DefinitionNotFound)) throw err;
    }
  }
  return found;
}

export async function startBySignal(db: Db, input: { signalId: string; name: string; regionCode: string; variables?: Record<string, unknown> }): Promise<string[]> {
  const started: string[] = [];
  const { client, taskQueue } = { client: Context.current().client, taskQueue: Context.current().info.taskQueue };
  for (const { key, resolved, nodeId } of await starters(db, input.regionCode, input.name)) {
    const eventKey = `signal:${input.signalId}:${key}:${input.regionCode}`;
    const row = await db.transaction(async (trx) => {
      const earlier = await trx('event_starts').where('event_key', eventKey).first();
      if (earlier) return earlier as { workflow_id: string; deal_code: string | null };
      const dealCode = await allocateDealCode(trx, input.regionCode, resolved.model.procedureKind);
      const fresh = { event_key: eventKey, process_key: key, region_code: input.regionCode, node_id: nodeId, workflow_id: `deal-${dealCode}`, deal_code: dealCode, created_at: new Date().toISOString() };
      await trx('event_starts').insert(fresh);
      return fresh;
    });
    const processInput: ProcessInput = {
      model: resolved.model, definition: resolved.definition, regionCode: input.regionCode, dealCode: row.deal_code,
      variables: input.variables ?? {}, calendar: await calendarFor(db, input.regionCode), startedBy: `system:signal:${input.name}`, startAt: nodeId,
    };
    try {
      await client.workflow.start(WORKFLOW_TYPES.process, {
        workflowId: row.workflow_id, taskQueue, args: [processInput],
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE, workflowIdConflictPolicy: WorkflowIdConflictPolicy.FAIL,
        typedSearchAttributes: new TypedSearchAttributes([
          { key: CityKey, value: input.regionCode }, { key: ProcessKeyKey, value: key }, { key: StatusKey, value: 'active' },
          ...(row.deal_code ? [{ key: DealCodeKey, value: row.deal_code }] : []),
        ]),
      });
    } catch (err) {
      // started by an earlier attempt of this broadcast
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
    started.push(row.workflow_id);
  }
  return started;
}
