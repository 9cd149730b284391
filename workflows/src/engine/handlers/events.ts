// Events: start and milestone events pass through; timer, message and conditional catch events wait; end events end the token
// (raising an error, compensating or terminating the process); compensation throw events compensate.
import type {
  BoundaryEventNode, ConditionalCatchNode, EndEventNode, EscalationThrowNode, MessageCatchNode, ModelNode, SignalCatchNode, SignalThrowNode, TimerCatchNode, CompensationThrowNode,
} from '@ggzy/process/runtime';
import { patched } from '@temporalio/workflow';
import { isExpressionText, type TimerDefinition } from '@ggzy/process/runtime';
import { BpmnError } from '../bpmn-error';
import { resultVariables, runServiceTask } from './service-task';
import type { EngineContext, LiveToken, Outcome } from '../engine-context';
import type { Variables } from '../process-contracts';

export async function passThrough(ctx: EngineContext, node: ModelNode, token: LiveToken): Promise<Outcome> {
  return { type: 'take', flows: ctx.conditionalFlows(node, ctx.localsOf(token)) };
}

/** Histories recorded before timers followed their variables replay on the old path (a plain sleep). */
export const TIMERS_FOLLOW_VARIABLES = 'timer-date-follows-its-variable';

/** A timer date given by an expression: it is looked at again whenever the variables change. */
export function followsVariables(timer: TimerDefinition): boolean {
  return timer.type === 'date' && isExpressionText(timer.value);
}

export async function timerCatch(ctx: EngineContext, node: TimerCatchNode, token: LiveToken): Promise<Outcome> {
  if (token.triggered) {
    token.triggered = false;
  } else {
    const at = (token.fireAt ??= ctx.fireAt(node.timer) ?? Date.now());
    // a date read from a variable (开标时间 = ${openingAt}) follows it: 顺延 moves the variable, the timer moves with it
    if (followsVariables(node.timer) && patched(TIMERS_FOLLOW_VARIABLES)) await ctx.waitOn(token, ctx.sleepFollowing(node.id, node.timer, at, (next) => { token.fireAt = next; }));
    else await ctx.waitOn(token, ctx.sleepUntil(at));
    token.fireAt = undefined;
  }
  return { type: 'take', flows: ctx.conditionalFlows(node, ctx.localsOf(token)) };
}

export async function messageCatch(ctx: EngineContext, node: MessageCatchNode, token: LiveToken): Promise<Outcome> {
  if (token.triggered) {
    token.triggered = false;
  } else {
    await ctx.waitFor(token, () => ctx.hasMessage(node.message, node.correlationKey));
    ctx.merge(ctx.takeMessage(node.message, node.correlationKey)?.variables, token);
  }
  return { type: 'take', flows: ctx.conditionalFlows(node, ctx.localsOf(token)) };
}

/**
 * Waits (through `wait`, which marks the token or not) until a condition over the variables holds (or, with `want`
 * false, no longer holds) — looked at again
 * whenever an activation changes them. A condition that fails to evaluate (a function given the wrong type, say) is an
 * incident, not a failed workflow task: it stays one until the variables change so that it evaluates again.
 */
export async function untilHolds(
  ctx: EngineContext, nodeId: string, source: string, wait: (predicate: () => boolean) => Promise<void>, want = true, locals: () => Variables | undefined = () => undefined,
): Promise<void> {
  for (;;) {
    let failed: string | null = null;
    await wait(() => {
      try {
        return ctx.condition(source, locals()) === want;
      } catch (err) {
        failed = (err as Error).message;
        return true;
      }
    });
    if (failed === null) return;
    const incident = `${nodeId}: ${failed}`;
    ctx.raiseIncident(incident);
    await wait(() => {
      try {
        ctx.condition(source, locals());
        return true;
      } catch {
        return false;
      }
    });
    ctx.clearIncident(incident);
  }
}

export async function conditionalCatch(ctx: EngineContext, node: ConditionalCatchNode, token: LiveToken): Promise<Outcome> {
  if (token.triggered) {
    token.triggered = false;
  } else {
    await untilHolds(ctx, node.id, node.condition, (predicate) => ctx.waitFor(token, predicate), true, () => ctx.localsOf(token));
  }
  return { type: 'take', flows: ctx.conditionalFlows(node, ctx.localsOf(token)) };
}

export async function signalCatch(ctx: EngineContext, node: SignalCatchNode, token: LiveToken): Promise<Outcome> {
  if (token.triggered) {
    token.triggered = false;
  } else {
    await ctx.awaitSignal(node.signal, (predicate) => ctx.waitFor(token, predicate));
  }
  return { type: 'take', flows: ctx.conditionalFlows(node, ctx.localsOf(token)) };
}

export async function signalThrow(ctx: EngineContext, node: SignalThrowNode, token: LiveToken): Promise<Outcome> {
  await ctx.broadcastSignal(node.signal, token);
  return { type: 'take', flows: ctx.conditionalFlows(node, ctx.localsOf(token)) };
}

export async function endEvent(ctx: EngineContext, node: EndEventNode, token: LiveToken): Promise<Outcome> {
  if (node.send) ctx.merge(resultVariables(node.send, await runServiceTask(ctx, node.send, token)), token);
  if (node.signal) await ctx.broadcastSignal(node.signal, token);
  if (node.escalation !== undefined && ctx.escalate(node.escalation, token)) return { type: 'end' };
  if (node.errorCode) throw new BpmnError(node.errorCode, `error end event ${node.id} raised ${node.errorCode}`);
  if (node.compensate) await ctx.compensate(node.compensate.activityRef, token);
  if (node.terminate && token.scope !== undefined) {
    ctx.terminateScope(token.scope); // inside a subprocess: ends that run only, and the subprocess completes
  } else if (node.terminate) {
    ctx.send({ type: 'COMPLETE' });
    ctx.cancelAll();
  }
  return { type: 'end' };
}

export async function escalationThrow(ctx: EngineContext, node: EscalationThrowNode, token: LiveToken): Promise<Outcome> {
  if (ctx.escalate(node.escalation, token)) return { type: 'end' }; // an interrupting catcher ended this level
  return { type: 'take', flows: ctx.conditionalFlows(node, ctx.localsOf(token)) };
}

export async function compensationThrow(ctx: EngineContext, node: CompensationThrowNode, token: LiveToken): Promise<Outcome> {
  await ctx.compensate(node.activityRef, token);
  return { type: 'take', flows: ctx.conditionalFlows(node, ctx.localsOf(token)) };
}

export async function boundaryEvent(ctx: EngineContext, node: BoundaryEventNode, token: LiveToken): Promise<Outcome> {
  return { type: 'take', flows: ctx.conditionalFlows(node, ctx.localsOf(token)) };
}
