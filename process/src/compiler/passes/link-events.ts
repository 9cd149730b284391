// After the flows: each link throw event joined to the link catch event of its name by a flow of its own, so the
// jump is an edge like any other for the engine, the structural checks and the statutory periods.
import type { IntermediateEventNode, ModelNode, SequenceFlow } from '../../model';
import type { Collector } from '../collector';

export const LINK_FLOW_SUFFIX = '__link';

/** A link jumps within its own level: the process's, or one subprocess's. */
function linkKey(node: IntermediateEventNode): string {
  return `${node.scope ?? ''}\u0000${node.link?.name ?? ''}`;
}

export function linkEvents(c: Collector, nodes: Record<string, ModelNode>, flows: Record<string, SequenceFlow>): void {
  const catches = new Map<string, IntermediateEventNode[]>();
  for (const node of Object.values(nodes)) {
    if (node.kind !== 'intermediateEvent' || node.link?.role !== 'catch') continue;
    if (node.incoming.length) c.error('LINK_CATCH_INCOMING', node.id);
    catches.set(linkKey(node), [...(catches.get(linkKey(node)) ?? []), node]);
  }
  for (const found of catches.values()) if (found[0]!.link?.name && found.length > 1) for (const n of found) c.error('LINK_CATCH_DUPLICATE', n.id, { link: found[0]!.link!.name });
  for (const node of Object.values(nodes)) {
    if (node.kind !== 'intermediateEvent' || node.link?.role !== 'throw' || !node.link.name) continue;
    if (node.outgoing.length) c.error('LINK_THROW_OUTGOING', node.id);
    const target = catches.get(linkKey(node));
    if (!target) {
      c.error('LINK_TARGET_MISSING', node.id, { link: node.link.name });
      continue;
    }
    const id = `${node.id}${LINK_FLOW_SUFFIX}`;
    if (flows[id] || nodes[id]) {
      c.error('DUPLICATE_ID', id);
      continue;
    }
    flows[id] = { id, name: node.link.name, source: node.id, target: target[0]!.id, condition: null };
    node.outgoing.push(id);
    target[0]!.incoming.push(id);
  }
}
