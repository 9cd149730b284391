// One handler per BPMN element kind.
import type { ModelNode } from '@ggzy/process/runtime';
import type { Interpreter, LiveToken, Outcome } from '../interpreter';
import { runActivityNode } from './activity';
import { eventBasedGateway, exclusiveGateway, inclusiveGateway, parallelGateway } from './gateways';
import { boundaryEvent, compensationThrow, endEvent, messageCatch, passThrough, timerCatch } from './events';

export function executeNode(ctx: Interpreter, node: ModelNode, token: LiveToken, resuming: boolean): Promise<Outcome> {
  switch (node.kind) {
    case 'startEvent':
    case 'intermediateEvent':
      return passThrough(ctx, node);
    case 'endEvent':
      return endEvent(ctx, node, token);
    case 'serviceTask':
    case 'userTask':
    case 'callActivity':
      return runActivityNode(ctx, node, token, resuming);
    case 'exclusiveGateway':
      return exclusiveGateway(ctx, node, token);
    case 'parallelGateway':
      return parallelGateway(ctx, node, token);
    case 'inclusiveGateway':
      return inclusiveGateway(ctx, node, token);
    case 'eventBasedGateway':
      return eventBasedGateway(ctx, node, token);
    case 'timerCatch':
      return timerCatch(ctx, node, token);
    case 'messageCatch':
      return messageCatch(ctx, node, token);
    case 'compensationThrow':
      return compensationThrow(ctx, node, token);
    case 'boundaryEvent':
      return boundaryEvent(ctx, node);
  }
}
