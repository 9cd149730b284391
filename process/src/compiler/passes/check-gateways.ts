// Fourth pass: what gateways need of their flows. An exclusive or inclusive gateway that branches needs a condition on
// every outgoing flow but its default, and the default must leave it; an event-based gateway may only lead to timer
// or message catch events.
import type { ModelNode, SequenceFlow } from '../../model';
import type { Collector } from '../collector';

export function checkGateways(c: Collector, nodes: Record<string, ModelNode>, flows: Record<string, SequenceFlow>): void {
  for (const node of Object.values(nodes)) {
    if (node.kind === 'exclusiveGateway' || node.kind === 'inclusiveGateway') {
      if (node.defaultFlow && flows[node.defaultFlow] && !node.outgoing.includes(node.defaultFlow)) c.error('GATEWAY_DEFAULT_INVALID', node.id);
      if (node.outgoing.length > 1) {
        for (const f of node.outgoing) if (f !== node.defaultFlow && !flows[f]!.condition) c.error('GATEWAY_NO_CONDITION', node.id, { flow: f });
      }
    }
    if (node.kind === 'eventBasedGateway') {
      for (const f of node.outgoing) {
        const target = nodes[flows[f]!.target]!;
        if (target.kind !== 'timerCatch' && target.kind !== 'messageCatch' && target.kind !== 'conditionalCatch' && target.kind !== 'signalCatch') c.error('EVENT_GATEWAY_TARGET', node.id);
        // a receive task after an event-based gateway waits once, with nothing attached (BPMN 2.0 §10.6.6)
        else if (target.kind === 'messageCatch' && (target.multiInstance || target.boundaries.length)) c.error('EVENT_GATEWAY_TARGET', node.id);
      }
    }
  }
}
