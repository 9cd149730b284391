// Business rule tasks: the decision table in effect for the deal's city, looked up by an activity (its answer is in
// the history) and evaluated here in the workflow — deterministic, so a replay decides the same. A table that cannot
// decide (two rules under UNIQUE, a cell that fails) is a business error of the step: an error boundary may catch it.
import { proxyActivities } from '@temporalio/workflow';
import { DecisionError, evaluateDecision, type BusinessRuleTaskNode } from '@ggzy/process/runtime';
import { BpmnError } from '../bpmn-error';
import type { EngineContext, LiveToken } from '../engine-context';
import type { EngineActivities } from '../engine-activities';
import type { Variables } from '../process-contracts';

const { resolveDecision } = proxyActivities<Pick<EngineActivities, 'resolveDecision'>>({
  startToCloseTimeout: '10 seconds',
  retry: { maximumAttempts: 5 },
});

export async function runBusinessRuleTask(ctx: EngineContext, node: BusinessRuleTaskNode, token: LiveToken, locals?: Variables): Promise<Variables> {
  const { model, decision } = await ctx.waitOn(token, resolveDecision({ key: node.decisionRef, regionCode: ctx.input.regionCode }));
  const scoped = ctx.localsOf(token, locals);
  try {
    const result = evaluateDecision(model, scoped ? { ...ctx.variables, ...scoped } : ctx.variables);
    ctx.recordEvent('decision.evaluated', 'system', { nodeId: node.id, key: decision.key, regionCode: decision.regionCode, version: decision.version, matchedRules: result.matchedRules });
    return { [node.resultVariable]: result.value };
  } catch (err) {
    if (err instanceof DecisionError) throw new BpmnError(err.code, `${node.id}: decision ${decision.key} v${decision.version} — ${err.message}`);
    throw err;
  }
}
