// The one generic workflow that runs every deployed BPMN process.
import {
  ApplicationFailure, CancellationScope, allHandlersFinished, condition, continueAsNew, setHandler, upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { StatusKey } from './search-attributes';
import { BPMN_ERROR_TYPE, type ProcessInput, type ProcessResult } from './engine/process-contracts';
import { Interpreter } from './engine/interpreter';
import {
  addSignerUpdate, claimTaskUpdate, completeTaskUpdate, delegateTaskUpdate, deliverMessageUpdate, deliverSignalUpdate, directiveUpdate, processStateQuery,
  returnTaskUpdate, withdrawTaskUpdate,
} from './engine/updates-and-queries';
import * as ops from './engine/operations';

export async function processWorkflow(input: ProcessInput): Promise<ProcessResult> {
  const ctx = new Interpreter(input);
  let lastStatus = '';
  const publishStatus = () => {
    const status = ctx.status();
    if (status === lastStatus) return;
    lastStatus = status;
    upsertSearchAttributes([{ key: StatusKey, value: status }]);
  };
  publishStatus();

  setHandler(processStateQuery, () => ctx.snapshot());
  setHandler(completeTaskUpdate, (req) => ops.complete(ctx, req), { validator: (req) => ops.validateComplete(ctx, req) });
  setHandler(claimTaskUpdate, (req) => ops.claim(ctx, req), { validator: (req) => ops.validateClaim(ctx, req) });
  setHandler(delegateTaskUpdate, (req) => ops.delegate(ctx, req), { validator: (req) => ops.validateDelegate(ctx, req) });
  setHandler(returnTaskUpdate, (req) => ops.returnTo(ctx, req), { validator: (req) => ops.validateReturn(ctx, req) });
  setHandler(addSignerUpdate, (req) => ops.addSigner(ctx, req), { validator: (req) => ops.validateAddSigner(ctx, req) });
  setHandler(withdrawTaskUpdate, (req) => ops.withdraw(ctx, req), { validator: (req) => ops.validateWithdraw(ctx, req) });
  setHandler(directiveUpdate, async (req) => {
    const reply = await ops.directive(ctx, req);
    publishStatus();
    return reply;
  }, { validator: (req) => ops.validateDirective(ctx, req) });
  setHandler(deliverSignalUpdate, (req) => ops.deliverSignal(ctx, req), { validator: (req) => ops.validateDeliverSignal(ctx, req) });
  setHandler(deliverMessageUpdate, (req) => ops.deliverMessage(ctx, req), { validator: (req) => ops.validateDeliverMessage(ctx, req) });

  const running = ctx.run();
  const continueAsNewDue = () => {
    const info = workflowInfo();
    const limit = input.continueAsNewAfterEvents;
    return (info.continueAsNewSuggested || (limit !== undefined && info.historyLength > limit)) && ctx.resumable();
  };
  let done = false;
  void running.then(() => { done = true; });
  for (;;) {
    await condition(() => done || continueAsNewDue());
    if (done) break;
    await ctx.waitProjectionIdle();
    await condition(allHandlersFinished);
    if (continueAsNewDue()) await continueAsNew<typeof processWorkflow>({ ...input, carried: ctx.carry() });
  }
  await running;

  if (ctx.failure) {
    ctx.send({ type: 'FAIL' });
    publishStatus();
    await ctx.flushProjection();
    throw ApplicationFailure.nonRetryable(ctx.failure.message, BPMN_ERROR_TYPE, { code: ctx.failure.code });
  }
  if (ctx.status() === 'terminated') {
    // compensation: release what the deal holds (bookings, deposits) — outside the cancelled scope
    await CancellationScope.nonCancellable(() => ctx.compensate(null, null));
  } else {
    ctx.send({ type: 'COMPLETE' });
  }
  publishStatus();
  await ctx.flushProjection();
  await condition(allHandlersFinished);
  return { lifecycle: ctx.status(), variables: ctx.variables, visited: ctx.visited };
}
