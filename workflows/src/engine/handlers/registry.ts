// The registry from BPMN element kind to the handler that runs it: the one place the interpreter dispatches through.
// The mapped type makes a kind without a handler a compile error.
import type { ModelNode } from '@ggzy/process/runtime';
import type { ElementHandler, EngineContext, LiveToken, Outcome } from '../engine-context';
import { runActivityNode } from './activity';
import { eventBasedGateway, exclusiveGateway, inclusiveGateway, parallelGateway } from './gateways';
import { boundaryEvent, compensationThrow, conditionalCatch, endEvent, escalationThrow, messageCatch, passThrough, signalCatch, signalThrow, timerCatch } from './events';

/** The node type of a kind (gateways share one node type across four kinds). */
type NodeOfKind<K extends ModelNode['kind'], N extends ModelNode = ModelNode> = N extends { kind: infer NK } ? (K extends NK ? N : never) : never;

export type ElementHandlers = { readonly [K in ModelNode['kind']]: ElementHandler<NodeOfKind<K>> };

export const ELEMENT_HANDLERS: ElementHandlers = {
  startEvent: passThrough,
  intermediateEvent: passThrough,
  endEvent,
  serviceTask: runActivityNode,
  userTask: runActivityNode,
  callActivity: runActivityNode,
  scriptTask: runActivityNode,
  manualTask: runActivityNode,
  subProcess: runActivityNode,
  businessRuleTask: runActivityNode,
  exclusiveGateway,
  parallelGateway,
  inclusiveGateway,
  eventBasedGateway,
  timerCatch,
  // a receive task with instances or boundary events runs as the activity it is
  messageCatch: (ctx, node, token, resuming) => (node.multiInstance || node.boundaries.length ? runActivityNode(ctx, node, token, resuming) : messageCatch(ctx, node, token)),
  conditionalCatch,
  signalCatch,
  signalThrow,
  compensationThrow,
  escalationThrow,
  boundaryEvent,
};

export function executeNode(ctx: EngineContext, node: ModelNode, token: LiveToken, resuming: boolean): Promise<Outcome> {
  const handler = ELEMENT_HANDLERS[node.kind] as ElementHandler;
  return handler(ctx, node, token, resuming);
}
