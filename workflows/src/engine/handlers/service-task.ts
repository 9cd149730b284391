// Service tasks: an activity named by the task type, with the catalog's options, keyed for idempotency.
import { CancellationScope, isCancellation, proxyActivities, sleep } from '@temporalio/workflow';
import { ACTIVITY_CATALOG, fixedMillis, parseDuration, type ServiceTaskNode } from '@ggzy/process/runtime';
import type { EngineContext, LiveToken } from '../engine-context';
import type { ServiceTaskActivity, ServiceTaskResult } from '../engine-activities';
import { BPMN_ERROR_TYPE, type Variables } from '../process-contracts';

const ms = (iso: string) => fixedMillis(parseDuration(iso));

/** Runs a service task's activity (named by its task type) with the catalog's options and the task's overrides. */
export async function runServiceTask(ctx: EngineContext, node: ServiceTaskNode, token: LiveToken, locals?: Variables): Promise<ServiceTaskResult> {
  const defaults: { startToCloseTimeout: string; heartbeatTimeout?: string } = ACTIVITY_CATALOG.find((t) => t.name === node.taskType)?.defaults ?? { startToCloseTimeout: 'PT1M' };
  const activityId = `${node.id}#${ctx.nextSeq()}`;
  const activities = proxyActivities<Record<string, ServiceTaskActivity>>({
    activityId,
    startToCloseTimeout: ms(node.timeout ?? defaults.startToCloseTimeout),
    ...(defaults.heartbeatTimeout ? { heartbeatTimeout: ms(defaults.heartbeatTimeout) } : {}),
    retry: {
      // a database or transport failure is retried until it heals (no limit unless the task sets one), a business
      // error never
      ...(node.retry?.maximumAttempts ? { maximumAttempts: node.retry.maximumAttempts } : {}),
      initialInterval: ms(node.retry?.initialInterval ?? 'PT0.2S'),
      backoffCoefficient: node.retry?.backoffCoefficient ?? 2,
      maximumInterval: ms(node.retry?.maximumInterval ?? 'PT1M'),
      nonRetryableErrorTypes: [BPMN_ERROR_TYPE],
    },
  });
  const scoped = ctx.localsOf(token, locals);
  const input: Variables = {};
  for (const [name, source] of Object.entries(node.input)) input[name] = ctx.evaluate(source, scoped);
  const run = activities[node.taskType]!;
  const call = run({
    key: `${ctx.executionKey}:${activityId}`,
    workflowId: ctx.workflowId,
    nodeId: node.id,
    regionCode: ctx.input.regionCode,
    dealCode: ctx.input.dealCode,
    input,
    variables: scoped ? { ...ctx.variables, ...scoped } : ctx.variables,
  });
  const result = await ctx.waitOn(token, watchForStuck(ctx, node, call));
  token.origin = null; // a step with side effects: the previous task can no longer be withdrawn
  return result ?? {};
}

/** What a service task's result puts into the variables. */
export function resultVariables(node: ServiceTaskNode, result: ServiceTaskResult): Variables {
  if (node.resultVariable) return { [node.resultVariable]: result.result !== undefined ? result.result : (result.variables ?? null) };
  return result.variables ?? {};
}

/**
 * A step that keeps failing is retried without end; after the configured time supervision hears of it — an incident
 * on the deal and a `step.stuck` event on its trail — and, should it complete after all, a `step.recovered` event
 * ends the incident. The watch is a timer in its own scope, cancelled when the step settles.
 */
function watchForStuck<T>(ctx: EngineContext, node: ServiceTaskNode, call: Promise<T>): Promise<T> {
  const after = ctx.input.stuckStepAfterMs;
  if (!after) return call;
  const span = after >= 60_000 ? `${Math.round(after / 60_000)} minutes` : `${Math.round(after / 1000)} seconds`;
  const incident = `${node.id}: ${node.taskType} has not completed for ${span} and is being retried`;
  let stuck = false;
  const watch = new CancellationScope();
  watch.run(() => sleep(after)).then(() => {
    stuck = true;
    ctx.raiseIncident(incident);
    ctx.recordEvent('step.stuck', 'system', { nodeId: node.id, taskType: node.taskType, afterMs: after });
  }, (err: unknown) => {
    if (!isCancellation(err)) throw err;
  });
  const settle = () => {
    watch.cancel();
    if (!stuck) return;
    ctx.clearIncident(incident);
    ctx.recordEvent('step.recovered', 'system', { nodeId: node.id, taskType: node.taskType });
  };
  return call.then((value) => { settle(); return value; }, (err: unknown) => { settle(); throw err; });
}
