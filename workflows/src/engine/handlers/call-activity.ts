// Call activities: the called process runs as a child workflow of the same generic type.
import { ParentClosePolicy, proxyActivities, startChild } from '@temporalio/workflow';
import type { CallActivityNode } from '@ggzy/process/runtime';
import type { EngineContext, LiveToken } from '../engine-context';
import type { EngineActivities } from '../engine-activities';
import type { ProcessInput, ProcessResult, Variables } from '../process-contracts';

const { resolveDefinition } = proxyActivities<EngineActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { maximumAttempts: 5, nonRetryableErrorTypes: ['DefinitionNotFound'] },
});

/** Starts the called process as a child workflow (resolved for this deal's city) and waits for its result. */
export async function runCallActivity(ctx: EngineContext, node: CallActivityNode, token: LiveToken, locals?: Variables): Promise<Variables> {
  const resolved = await ctx.waitOn(token, resolveDefinition({ key: node.calledElement, regionCode: ctx.input.regionCode }));
  const scoped = ctx.localsOf(token, locals);
  const scope = scoped ? { ...ctx.variables, ...scoped } : ctx.variables;
  let variables: Variables;
  if (Object.keys(node.input).length) {
    variables = {};
    for (const [name, source] of Object.entries(node.input)) variables[name] = ctx.evaluate(source, scoped);
  } else {
    variables = { ...scope };
  }
  const childInput: ProcessInput = {
    model: resolved.model,
    definition: resolved.definition,
    regionCode: ctx.input.regionCode,
    dealCode: ctx.input.dealCode,
    variables,
    calendar: ctx.input.calendar,
    startedBy: ctx.input.startedBy,
    ...(ctx.input.stuckStepAfterMs ? { stuckStepAfterMs: ctx.input.stuckStepAfterMs } : {}),
  };
  const child = await ctx.waitOn(token, startChild('processWorkflow', {
    workflowId: `${ctx.workflowId}/${node.id}/${ctx.nextSeq()}`,
    args: [childInput],
    parentClosePolicy: ParentClosePolicy.TERMINATE,
  }));
  const result = (await ctx.waitOn(token, child.result())) as ProcessResult;
  token.origin = null;
  if (!Object.keys(node.output).length) return result.variables;
  const out: Variables = {};
  for (const [from, to] of Object.entries(node.output)) out[to] = result.variables[from];
  return out;
}
