// The watches of a level's event subprocesses: while a level (the process, or one run of an embedded subprocess) runs,
// each event subprocess drawn in it waits for its start event's trigger — a timer (a cycle repeats), a message, a
// signal or a condition coming to hold — and starts when it comes. Error and escalation starts are not watched here:
// the interpreter hands them the errors and escalations raised in the level.
import { CancellationScope, condition, isCancellation } from '@temporalio/workflow';
import type { StartEventNode, SubProcessNode } from '@ggzy/process/runtime';
import type { EngineContext, LiveToken } from './engine-context';
import { untilHolds } from './handlers/events';

/** Starts the event subprocess (false once the level is interrupted: nothing more starts in it). */
export type StartEventSubProcess = (sub: SubProcessNode, variables?: Record<string, unknown>) => boolean;

/**
 * Arms the watched event subprocesses of a level in their own cancellation scope (cancelled when the level ends or is
 * interrupted). `place` stands for the level in expressions and timers: a token of that level.
 */
export function armEventSubProcesses(ctx: EngineContext, subs: readonly SubProcessNode[], place: LiveToken, parent: CancellationScope, start: StartEventSubProcess): CancellationScope | null {
  const watched = subs.filter((s) => {
    const t = (ctx.node(s.startNode) as StartEventNode).trigger?.type;
    return t === 'timer' || t === 'message' || t === 'signal' || t === 'conditional';
  });
  if (!watched.length) return null;
  const scope = new CancellationScope({ cancellable: true, parent });
  for (const sub of watched) {
    scope.run(() => watch(ctx, sub, place, start)).catch((err: unknown) => {
      if (!isCancellation(err)) throw err;
    });
  }
  return scope;
}

async function watch(ctx: EngineContext, sub: SubProcessNode, place: LiveToken, start: StartEventSubProcess): Promise<void> {
  const event = ctx.node(sub.startNode) as StartEventNode;
  const trigger = event.trigger!;
  const again = event.interrupting === false; // a non-interrupting one may start again and again
  if (trigger.type === 'timer') {
    const fireAt = (place.boundaryFireAt ??= {});
    for (let repetition = 0; ; repetition++) {
      const at = fireAt[sub.id] ?? ctx.fireAt(trigger.timer, Date.now(), repetition);
      if (at === null) return;
      fireAt[sub.id] = at;
      await ctx.sleepUntil(at);
      delete fireAt[sub.id];
      if (!start(sub) || !again || trigger.timer.type !== 'cycle') return;
    }
  }
  for (;;) {
    let variables: Record<string, unknown> | undefined;
    if (trigger.type === 'message') {
      await condition(() => ctx.hasMessage(trigger.message, null));
      variables = ctx.takeMessage(trigger.message, null)?.variables;
    } else if (trigger.type === 'signal') {
      await ctx.awaitSignal(trigger.signal, (predicate) => condition(predicate));
    } else if (trigger.type === 'conditional') {
      await untilHolds(ctx, event.id, trigger.condition, (predicate) => condition(predicate), true, () => ctx.localsOf(place));
    } else {
      return;
    }
    if (!start(sub, variables) || !again) return;
    // a condition starts it again only once it has stopped holding and comes to hold anew
    if (trigger.type === 'conditional') await untilHolds(ctx, event.id, trigger.condition, (predicate) => condition(predicate), false, () => ctx.localsOf(place));
  }
}
