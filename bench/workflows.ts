// Workflows for the engine benchmark: the generic interpreter, the same process written by hand, and a bare Update.
// The hand-written one does the interpreter's work for this process and nothing less — the same activities with the
// same ids, keys, timeouts and retry policies, the same trail events in the same projections (the first one alongside
// the first service task), the same search-attribute upserts, the same state query and completeTask checks — so the
// ratio of the two measures what interpreting a model costs, not what the interpreter does that a shortcut skips.
// engine.mjs checks that parity on every run (histories and trail) before it prints a figure.
import { ApplicationFailure, allHandlersFinished, condition, defineUpdate, proxyActivities, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { EngineActivities, ServiceTaskActivity, SupervisionStep } from '../workflows/src';
import { StatusKey } from '../workflows/src/search-attributes';
import { completeTaskUpdate, processStateQuery } from '../workflows/src/engine/updates-and-queries';
import { BPMN_ERROR_TYPE, ENGINE_ERRORS, type Lifecycle, type ProcessInput, type ProcessResult, type TaskView } from '../workflows/src/engine/process-contracts';

export { processWorkflow } from '../workflows/src/process-workflow';

const ping = defineUpdate<string, [string]>('ping');

/** demo.echo as the interpreter calls it: the catalog's 10 s, retried until it heals, business errors never. */
const echoAs = (activityId: string) => proxyActivities<Record<string, ServiceTaskActivity>>({
  activityId, startToCloseTimeout: 10_000,
  retry: { initialInterval: 200, backoffCoefficient: 2, maximumInterval: 60_000, nonRetryableErrorTypes: [BPMN_ERROR_TYPE] },
})['demo.echo']!;
const { projectProcess } = proxyActivities<EngineActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '500 milliseconds', backoffCoefficient: 2, maximumInterval: '30 seconds' },
});

const refuse = (code: keyof typeof ENGINE_ERRORS, message: string): never => {
  throw ApplicationFailure.nonRetryable(message, ENGINE_ERRORS[code]);
};

