// Third pass: boundary events onto their hosts, where the host may carry them (errors only on service tasks and
// call activities, the rest also on user tasks), and compensation boundaries to their handler through an association.
import { isActivityNode, type BoundaryEventNode, type ModelNode } from '../../model';
import { allArtifacts, type BpmnElement } from '../bpmn-element';
import type { Collector } from '../collector';

function hostAllows(boundary: BoundaryEventNode, host: ModelNode): boolean {
  if (host.kind === 'subProcess' && host.triggeredByEvent) return false;
  if (boundary.trigger.type === 'escalation') return host.kind === 'subProcess';
  if (boundary.trigger.type === 'error') return host.kind === 'serviceTask' || host.kind === 'callActivity' || host.kind === 'subProcess' || host.kind === 'businessRuleTask';
  // a receive task is an activity: timers, messages, signals and conditions may interrupt its wait (not compensation:
  // it does no work to undo)
  if (host.kind === 'messageCatch' && host.element === 'receiveTask') return boundary.trigger.type !== 'compensation';
  return isActivityNode(host);
}

export function attachBoundaries(c: Collector, process: BpmnElement, nodes: Record<string, ModelNode>): void {
  const associations = allArtifacts(process).filter((a) => a.$type === 'bpmn:Association');
  for (const node of Object.values(nodes)) {
    if (node.kind !== 'boundaryEvent') continue;
    const host = nodes[node.attachedTo];
    if (!host) continue;
    if (!hostAllows(node, host)) {
      c.error('BOUNDARY_NOT_ALLOWED', node.id, { type: node.trigger.type, host: host.kind });
      continue;
    }
    host.boundaries.push(node.id);
    if (node.trigger.type === 'compensation') {
      const assoc = associations.find((a) => a.sourceRef?.id === node.id);
      const handler = assoc ? nodes[assoc.targetRef?.id as string] : undefined;
      if (!handler || !handler.isForCompensation) c.error('COMPENSATION_HANDLER_MISSING', node.id);
      else host.compensationHandler = handler.id;
    }
  }
}
