// Workflows for the engine benchmark: the generic interpreter, the same process written by hand, and a bare Update.
import { condition, defineUpdate, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { EngineActivities, ServiceTaskActivity, TaskView, TaskActionReply, CompleteTaskRequest } from '../workflows/src';

export { processWorkflow } from '../workflows/src/process-workflow';

const completeTask = defineUpdate<TaskActionReply, [CompleteTaskRequest]>('completeTask');
const ping = defineUpdate<string, [string]>('ping');

const echo = proxyActivities<Record<string, ServiceTaskActivity>>({
  startToCloseTimeout: '10 seconds', retry: { maximumAttempts: 3, initialInterval: '200 milliseconds' },
})['demo.echo']!;
const { projectProcess } = proxyActivities<EngineActivities>({ startToCloseTimeout: '30 seconds' });

export interface HandwrittenInput { regionCode: string; amount: number; definition: { key: string; regionCode: string; version: number; hash: string } }

/** The benchmark's 10-step process, as a developer would write it by hand: same activities, same task row. */
export async function handwrittenWorkflow(input: HandwrittenInput): Promise<Record<string, unknown>> {
  const { workflowId } = workflowInfo();
  const variables: Record<string, unknown> = { amount: input.amount };
  const call = async (nodeId: string, values: Record<string, unknown>) => {
    const r = await echo({ key: `${workflowId}:${nodeId}`, workflowId, nodeId, regionCode: input.regionCode, dealCode: null, input: values, variables });
    Object.assign(variables, r.variables);
  };
  const project = (lifecycle: 'active' | 'completed', tasks: TaskView[]) => projectProcess({
    workflowId, definition: input.definition, regionCode: input.regionCode, dealCode: null, lifecycle, startedBy: 'bench', tasks,
  });
  await project('active', []);
  for (let i = 1; i <= 4; i++) await call(`s${i}`, { [`v${i}`]: i });
  const big = (variables.amount as number) > 100;
  for (let i = 5; i <= 8; i++) await call(`s${i}`, { [`v${i}`]: big ? i : -i });
  const task: TaskView = {
    taskId: `${workflowId}/review/1`, nodeId: 'review', name: null, candidateRole: 'staff', assignee: null, regionCode: input.regionCode,
    formKey: null, requiredFields: [], status: 'open', openedAt: new Date().toISOString(), dueAt: null, closedAt: null, completedBy: null, revision: 1,
  };
  let done = false;
  setHandler(completeTask, (req) => {
    done = true;
    Object.assign(variables, req.data ?? {});
    task.status = 'completed';
    task.revision = 2;
    return { openTasks: [], lifecycle: 'completed' };
  }, {
    validator: (req) => {
      if (req.taskId !== task.taskId || task.status !== 'open') throw new Error('TASK_NOT_FOUND');
    },
  });
  await project('active', [task]);
  await condition(() => done);
  await project('completed', [task]);
  return variables;
}

/** A workflow whose Update handler only returns: the floor for any Update round trip. */
export async function bareUpdateWorkflow(): Promise<void> {
  let stop = false;
  setHandler(ping, (x) => {
    if (x === 'stop') stop = true;
    return x;
  });
  await condition(() => stop);
}
