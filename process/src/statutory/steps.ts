// How long each step keeps a token, as far as the model shows at design time:
// - timer catch events wait their duration;
// - service tasks are automatic and count zero (retries and timeouts are operational, not procedural);
// - user tasks may be done at once and take at most their ggzy:dueDuration, or until an interrupting boundary timer
//   fires; without either they are unbounded. The engine records the due duration as the task's deadline and the
//   alerts watch it; the checker takes it as the designer's commitment that the step is done in time;
// - message waits are unbounded, unless they race a timer behind an event-based gateway;
// - call activities are unbounded unless an interrupting boundary timer ends them (the child is not analysed).
import type { BoundaryEventNode, ModelNode } from '../model';
import { cycleOf, textDurationBounds, timerBounds, ZERO, type StepBounds } from './periods';
import type { PeriodUnit } from './rules';
import type { TimingEdge, TimingGraph } from './timing-graph';

const unbounded = (reason: NonNullable<StepBounds['cause']>['reason'], node: string): StepBounds => ({ lo: 0, hi: Infinity, cause: { reason, node } });

function tighter(a: StepBounds, b: StepBounds): StepBounds {
  return b.hi < a.hi ? b : a;
}

export class StepTiming {
  private readonly cache = new Map<string, StepBounds>();

  constructor(private readonly graph: TimingGraph, readonly unit: PeriodUnit) {}

  /** From a token's arrival at the node to its completion. */
  step(id: string): StepBounds {
    let bounds = this.cache.get(id);
    if (!bounds) {
      bounds = this.compute(this.graph.nodes[id]!);
      this.cache.set(id, bounds);
    }
    return bounds;
  }

  /** From a token's arrival at the edge's source to the edge being taken, for boundary, return and withdraw edges. */
  trigger(edge: TimingEdge): StepBounds {
    if (edge.kind !== 'boundary') return { lo: 0, hi: this.step(edge.from).hi, cause: this.step(edge.from).cause };
    const boundary = this.graph.nodes[edge.to] as BoundaryEventNode;
    if (boundary.trigger.type !== 'timer') return { lo: 0, hi: this.step(edge.from).hi, cause: this.step(edge.from).cause };
    const timer = boundary.trigger.timer;
    const first = timerBounds(timer, this.unit, boundary.id);
    if (boundary.cancelActivity || timer.type !== 'cycle') return first;
    const cycle = cycleOf(timer.value);
    if (!cycle || cycle.repetitions === null || first.hi === Infinity) return { lo: first.lo, hi: Infinity, cause: first.cause ?? { reason: 'repeatingTimer', node: boundary.id } };
    return { lo: first.lo, hi: first.hi * cycle.repetitions };
  }

  /** The earliest interrupting boundary timer of an activity: it ends the activity at the latest then. */
  private interruptingTimer(node: ModelNode): StepBounds | null {
    let best: StepBounds | null = null;
    for (const b of node.boundaries) {
      const boundary = this.graph.nodes[b];
      if (boundary?.kind !== 'boundaryEvent' || !boundary.cancelActivity || boundary.trigger.type !== 'timer') continue;
      if (!this.graph.out(node.id).some((e) => e.to === b)) continue; // never fires
      const bounds = timerBounds(boundary.trigger.timer, this.unit, boundary.id);
      if (bounds.hi < (best?.hi ?? Infinity)) best = bounds;
    }
    return best;
  }

  private compute(node: ModelNode): StepBounds {
    switch (node.kind) {
      case 'timerCatch':
        return timerBounds(node.timer, this.unit, node.id);
      case 'userTask': {
        let due: StepBounds;
        if (node.multiInstance?.sequential) due = unbounded('sequentialInstances', node.id);
        else if (node.dueDuration) due = { ...textDurationBounds(node.dueDuration, node.calendar, this.unit, node.id, 'noDueDuration'), lo: 0 };
        else due = unbounded('noDueDuration', node.id);
        const timer = this.interruptingTimer(node);
        return timer ? tighter(due, { lo: 0, hi: timer.hi }) : due;
      }
      case 'callActivity': {
        const timer = this.interruptingTimer(node);
        return timer ? { lo: 0, hi: timer.hi } : unbounded('callActivity', node.id);
      }
      case 'messageCatch':
        return this.raceLimit(node) ?? unbounded('messageWait', node.id);
      case 'conditionalCatch':
        return this.raceLimit(node) ?? unbounded('conditionWait', node.id);
      case 'signalCatch':
        return this.raceLimit(node) ?? unbounded('signalWait', node.id);
      case 'compensationThrow': {
        const handlers = Object.values(this.graph.nodes).filter((n) => n.isForCompensation);
        return handlers.every((h) => h.kind === 'serviceTask') ? ZERO : unbounded('compensation', node.id);
      }
      default:
        return ZERO;
    }
  }

  /** A message catch event behind an event-based gateway is over when the gateway's earliest timer fires. */
  private raceLimit(node: ModelNode): StepBounds | null {
    const sources = this.graph.in(node.id);
    if (sources.length !== 1) return null;
    const gateway = this.graph.nodes[sources[0]!.from]!;
    if (gateway.kind !== 'eventBasedGateway') return null;
    let best: StepBounds | null = null;
    for (const e of this.graph.out(gateway.id)) {
      const target = this.graph.nodes[e.to]!;
      if (target.kind !== 'timerCatch') continue;
      const bounds = timerBounds(target.timer, this.unit, target.id);
      if (bounds.hi < (best?.hi ?? Infinity)) best = bounds;
    }
    return best ? { lo: 0, hi: best.hi } : null;
  }
}
