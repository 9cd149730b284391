// Gateways: exclusive and inclusive choices (an incident when nothing holds), parallel and inclusive joins, and the
// event-based gateway's race of catch events.
import { CancellationScope, condition, isCancellation } from '@temporalio/workflow';
import type { ConditionalCatchNode, GatewayNode, MessageCatchNode, SignalCatchNode, TimerCatchNode } from '@ggzy/process/runtime';
import type { EngineContext, LiveToken, Outcome } from '../engine-context';
import { untilHolds } from './events';

const incidentOf = (node: GatewayNode) => `${node.id}: no outgoing condition holds and there is no default flow`;

/**
 * When no outgoing flow of a gateway holds: an incident (in the state query, on the instance row, in the operations
 * console) until an operator asks to try again — after the variables were put right, or once the deal was moved onto
 * a fixed version — or a directive ends the deal.
 */
async function incident(ctx: EngineContext, node: GatewayNode, token: LiveToken): Promise<void> {
  ctx.raiseIncident(incidentOf(node));
  await ctx.awaitRetry(token);
  ctx.clearIncident(incidentOf(node));
}

/** A token resumed (after continue-as-new) at a gateway is one that waited on its incident: it looks again. */
function resumedFromIncident(ctx: EngineContext, node: GatewayNode, token: LiveToken, resuming: boolean): boolean {
  if (!resuming) return false;
  token.incident = undefined;
  ctx.clearIncident(incidentOf(node));
  return true;
}

export async function exclusiveGateway(ctx: EngineContext, node: GatewayNode, token: LiveToken, resuming: boolean): Promise<Outcome> {
  resumedFromIncident(ctx, node, token, resuming);
  if (node.outgoing.length === 1) return { type: 'take', flows: node.outgoing };
  for (;;) {
    for (const f of node.outgoing) {
      if (f === node.defaultFlow) continue;
      const c = ctx.flow(f).condition;
      if (c === null || ctx.condition(c, ctx.localsOf(token))) return { type: 'take', flows: [f] };
    }
    if (node.defaultFlow) return { type: 'take', flows: [node.defaultFlow] };
    await incident(ctx, node, token);
  }
}

export async function parallelGateway(ctx: EngineContext, node: GatewayNode, token: LiveToken): Promise<Outcome> {
  if (node.incoming.length > 1) {
    const key = ctx.joinKey(node.id, token);
    const arrivals = ctx.arriveAtJoin(key, token.via ?? '');
    const complete = node.incoming.every((f) => arrivals.includes(f));
    if (!complete) return { type: 'consumed' };
    ctx.leaveJoin(key, node.incoming);
  }
  return { type: 'take', flows: node.outgoing };
}

export async function inclusiveGateway(ctx: EngineContext, node: GatewayNode, token: LiveToken, resuming: boolean): Promise<Outcome> {
  // resumed, the token had passed the join and waited on the split's incident
  if (!resumedFromIncident(ctx, node, token, resuming) && node.incoming.length > 1) {
    const key = ctx.joinKey(node.id, token);
    ctx.arriveAtJoin(key, token.id);
    const waiting = () => ctx.joinArrivals(key).includes(token.id);
    await ctx.waitFor(token, () => !waiting() || ctx.inclusiveJoinReady(node.id, key, token));
    if (!waiting()) return { type: 'consumed' }; // another arrival continued for all
    ctx.clearJoin(key);
  }
  if (node.outgoing.length === 1) return { type: 'take', flows: node.outgoing };
  for (;;) {
    const taken = node.outgoing.filter((f) => {
      if (f === node.defaultFlow) return false;
      const c = ctx.flow(f).condition;
      return c === null || ctx.condition(c, ctx.localsOf(token));
    });
    if (taken.length) return { type: 'take', flows: taken };
    if (node.defaultFlow) return { type: 'take', flows: [node.defaultFlow] };
    await incident(ctx, node, token);
  }
}

/** The first of the following catch events to happen wins; the others are withdrawn. */
export async function eventBasedGateway(ctx: EngineContext, node: GatewayNode, token: LiveToken): Promise<Outcome> {
  const scope = new CancellationScope();
  const targets = node.outgoing.map((f) => ({ flow: f, event: ctx.node(ctx.flow(f).target) as TimerCatchNode | MessageCatchNode | ConditionalCatchNode | SignalCatchNode }));
  const fireAt = (token.boundaryFireAt ??= {});
  const races = targets.map(({ flow, event }) => scope.run(async () => {
    if (event.kind === 'timerCatch') {
      const at = (fireAt[event.id] ??= ctx.fireAt(event.timer) ?? Number.MAX_SAFE_INTEGER);
      await ctx.sleepUntil(at);
    } else if (event.kind === 'signalCatch') {
      await ctx.awaitSignal(event.signal, (predicate) => condition(predicate));
    } else if (event.kind === 'conditionalCatch') {
      await untilHolds(ctx, event.id, event.condition, (predicate) => condition(predicate), true, () => ctx.localsOf(token));
    } else {
      await condition(() => ctx.hasMessage(event.message, event.correlationKey));
    }
    return flow;
  }));
  let winner: string;
  try {
    winner = await ctx.waitOn(token, Promise.race(races));
  } finally {
    scope.cancel();
    await Promise.all(races.map((r) => r.catch((err: unknown) => {
      if (!isCancellation(err)) throw err;
    })));
  }
  const event = ctx.node(ctx.flow(winner).target) as TimerCatchNode | MessageCatchNode | ConditionalCatchNode | SignalCatchNode;
  if (event.kind === 'messageCatch') ctx.merge(ctx.takeMessage(event.message, event.correlationKey)?.variables, token);
  token.triggered = true;
  token.boundaryFireAt = undefined;
  return { type: 'take', flows: [winner] };
}
