// Fifth pass: one none start event and at least one end event. Answers the start event when there is exactly one
// (null otherwise): the passes that walk the graph from it run only then.
import type { ModelNode } from '../../model';
import type { Collector } from '../collector';

export function checkStartAndEnd(c: Collector, nodes: Record<string, ModelNode>): ModelNode | null {
  const starts = Object.values(nodes).filter((n) => n.kind === 'startEvent');
  if (starts.length === 0) c.error('NO_START_EVENT', null);
  if (starts.length > 1) for (const s of starts) c.error('MULTIPLE_START_EVENTS', s.id);
  if (!Object.values(nodes).some((n) => n.kind === 'endEvent')) c.error('NO_END_EVENT', null);
  return starts.length === 1 ? starts[0]! : null;
}
