// Fifth pass: one none start event and at least one end event at the process's own level, and exactly one none start
// event in each embedded subprocess (which is where a token entering it begins). Answers the process's start event
// when there is exactly one (null otherwise): the passes that walk the graph from it run only then.
import type { ModelNode, StartEventNode } from '../../model';
import type { Collector } from '../collector';

export function checkStartAndEnd(c: Collector, nodes: Record<string, ModelNode>): ModelNode | null {
  const all = Object.values(nodes);
  const starts = all.filter((n) => n.kind === 'startEvent' && !n.scope && !n.trigger);
  if (starts.length === 0) c.error('NO_START_EVENT', null);
  if (starts.length > 1) for (const s of starts) c.error('MULTIPLE_START_EVENTS', s.id);
  if (!all.some((n) => n.kind === 'endEvent' && !n.scope)) c.error('NO_END_EVENT', null);
  for (const sub of all) {
    if (sub.kind !== 'subProcess') continue;
    const inner = all.filter((n) => n.kind === 'startEvent' && n.scope === sub.id);
    if (sub.triggeredByEvent) {
      if (sub.incoming.length || sub.outgoing.length) c.error('EVENT_SUBPROCESS_FLOWS', sub.id);
      if (inner.length !== 1 || !(inner[0] as StartEventNode).trigger) c.error('EVENT_SUBPROCESS_START', sub.id);
      else sub.startNode = inner[0]!.id;
    } else if (inner.length !== 1 || (inner[0] as StartEventNode).trigger) {
      c.error('SUBPROCESS_START', sub.id);
    } else {
      sub.startNode = inner[0]!.id;
    }
  }
  return starts.length === 1 ? starts[0]! : null;
}
