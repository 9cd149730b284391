// Exclusive, inclusive, parallel and event-based gateways: a node with its default flow. Conditions on the outgoing
// flows and the targets of an event-based gateway are checked once flows are linked (passes/check-gateways).
import type { GatewayNode, ModelNode } from '../../model';
import type { BpmnElement } from '../bpmn-element';
import type { Collector } from '../collector';
import { nodeBase, type ElementCompilers } from './element-compiler';

function gateway(kind: GatewayNode['kind']) {
  return (_c: Collector, el: BpmnElement): ModelNode => ({ ...nodeBase(el), kind, defaultFlow: el.default?.id ?? null });
}

export const GATEWAY_COMPILERS: ElementCompilers = {
  'bpmn:ExclusiveGateway': gateway('exclusiveGateway'),
  'bpmn:InclusiveGateway': gateway('inclusiveGateway'),
  'bpmn:ParallelGateway': gateway('parallelGateway'),
  'bpmn:EventBasedGateway': gateway('eventBasedGateway'),
};
