import { proxyActivities, sleep, workflowInfo } from '@temporalio/workflow';
import type { ProbeActivities } from './probe-activities';
import type { ProbeInput, ProbeResult } from './probe-contracts';

const { recordProbe } = proxyActivities<ProbeActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '200 milliseconds', maximumInterval: '5 seconds', maximumAttempts: 10 },
});

/**
 * The spine's probe: proves that a start from the api reaches the worker on the real server, that a timer
 * survives a server restart, and that an activity writes to the unified database.
 */
export async function probeWorkflow(input: ProbeInput): Promise<ProbeResult> {
  if (input.delaySeconds && input.delaySeconds > 0) await sleep(input.delaySeconds * 1000);
  const { workflowId } = workflowInfo();
  const probeId = await recordProbe({ workflowId, message: input.message, regionCode: input.regionCode, createdBy: input.createdBy });
  return { probeId, workflowId };
}
