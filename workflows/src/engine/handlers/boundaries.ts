// Boundary events on an activity: timers, messages and conditions that interrupt it or start a token beside it, and error
// boundaries that catch the BPMN errors its work raises.
import { CancellationScope, condition, isCancellation, patched } from '@temporalio/workflow';
import type { BoundaryEventNode, ModelNode } from '@ggzy/process/runtime';
import { BoundaryInterrupt, bpmnErrorCode } from '../bpmn-error';
import type { EngineContext, LiveToken } from '../engine-context';
import { TIMERS_FOLLOW_VARIABLES, followsVariables, untilHolds } from './events';

export type Interrupted = { type: 'boundary'; boundaryId: string };

/**
 * Runs an activity's work under its boundary events: interrupting timers and messages cancel the work and
 * divert the token; non-interrupting ones start a new token and let the work go on; error boundaries catch
 * BPMN errors raised by the work.
 */
export async function withBoundaries<R>(ctx: EngineContext, node: ModelNode, token: LiveToken, work: () => Promise<R>): Promise<R | Interrupted> {
  const boundaries = node.boundaries.map((id) => ctx.node(id) as BoundaryEventNode).filter((b) => b.trigger.type !== 'compensation');
  if (boundaries.length === 0) return work();
  const workScope = new CancellationScope();
  const watchScope = new CancellationScope();
  let interrupted: string | null = null;
  const fireAt = (token.boundaryFireAt ??= {});

  const spawnAt = (b: BoundaryEventNode) => ctx.spawn({ id: ctx.newTokenId(), nodeId: b.id, waits: 0, origin: null, ...(token.scope === undefined ? {} : { scope: token.scope }) }, false);

  const watch = async (b: BoundaryEventNode): Promise<void> => {
    if (b.trigger.type === 'timer') {
      const timer = b.trigger.timer;
      for (let repetition = 0; ; repetition++) {
        const at = fireAt[b.id] ?? ctx.fireAt(timer, Date.now(), repetition);
        if (at === null) return;
        fireAt[b.id] = at;
        if (followsVariables(timer) && patched(TIMERS_FOLLOW_VARIABLES)) await ctx.sleepFollowing(b.id, timer, at, (next) => { fireAt[b.id] = next; });
        else await ctx.sleepUntil(at);
        delete fireAt[b.id];
        if (b.cancelActivity) {
          interrupted = b.id;
          workScope.cancel();
          return;
        }
        spawnAt(b);
        if (timer.type !== 'cycle') return;
      }
    }
    if (b.trigger.type === 'message') {
      const name = b.trigger.message;
      for (;;) {
        await condition(() => ctx.hasMessage(name, null));
        ctx.merge(ctx.takeMessage(name, null)?.variables, token);
        if (b.cancelActivity) {
          interrupted = b.id;
          workScope.cancel();
          return;
        }
        spawnAt(b);
      }
    }
    if (b.trigger.type === 'signal') {
      const name = b.trigger.signal;
      for (;;) {
        await ctx.awaitSignal(name, (predicate) => condition(predicate));
        if (b.cancelActivity) {
          interrupted = b.id;
          workScope.cancel();
          return;
        }
        spawnAt(b);
      }
    }
    if (b.trigger.type === 'conditional') {
      // fires when the condition comes to hold; a non-interrupting one again each time it comes to hold anew
      const source = b.trigger.condition;
      for (;;) {
        await untilHolds(ctx, b.id, source, (predicate) => condition(predicate), true, () => ctx.localsOf(token));
        if (b.cancelActivity) {
          interrupted = b.id;
          workScope.cancel();
          return;
        }
        spawnAt(b);
        await untilHolds(ctx, b.id, source, (predicate) => condition(predicate), false, () => ctx.localsOf(token));
      }
    }
  };

  const watchers = boundaries
    .filter((b) => b.trigger.type === 'timer' || b.trigger.type === 'message' || b.trigger.type === 'conditional' || b.trigger.type === 'signal')
    .map((b) => watchScope.run(() => watch(b)).catch((err: unknown) => {
      if (!isCancellation(err)) throw err;
    }));
  try {
    return await workScope.run(work);
  } catch (err) {
    if (interrupted) return { type: 'boundary', boundaryId: interrupted };
    if (err instanceof BoundaryInterrupt) return { type: 'boundary', boundaryId: err.boundaryId };
    const code = bpmnErrorCode(err);
    if (code !== null) {
      const catcher = boundaries.find((b) => b.trigger.type === 'error' && (b.trigger.errorCode === null || b.trigger.errorCode === code));
      if (catcher) {
        ctx.setVariable('lastErrorCode', code, token);
        return { type: 'boundary', boundaryId: catcher.id };
      }
    }
    throw err;
  } finally {
    watchScope.cancel();
    await Promise.all(watchers);
  }
}
