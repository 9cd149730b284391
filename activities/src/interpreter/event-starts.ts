// Deals started by an event of the process's own start events: a signal broadcast in a region starts a new deal of
// every procedure of the region (its own variant, else the province's) whose active version starts on that signal;
// a schedule's firing of a timer start event starts a deal of that version. Each begins at its start event, under a
// deal code allocated as any start does, recorded before the deal starts (startEventDeal): the same event handled
// again (a retried activity) starts the same deal, never a second one.
import { Context } from '@temporalio/activity';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { TypedSearchAttributes, WorkflowIdConflictPolicy, WorkflowIdReusePolicy } from '@temporalio/common';
import { calendarFor, type Db } from '@ggzy/db';
import { isWorkingDay } from '@ggzy/process';
import { eventStarters, getDefinitionVersion, startEventDeal, type ResolvedDefinition } from '@ggzy/domain';
import { CityKey, DealCodeKey, ProcessKeyKey, StatusKey, WORKFLOW_TYPES, type ProcessInput, type TimerStartInput } from '@ggzy/workflows';

async function startAt(db: Db, start: { eventKey: string; key: string; resolved: ResolvedDefinition; nodeId: string; regionCode: string; variables: Record<string, unknown>; startedBy: string }): Promise<string> {
  const { client } = Context.current();
  const { taskQueue } = Context.current().info;
  const calendar = await calendarFor(db, start.regionCode);
  const deal = await startEventDeal(db, { eventKey: start.eventKey, processKey: start.key, regionCode: start.regionCode, nodeId: start.nodeId, procedureKind: start.resolved.model.procedureKind },
    async ({ workflowId, dealCode }) => {
      const input: ProcessInput = {
        model: start.resolved.model, definition: start.resolved.definition, regionCode: start.regionCode, dealCode,
        variables: start.variables, calendar, startedBy: start.startedBy, startAt: start.nodeId,
      };
      try {
        await client.workflow.start(WORKFLOW_TYPES.process, {
          workflowId, taskQueue, args: [input], memo: { eventKey: start.eventKey },
          workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE, workflowIdConflictPolicy: WorkflowIdConflictPolicy.FAIL,
          typedSearchAttributes: new TypedSearchAttributes([
            { key: CityKey, value: start.regionCode }, { key: ProcessKeyKey, value: start.key }, { key: StatusKey, value: 'active' },
            ...(dealCode ? [{ key: DealCodeKey, value: dealCode }] : []),
          ]),
        });
        return 'started';
      } catch (err) {
        if (err instanceof WorkflowExecutionAlreadyStartedError) return 'taken';
        throw err;
      }
    },
    async (workflowId) => (await client.workflow.getHandle(workflowId).describe()).memo?.eventKey);
  return deal.workflowId;
}

export async function startBySignal(db: Db, input: { signalId: string; name: string; regionCode: string; variables?: Record<string, unknown> }): Promise<string[]> {
  const started: string[] = [];
  for (const { key, resolved, nodeId } of await eventStarters(db, input.regionCode, { type: 'signal', name: input.name })) {
    started.push(await startAt(db, {
      eventKey: `signal:${input.signalId}:${key}:${input.regionCode}`, key, resolved, nodeId, regionCode: input.regionCode,
      variables: input.variables ?? {}, startedBy: `system:signal:${input.name}`,
    }));
  }
  return started;
}

/** A schedule's firing: the deal of that version's timer start event (null when the version no longer exists). */
export function startByTimer(db: Db) {
  return async (input: TimerStartInput & { firingId: string }): Promise<string | null> => {
    const resolved = await getDefinitionVersion(db, input.processKey, input.regionCode, input.version);
    if (!resolved) return null;
    // every working day: a day off of the region's calendar starts nothing
    if (input.workingDaysOnly) {
      const now = Date.now();
      if (!isWorkingDay(now, await calendarFor(db, input.regionCode, now))) return null;
    }
    return startAt(db, { eventKey: `timer:${input.firingId}`, key: input.processKey, resolved, nodeId: input.nodeId, regionCode: input.regionCode, variables: {}, startedBy: 'system:timer' });
  };
}
