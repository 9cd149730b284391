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
  migrateUpdate, migrationCheckQuery, rescheduleUpdate, retryIncidentsUpdate, returnTaskUpdate, withdrawTaskUpdate,
} from './engine/updates-and-queries';
import { checkMigration, migratedState, type MigrateRequest } from './engine/migration';
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
  setHandler(rescheduleUpdate, (req) => ops.reschedule(ctx, req), { validator: (req) => ops.validateReschedule(ctx, req) });
  setHandler(retryIncidentsUpdate, (req) => ops.retryIncidents(ctx, req), { validator: (req) => ops.validateRetryIncidents(ctx, req) });

  // instance migration: checked on the deal's own state (dry run and move alike), moved by a continue-as-new
  let migration: MigrateRequest | null = null;
  const source = { model: input.model, definition: input.definition };
  setHandler(migrationCheckQuery, (plan) => checkMigration(source, ctx.carry(), ctx.resumable(true), plan));
  setHandler(migrateUpdate, (req) => {
    const duplicate = !ctx.firstDelivery(`migration:${req.migrationId}`);
    if (!duplicate) {
      migration = req;
      ctx.recordEvent('process.migration_accepted', req.actor.username, { migrationId: req.migrationId, to: req.target.definition, reason: req.reason });
      ctx.markInstanceDirty();
    }
    return { migrationId: req.migrationId, duplicate, from: input.definition, to: req.target.definition };
  }, {
    validator: (req) => {
      if (ctx.firstDeliverySeen(`migration:${req.migrationId}`)) return;
      if (migration) throw ApplicationFailure.nonRetryable('a migration of this deal is already under way', 'MIGRATION_REFUSED');
      if (!req.reason?.trim()) throw ApplicationFailure.nonRetryable('a migration needs a reason', 'MIGRATION_REFUSED');
      const check = checkMigration(source, ctx.carry(), ctx.resumable(true), req);
      if (!check.canMigrate) throw ApplicationFailure.nonRetryable(check.problems.map((p) => p.message).join('; '), 'MIGRATION_REFUSED', { problems: check.problems });
    },
  });

  const running = ctx.run();
  const continueAsNewDue = () => {
    const info = workflowInfo();
    const limit = input.continueAsNewAfterEvents;
    return (info.continueAsNewSuggested || (limit !== undefined && info.historyLength > limit)) && ctx.resumable();
  };
  let done = false;
  void running.then(() => { done = true; });
  const migrationDue = () => migration !== null && ctx.resumable();
  for (;;) {
    await condition(() => done || continueAsNewDue() || migrationDue());
    if (done) break;
    await ctx.waitProjectionIdle();
    await condition(allHandlersFinished);
    if (migration !== null && ctx.resumable()) {
      const plan: MigrateRequest = migration;
      await continueAsNew<typeof processWorkflow>({
        ...input, model: plan.target.model, definition: plan.target.definition,
        carried: { ...migratedState(ctx.carry(), plan), migrated: {
          migrationId: plan.migrationId, from: input.definition, to: plan.target.definition, by: plan.actor.username, reason: plan.reason,
          ...(plan.move ? { move: plan.move } : {}),
        } },
      });
    }
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
