// Events: start and milestone events pass through; timer and message catch events wait; end events end the token
// (raising an error, compensating or terminating the process); compensation throw events compensate.
import type { BoundaryEventNode, EndEventNode, MessageCatchNode, ModelNode, TimerCatchNode, CompensationThrowNode } from '@ggzy/process/runtime';
import { BpmnError } from '../bpmn-error';
import type { EngineContext, LiveToken, Outcome } from '../engine-context';

export async function passThrough(ctx: EngineContext, node: ModelNode): Promise<Outcome> {
  return { type: 'take', flows: ctx.conditionalFlows(node) };
}

export async function timerCatch(ctx: EngineContext, node: TimerCatchNode, token: LiveToken): Promise<Outcome> {
  if (token.triggered) {
    token.triggered = false;
  } else {
    const at = (token.fireAt ??= ctx.fireAt(node.timer) ?? Date.now());
    await ctx.waitOn(token, ctx.sleepUntil(at));
    token.fireAt = undefined;
  }
  return { type: 'take', flows: ctx.conditionalFlows(node) };
}

export async function messageCatch(ctx: EngineContext, node: MessageCatchNode, token: LiveToken): Promise<Outcome> {
  if (token.triggered) {
    token.triggered = false;
  } else {
    await ctx.waitFor(token, () => ctx.hasMessage(node.message, node.correlationKey));
    ctx.merge(ctx.takeMessage(node.message, node.correlationKey)?.variables);
  }
  return { type: 'take', flows: ctx.conditionalFlows(node) };
}

export async function endEvent(ctx: EngineContext, node: EndEventNode, token: LiveToken): Promise<Outcome> {
  if (node.errorCode) throw new BpmnError(node.errorCode, `error end event ${node.id} raised ${node.errorCode}`);
  if (node.compensate) await ctx.compensate(node.compensate.activityRef, token);
  if (node.terminate) {
    ctx.send({ type: 'COMPLETE' });
    ctx.cancelAll();
  }
  return { type: 'end' };
}

export async function compensationThrow(ctx: EngineContext, node: CompensationThrowNode, token: LiveToken): Promise<Outcome> {
  await ctx.compensate(node.activityRef, token);
  return { type: 'take', flows: ctx.conditionalFlows(node) };
}

export async function boundaryEvent(ctx: EngineContext, node: BoundaryEventNode): Promise<Outcome> {
  return { type: 'take', flows: ctx.conditionalFlows(node) };
}
