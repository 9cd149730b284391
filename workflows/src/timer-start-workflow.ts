// What a Temporal Schedule of a process-level timer start event runs at each firing: one activity that starts the
// deal (allocating its code, recording the start under this firing's workflow id so a retry starts it once).
import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { EngineActivities, TimerStartInput } from './engine/engine-activities';

const { startByTimer } = proxyActivities<Pick<EngineActivities, 'startByTimer'>>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

export async function timerStartWorkflow(input: TimerStartInput): Promise<string | null> {
  return startByTimer({ ...input, firingId: workflowInfo().workflowId });
}