/** The benchmark's 10-step process (8 service tasks, an exclusive gateway, a user task), written by hand. */
export async function handwrittenWorkflow(input: ProcessInput): Promise<ProcessResult> {
  const { workflowId, firstExecutionRunId } = workflowInfo();
  const executionKey = `${workflowId}@${firstExecutionRunId}`;
  const variables: Record<string, unknown> = { ...input.variables };
  const visited: string[] = [];
  let lifecycle: Lifecycle = 'active';
  let seq = 0;
  let eventSeq = 0;
  let events: SupervisionStep[] = [];
  const record = (kind: string, actor: string, payload: Record<string, unknown>) => {
    events.push({ key: `${executionKey}:event:${++eventSeq}`, kind, actor, payload: { workflowId, ...payload }, occurredAt: new Date(Date.now()).toISOString() });
  };
  // the projection as the interpreter runs it: one activity at a time, in order, once no Update handler runs; each
  // takes the rows changed and the events recorded until it starts
  let dirty = true;
  let ended = false;
  let projecting = false;
  let changedTask: (() => TaskView) | null = null;
  const projectionLoop = async () => {
    for (;;) {
      await condition(() => (dirty || ended) && allHandlersFinished());
      if (!dirty) return;
      const tasks = changedTask ? [changedTask()] : [];
      const sent = events;
      changedTask = null;
      events = [];
      dirty = false;
      projecting = true;
      await projectProcess({
        workflowId, definition: input.definition, regionCode: input.regionCode, dealCode: input.dealCode, lifecycle, startedBy: input.startedBy, tasks, events: sent,
      });
      projecting = false;
    }
  };

  upsertSearchAttributes([{ key: StatusKey, value: lifecycle }]);
  record('process.started', input.startedBy, { processKey: input.definition.key, version: input.definition.version, regionCode: input.regionCode });
  const tokenId = `t${++seq}`;
  let task: (TaskView & { tokenId: string }) | null = null;
  setHandler(processStateQuery, () => ({
    workflowId, definition: input.definition, regionCode: input.regionCode, dealCode: input.dealCode, lifecycle,
    tokens: lifecycle === 'active' ? [{ id: tokenId, nodeId: visited[visited.length - 1] ?? 'start', waiting: true }] : [],
    openTasks: task && task.status === 'open' ? [view(task)] : [], visited, variables, incidents: [],
  }));
  setHandler(completeTaskUpdate, (req) => {
    const t = task!;
    t.status = 'completed';
    t.closedAt = new Date(Date.now()).toISOString();
    t.completedBy = req.actor.username;
    t.revision += 1;
    record('task.completed', req.actor.username, { taskId: t.taskId, nodeId: t.nodeId, name: t.name, candidateRole: t.candidateRole, assignee: t.assignee, dueAt: t.dueAt });
    Object.assign(variables, req.data ?? {});
    changedTask = () => view(t);
    dirty = true;
    return { openTasks: [], lifecycle };
  }, {
    validator: (req) => {
      if (lifecycle !== 'active') refuse('PROCESS_ENDED', `the process has ended (${lifecycle})`);
      if (!task || task.taskId !== req.taskId) refuse('TASK_NOT_FOUND', `task ${req.taskId} does not exist in this process`);
      if (task!.status !== 'open') refuse('TASK_CLOSED', `task ${req.taskId} is already ${task!.status}`);
      if (req.actor.role !== task!.candidateRole || req.actor.onBehalf) refuse('TASK_NOT_YOURS', `task ${req.taskId} is for the role ${task!.candidateRole}`);
      const checked = req.formChecked;
      if (checked && (checked.definitionHash !== input.definition.hash || checked.formKey !== task!.formKey)) refuse('FORM_CHECK_STALE', `task ${req.taskId}'s form is not the one checked`);
    },
  });

  visited.push('start');
  void projectionLoop(); // its first write (the instance row, process.started) goes alongside the first service task
  const call = async (nodeId: string, values: Record<string, unknown>) => {
    visited.push(nodeId);
    const activityId = `${nodeId}#${++seq}`;
    const r = await echoAs(activityId)({ key: `${executionKey}:${activityId}`, workflowId, nodeId, regionCode: input.regionCode, dealCode: input.dealCode, input: values, variables });
    Object.assign(variables, r.variables ?? {});
  };
  for (let i = 1; i <= 4; i++) await call(`s${i}`, { [`v${i}`]: i });
  visited.push('gw');
  const big = (variables.amount as number) > 100;
  for (let i = 5; i <= 8; i++) await call(`s${i}`, { [`v${i}`]: big ? i : -i });

  visited.push('review');
  task = {
    taskId: `${workflowId}/review/${++seq}`, nodeId: 'review', name: null, candidateRole: 'staff', assignee: null, regionCode: input.regionCode,
    formKey: null, requiredFields: [], status: 'open', openedAt: new Date(Date.now()).toISOString(), dueAt: null, closedAt: null, completedBy: null,
    revision: 1, tokenId,
  };
  const opened = task;
  record('task.opened', 'system', { taskId: opened.taskId, nodeId: opened.nodeId, name: opened.name, candidateRole: opened.candidateRole, assignee: null, dueAt: null });
  changedTask = () => view(opened);
  dirty = true;
  // as in the interpreter, an idle projection takes the completion's rows before the process ends (its token still
  // has the end event to pass); a projection still writing has them merged with the end's
  await condition(() => opened.status !== 'open' && (!dirty || projecting));
  visited.push('end');
  lifecycle = 'completed';
  upsertSearchAttributes([{ key: StatusKey, value: lifecycle }]);
  record('process.completed', 'system', { visited: visited.length });
  ended = true;
  dirty = true;
  await condition(() => !dirty && !projecting);
  await condition(allHandlersFinished);
  return { lifecycle, variables, visited };
}

function view(task: TaskView & { tokenId: string }): TaskView {
  const { tokenId: _t, ...rest } = task;
  return { ...rest };
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
