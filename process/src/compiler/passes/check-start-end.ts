// Fifth pass: at most one none start event (and at least one start event: none, signal, message or timer) and at least one end event
// at the process's own level, and exactly one none start event in each embedded subprocess (which is where a token
// entering it begins). Answers the process's start event — the none one, else its first signal, message or timer start — and every
// start event the graph is walked from; null when the starts are wrong, and the passes that walk the graph do not run.
import type { ModelNode, StartEventNode } from '../../model';
import type { Collector } from '../collector';

export function checkStartAndEnd(c: Collector, nodes: Record<string, ModelNode>): { start: ModelNode; roots: string[] } | null {
  const all = Object.values(nodes);
  const starts = all.filter((n) => n.kind === 'startEvent' && !n.scope && !n.trigger);
  // the process's signal, message and timer start events: more ways in, beside (or instead of) the one none start event
  const eventStarts = all.filter((n) => n.kind === 'startEvent' && !n.scope && n.trigger);
  if (starts.length === 0 && eventStarts.length === 0) c.error('NO_START_EVENT', null);
  if (starts.length > 1) for (const s of starts) c.error('MULTIPLE_START_EVENTS', s.id);
  if (!all.some((n) => n.kind === 'endEvent' && !n.scope)) c.error('NO_END_EVENT', null);
  for (const sub of all) {
    if (sub.kind !== 'subProcess') continue;
    const inner = all.filter((n) => n.kind === 'startEvent' && n.scope === sub.id);
    if (sub.adHoc) {
      // no start or end events inside: its elements start as it activates them, and its flows end where they lead nowhere
      for (const n of all) if (n.scope === sub.id && (n.kind === 'startEvent' || n.kind === 'endEvent')) c.error('ADHOC_EVENTS', n.id);
      if (!all.some((n) => n.scope === sub.id && n.kind !== 'boundaryEvent' && !n.isForCompensation && !(n.kind === 'subProcess' && n.triggeredByEvent))) c.error('ADHOC_EMPTY', sub.id);
    } else if (sub.triggeredByEvent) {
      if (sub.incoming.length || sub.outgoing.length) c.error('EVENT_SUBPROCESS_FLOWS', sub.id);
      if (inner.length !== 1 || !(inner[0] as StartEventNode).trigger) c.error('EVENT_SUBPROCESS_START', sub.id);
      else sub.startNode = inner[0]!.id;
    } else if (inner.length !== 1 || (inner[0] as StartEventNode).trigger) {
      c.error('SUBPROCESS_START', sub.id);
    } else {
      sub.startNode = inner[0]!.id;
    }
  }
  if (starts.length > 1 || starts.length + eventStarts.length === 0) return null;
  return { start: starts[0] ?? eventStarts[0]!, roots: [...starts, ...eventStarts].map((n) => n.id) };
}
