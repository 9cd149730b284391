// Activities (service, send, user, script, receive, undefined and manual tasks, call activities, embedded subprocesses): one execution or a
// multi-instance loop of them, under their boundary events; on completion the output is merged, compensation
// recorded and the outgoing flows taken.
import { ApplicationFailure, CancellationScope, isCancellation, patched } from '@temporalio/workflow';
import type { BusinessRuleTaskNode, CallActivityNode, ManualTaskNode, MessageCatchNode, ScriptTaskNode, ServiceTaskNode, SubProcessNode, UserTaskNode } from '@ggzy/process/runtime';
import type { EngineContext, LiveToken, Outcome } from '../engine-context';
import type { Variables } from '../process-contracts';
import { withBoundaries } from './boundaries';
import { resultVariables, runServiceTask } from './service-task';
import { runUserTask } from './user-task';
import { runCallActivity } from './call-activity';
import { runBusinessRuleTask } from './business-rule-task';

type ActivityNode = ServiceTaskNode | UserTaskNode | CallActivityNode | ScriptTaskNode | ManualTaskNode | SubProcessNode | BusinessRuleTaskNode | MessageCatchNode;
type Single = { type: 'done'; output: Variables } | { type: 'returned'; target: string } | { type: 'gone' };

const MAX_INSTANCES = 1000;
/** Countersigns that a signer may join while they run (加签 into a 会签); older histories keep the fixed set. */
const COUNTERSIGN_GROWS = 'countersign-grows';

/** One execution of the activity; in a multi-instance loop its output is kept apart from the process variables. */
async function runOnce(ctx: EngineContext, node: ActivityNode, token: LiveToken, resuming: boolean, loop?: { locals: Variables; element: unknown; assignee?: string }): Promise<Single> {
  switch (node.kind) {
    case 'serviceTask':
      return { type: 'done', output: resultVariables(node, await runServiceTask(ctx, node, token, loop?.locals)) };
    case 'userTask':
      return runUserTask(ctx, node, token, resuming, loop);
    case 'callActivity':
      return { type: 'done', output: await runCallActivity(ctx, node, token, loop?.locals) };
    case 'scriptTask':
      // evaluated in the workflow: the expression language is deterministic and reaches nothing outside
      return { type: 'done', output: { [node.resultVariable]: ctx.evaluate(node.expression, ctx.localsOf(token, loop?.locals)) } };
    case 'manualTask':
      return { type: 'done', output: {} };
    case 'subProcess':
      return { type: 'done', output: await ctx.runSubProcess(node, token, loop?.locals) };
    case 'businessRuleTask':
      return { type: 'done', output: await runBusinessRuleTask(ctx, node, token, loop?.locals) };
    case 'messageCatch': {
      // a receive task: its message, correlated by the key as read for this instance
      const locals = ctx.localsOf(token, loop?.locals);
      await ctx.waitFor(token, () => ctx.hasMessage(node.message, node.correlationKey, locals));
      return { type: 'done', output: ctx.takeMessage(node.message, node.correlationKey, locals)?.variables ?? {} };
    }
  }
}

/** Multi-instance (parallel or sequential): one execution per collection element, until the completion condition holds. */
async function runMultiInstance(ctx: EngineContext, node: ActivityNode, token: LiveToken): Promise<Single> {
  const mi = node.multiInstance!;
  let items: unknown[];
  if (mi.collection) {
    const value = ctx.evaluate(mi.collection, ctx.localsOf(token));
    if (!Array.isArray(value)) throw ApplicationFailure.nonRetryable(`multi-instance collection "${mi.collection}" of ${node.id} is not a list`, 'ExpressionError');
    items = value;
  } else {
    const n = Number(ctx.evaluate(mi.cardinality!, ctx.localsOf(token)));
    if (!Number.isInteger(n) || n < 0) throw ApplicationFailure.nonRetryable(`loopCardinality of ${node.id} is not a whole number`, 'ExpressionError');
    items = Array.from({ length: n }, (_, i) => i);
  }
  if (items.length > MAX_INSTANCES) throw ApplicationFailure.nonRetryable(`${node.id}: more than ${MAX_INSTANCES} instances`, 'ExpressionError');
  let total = items.length;
  const results: unknown[] = new Array(total).fill(null);
  let completed = 0;
  const locals = (i: number): Variables => ({ loopCounter: i, [mi.elementVariable ?? 'element']: items[i], nrOfInstances: total });
  const finish = (i: number, output: Variables) => {
    completed++;
    results[i] = mi.outputElement ? ctx.evaluate(mi.outputElement, { ...ctx.localsOf(token), ...locals(i), ...output }) : output;
  };
  const completionMet = () => Boolean(mi.completionCondition) && ctx.condition(mi.completionCondition!, {
    ...ctx.localsOf(token),
    nrOfInstances: total, nrOfCompletedInstances: completed, nrOfActiveInstances: total - completed,
    [mi.outputCollection ?? 'results']: results,
  });

  if (mi.sequential) {
    for (let i = 0; i < total; i++) {
      const r = await runOnce(ctx, node, token, false, { locals: locals(i), element: items[i] });
      if (r.type !== 'done') return r;
      finish(i, r.output);
      if (completionMet()) break;
    }
  } else {
    // side by side: the first instance whose completion condition holds cancels the others. A countersign (会签) is one
    // a signer may join while it runs (加签): the step then waits for every instance, the added ones included
    const grows = node.kind === 'userTask' && patched(COUNTERSIGN_GROWS);
    const scopes: CancellationScope[] = [];
    const runs: Promise<void>[] = [];
    let met = false;
    const launch = (i: number, item: unknown, assignee?: string) => {
      const scope = new CancellationScope();
      scopes.push(scope);
      runs.push(scope.run(async () => {
        const r = await runOnce(ctx, node, token, false, { locals: locals(i), element: item, ...(assignee ? { assignee } : {}) });
        finish(i, r.type === 'done' ? r.output : {});
        if (!met && completionMet()) {
          met = true;
          scopes.forEach((s, j) => j !== i && s.cancel());
        }
      }).catch((err: unknown) => {
        if (met && isCancellation(err)) return;
        throw err;
      }));
    };
    items.forEach((item, i) => launch(i, item));
    if (!grows) {
      await Promise.all(runs);
    } else {
      const close = ctx.openCountersign(token, (signer) => {
        if (met || total >= MAX_INSTANCES) return false;
        items.push(signer);
        results.push(null);
        total += 1;
        launch(total - 1, signer, signer);
        return true;
      });
      try {
        for (let waited = 0; waited < runs.length;) {
          const upTo = runs.length;
          await Promise.all(runs.slice(waited, upTo));
          waited = upTo;
        }
      } finally {
        close();
      }
    }
  }
  if (mi.outputCollection) ctx.setVariable(mi.outputCollection, results, token);
  return { type: 'done', output: {} };
}

export async function runActivityNode(ctx: EngineContext, node: ActivityNode, token: LiveToken, resuming: boolean): Promise<Outcome> {
  const result = await withBoundaries(ctx, node, token, () => (node.multiInstance ? runMultiInstance(ctx, node, token) : runOnce(ctx, node, token, resuming)));
  if (result.type === 'boundary') return { type: 'jump', nodeId: result.boundaryId };
  if (result.type === 'returned') return { type: 'jump', nodeId: result.target };
  if (result.type === 'gone') return { type: 'consumed' };
  if (!node.multiInstance) ctx.merge(result.output, token);
  ctx.recordCompensable(node);
  return { type: 'take', flows: ctx.conditionalFlows(node, ctx.localsOf(token)) };
}
