// The process's own signal start events: a signal broadcast in a region starts a new deal of every procedure of the
// region (its own variant, else the province's) whose active version starts on that signal — with the signal's
// variables, at that start event, under a deal code allocated as any start does. Each start is recorded before the
// deal starts (claimEventStart), so a broadcast retried after a crash starts the same deal, never a second one.
import { Context } from '@temporalio/activity';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { TypedSearchAttributes, WorkflowIdConflictPolicy, WorkflowIdReusePolicy } from '@temporalio/common';
import { calendarFor, type Db } from '@ggzy/db';
import { claimEventStart, eventStarters } from '@ggzy/domain';
import { CityKey, DealCodeKey, ProcessKeyKey, StatusKey, WORKFLOW_TYPES, type ProcessInput } from '@ggzy/workflows';

export async function startBySignal(db: Db, input: { signalId: string; name: string; regionCode: string; variables?: Record<string, unknown> }): Promise<string[]> {
  const started: string[] = [];
  const { client } = Context.current();
  const { taskQueue } = Context.current().info;
  for (const { key, resolved, nodeId } of await eventStarters(db, input.regionCode, { type: 'signal', name: input.name })) {
    const { workflowId, dealCode } = await claimEventStart(db, {
      eventKey: `signal:${input.signalId}:${key}:${input.regionCode}`, processKey: key, regionCode: input.regionCode, nodeId, procedureKind: resolved.model.procedureKind,
    });
    const processInput: ProcessInput = {
      model: resolved.model, definition: resolved.definition, regionCode: input.regionCode, dealCode,
      variables: input.variables ?? {}, calendar: await calendarFor(db, input.regionCode), startedBy: `system:signal:${input.name}`, startAt: nodeId,
    };
    try {
      await client.workflow.start(WORKFLOW_TYPES.process, {
        workflowId, taskQueue, args: [processInput],
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE, workflowIdConflictPolicy: WorkflowIdConflictPolicy.FAIL,
        typedSearchAttributes: new TypedSearchAttributes([
          { key: CityKey, value: input.regionCode }, { key: ProcessKeyKey, value: key }, { key: StatusKey, value: 'active' },
          ...(dealCode ? [{ key: DealCodeKey, value: dealCode }] : []),
        ]),
      });
    } catch (err) {
      // started by an earlier attempt of this broadcast
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
    started.push(workflowId);
  }
  return started;
}
