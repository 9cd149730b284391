// Service tasks: an activity named by the task type, with the catalog's options, keyed for idempotency.
import { proxyActivities } from '@temporalio/workflow';
import { ACTIVITY_CATALOG, fixedMillis, parseDuration, type ServiceTaskNode } from '@ggzy/process/runtime';
import type { EngineContext, LiveToken } from '../engine-context';
import type { ServiceTaskActivity, ServiceTaskResult } from '../engine-activities';
import { BPMN_ERROR_TYPE, type Variables } from '../process-contracts';

const ms = (iso: string) => fixedMillis(parseDuration(iso));

/** Runs a service task's activity (named by its task type) with the catalog's options and the task's overrides. */
export async function runServiceTask(ctx: EngineContext, node: ServiceTaskNode, token: LiveToken, locals?: Variables): Promise<ServiceTaskResult> {
  const defaults = ACTIVITY_CATALOG.find((t) => t.name === node.taskType)?.defaults ?? { startToCloseTimeout: 'PT1M', maximumAttempts: 3 };
  const activityId = `${node.id}#${ctx.nextSeq()}`;
  const activities = proxyActivities<Record<string, ServiceTaskActivity>>({
    activityId,
    startToCloseTimeout: ms(node.timeout ?? defaults.startToCloseTimeout),
    retry: {
      maximumAttempts: node.retry?.maximumAttempts ?? defaults.maximumAttempts,
      initialInterval: ms(node.retry?.initialInterval ?? 'PT0.2S'),
      backoffCoefficient: node.retry?.backoffCoefficient ?? 2,
      maximumInterval: ms(node.retry?.maximumInterval ?? 'PT1M'),
      nonRetryableErrorTypes: [BPMN_ERROR_TYPE],
    },
  });
  const input: Variables = {};
  for (const [name, source] of Object.entries(node.input)) input[name] = ctx.evaluate(source, locals);
  const run = activities[node.taskType]!;
  const result = await ctx.waitOn(token, run({
    key: `${ctx.executionKey}:${activityId}`,
    workflowId: ctx.workflowId,
    nodeId: node.id,
    regionCode: ctx.input.regionCode,
    dealCode: ctx.input.dealCode,
    input,
    variables: locals ? { ...ctx.variables, ...locals } : ctx.variables,
  }));
  token.origin = null; // a step with side effects: the previous task can no longer be withdrawn
  return result ?? {};
}

/** What a service task's result puts into the variables. */
export function resultVariables(node: ServiceTaskNode, result: ServiceTaskResult): Variables {
  if (node.resultVariable) return { [node.resultVariable]: result.result !== undefined ? result.result : (result.variables ?? null) };
  return result.variables ?? {};
}
