// Second pass: sequence flows between the nodes, each with its (parsed) condition, recorded on both ends.
import type { ModelNode, SequenceFlow } from '../../model';
import { allFlowElements, trimmedText, type BpmnElement } from '../bpmn-element';
import type { Collector } from '../collector';
import { checkExpression } from '../properties/expression';

export function linkFlows(c: Collector, process: BpmnElement, nodes: Record<string, ModelNode>): Record<string, SequenceFlow> {
  const flows: Record<string, SequenceFlow> = {};
  for (const el of allFlowElements(process)) {
    if (el.$type !== 'bpmn:SequenceFlow') continue;
    const source = el.sourceRef?.id as string | undefined;
    const target = el.targetRef?.id as string | undefined;
    if (!source || !target || !nodes[source] || !nodes[target]) {
      if (!source || !target) c.error('FLOW_DANGLING', el.id ?? null);
      continue; // the unsupported end already has its own error
    }
    if (nodes[source].scope !== nodes[target].scope) {
      c.error('FLOW_CROSSES_SCOPE', el.id ?? null, { source, target });
      continue;
    }
    const condition = checkExpression(c, el.id!, trimmedText(el.conditionExpression?.body));
    flows[el.id!] = { id: el.id!, name: trimmedText(el.name), source, target, condition };
    nodes[source].outgoing.push(el.id!);
    nodes[target].incoming.push(el.id!);
  }
  return flows;
}
