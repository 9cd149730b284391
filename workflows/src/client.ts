// What the api and the worker's jobs both say to a running deal through a Temporal client (outside the sandbox; the
// workflow bundle never imports this file).
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { rescheduleUpdate } from './engine/updates-and-queries';

export type RescheduleOutcome = { status: 'applied' | 'no-date' | 'not-running' } | { status: 'failed'; error: string };

/** Sends a 顺延 to a deal's procedure (idempotent by its id): the dates move, and the timers that read them follow. */
export function reschedulerFor(client: Client) {
  return async (workflowId: string, request: { rescheduleId: string; dates: Record<string, string>; reason: string; alsoShift?: string[] }): Promise<RescheduleOutcome> => {
    try {
      await client.workflow.getHandle(workflowId).executeUpdate(rescheduleUpdate, {
        args: [{ ...request, actor: { userId: 0, username: 'system:postponement', role: 'system', regionCode: '' } }],
      });
      return { status: 'applied' };
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return { status: 'not-running' };
      if (err instanceof WorkflowUpdateFailedError) {
        const type = (err.cause as { type?: string } | undefined)?.type;
        if (type === 'PROCESS_ENDED') return { status: 'not-running' };
        // the procedure has no such date (another kind of procedure), or holds a later one already
        if (type === 'RESCHEDULE_REFUSED') return { status: 'no-date' };
      }
      return { status: 'failed', error: (err as Error).message };
    }
  };
}
