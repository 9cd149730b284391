// The interpreter's signal broadcast: a signal throw or end event reaches every running deal of the region whose
// process can wait for that signal; each deal catches it with what waits there now. The deal that threw it has
// caught it already, in the workflow, and is left out here. The procedures with a signal start event of that name
// start a new deal each (signal-starts.ts).
import { Context } from '@temporalio/activity';
import { WorkflowNotFoundError } from '@temporalio/client';
import { ProcessDefinition, ProcessInstance, type Db } from '@ggzy/db';
import type { ProcessModel } from '@ggzy/process';
import { deliverSignalUpdate, type BroadcastSignalInput } from '@ggzy/workflows';
import { startBySignal } from './event-starts';

const ENDED = ['completed', 'terminated', 'failed'];
const AT_ONCE = 8;

/** Whether a model has a signal catch event, boundary or event-gateway branch for the signal. */
export function waitsForSignal(model: ProcessModel, name: string): boolean {
  return Object.values(model.nodes).some((n) => (n.kind === 'signalCatch' && n.signal === name) || (n.kind === 'boundaryEvent' && n.trigger.type === 'signal' && n.trigger.signal === name));
}

/** The running deals of the region whose process version can wait for the signal. */
export async function signalReceivers(db: Db, regionCode: string, name: string, except?: string): Promise<string[]> {
  const definitions = await ProcessDefinition.query(db).where('model', 'like', '%"signal"%').select('id', 'model');
  const ids = definitions.filter((d) => waitsForSignal(JSON.parse(d.model) as ProcessModel, name)).map((d) => d.id);
  if (!ids.length) return [];
  const rows = await ProcessInstance.query(db).where('region_code', regionCode).whereIn('definition_id', ids).whereNotIn('lifecycle', ENDED).select('workflow_id').orderBy('workflow_id');
  return rows.map((r) => r.workflow_id).filter((id) => id !== except);
}

export function broadcastSignal(db: Db) {
  return async (input: BroadcastSignalInput): Promise<{ deals: number; caught: number }> => {
    const receivers = await signalReceivers(db, input.regionCode, input.name, input.fromWorkflowId);
    const client = Context.current().client;
    let caught = 0;
    for (let i = 0; i < receivers.length; i += AT_ONCE) {
      Context.current().heartbeat({ delivered: i });
      await Promise.all(receivers.slice(i, i + AT_ONCE).map(async (workflowId) => {
        try {
          const reply = await client.workflow.getHandle(workflowId).executeUpdate(deliverSignalUpdate, {
            args: [{ signalId: input.signalId, name: input.name, ...(input.variables ? { variables: input.variables } : {}) }],
          });
          caught += reply.caught;
        } catch (err) {
          // a deal that ended meanwhile does not catch it; anything else is retried (the signal id keeps it once)
          const code = (err as { cause?: { type?: string } }).cause?.type;
          if (err instanceof WorkflowNotFoundError || code === 'PROCESS_ENDED' || /already completed|not running/i.test((err as Error).message)) return;
          throw err;
        }
      }));
    }
    // and the procedures that start on the signal start a deal each (once, however often this activity runs)
    const started = await startBySignal(db, input);
    return { deals: receivers.length + started.length, caught: caught + started.length };
  };
}
