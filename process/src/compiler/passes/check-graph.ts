// Last structural pass, once there is exactly one start: every node reachable from it and able to reach an end.
import { successorsOf, type ModelNode, type SequenceFlow } from '../../model';
import type { Collector } from '../collector';

/**
 * Structural checks over the whole graph: every node reachable from the start, every node able to reach an end,
 * every non-end node with a way out. Compensation handlers and compensation boundaries live outside the flow.
 */
export function checkGraph(c: Collector, nodes: Record<string, ModelNode>, flows: Record<string, SequenceFlow>, startIds: readonly string[]): void {
  const inFlow = (n: ModelNode) => !n.isForCompensation && !(n.kind === 'boundaryEvent' && n.trigger.type === 'compensation');

  for (const node of Object.values(nodes)) {
    if (!inFlow(node)) continue;
    // inside an ad-hoc subprocess a flow may end at any element
    const inAdHoc = node.scope !== undefined && nodes[node.scope]?.kind === 'subProcess' && Boolean((nodes[node.scope] as { adHoc?: unknown }).adHoc);
    if (node.kind !== 'endEvent' && node.outgoing.length === 0 && !(node.kind === 'subProcess' && node.triggeredByEvent) && !inAdHoc) c.error('NO_OUTGOING', node.id);
  }

  // into a subprocess at its start, and from its end events on to where it leads
  const successors = (n: ModelNode): string[] => successorsOf({ nodes, flows }, n).filter((id) => inFlow(nodes[id]!));

  const reachable = new Set<string>(startIds);
  const queue = [...startIds];
  while (queue.length) {
    for (const next of successors(nodes[queue.shift()!]!)) {
      if (!reachable.has(next)) {
        reachable.add(next);
        queue.push(next);
      }
    }
  }
  for (const node of Object.values(nodes)) {
    if (inFlow(node) && !reachable.has(node.id)) c.error('UNREACHABLE_NODE', node.id);
  }

  // reverse reachability from the end events
  const predecessors = new Map<string, string[]>();
  for (const node of Object.values(nodes)) {
    for (const next of successors(node)) predecessors.set(next, [...(predecessors.get(next) ?? []), node.id]);
  }
  const canEnd = new Set<string>();
  // an end event of the process, or of an event subprocess (which ends there, or ends the scope it interrupted)
  const endsHere = (n: ModelNode) => !n.scope || (nodes[n.scope]?.kind === 'subProcess' && (nodes[n.scope] as { triggeredByEvent?: true }).triggeredByEvent === true);
  const back = Object.values(nodes).filter((n) => n.kind === 'endEvent' && endsHere(n)).map((n) => n.id);
  for (const id of back) canEnd.add(id);
  while (back.length) {
    for (const prev of predecessors.get(back.shift()!) ?? []) {
      if (!canEnd.has(prev)) {
        canEnd.add(prev);
        back.push(prev);
      }
    }
  }
  for (const node of Object.values(nodes)) {
    if (inFlow(node) && reachable.has(node.id) && node.outgoing.length > 0 && !canEnd.has(node.id)) c.error('CANNOT_REACH_END', node.id);
  }
}
