// Bounds on the time between the completion of a source step and a token's arrival at every other node, over every
// way the token can get there (loops, parallel branches, boundary events, returns): a data-flow fixpoint.
//
// mode 'min' computes what is guaranteed to have passed (a lower bound): at a plain merge the smallest of the
// incoming values; at a parallel join, which waits for all its branches, the largest of the branches that always
// come from the source (a branch that may not is ignored, which only lowers the bound). Iterated down from "no
// token yet", so a join that can never fire gives no token.
// mode 'max' computes how long it may have taken (an upper bound): at a merge the largest incoming value; at a
// parallel join also every branch that does not come from the source, bounded through the nearest step both the
// source and the join always come after (its own analysis), else unbounded.
//
// Later completions of the source reset the clock (a period counts from the latest one); `cuts` (other steps
// matching the rule's first step) stop it, since they start their own period; in 'max' mode `sinks` (the rule's
// second step) end it. A token given back by a withdrawal (撤回) re-enters a step it had reached before, so it is no
// earlier there than the first time. Values change monotonically; a node on a cycle whose value keeps changing after
// more updates than any loop-free path needs is widened to ±∞ (sound for either bound), so the analysis always ends.
import type { BoundaryEventNode } from '../model';
import type { Cause } from './periods';
import type { StepTiming } from './steps';
import type { TimingEdge, TimingGraph } from './timing-graph';

export interface Bound {
  value: number;
  /** The edge the value came in on (for the witness path), or null. */
  via: TimingEdge | null;
  /** Why the value is infinite. */
  cause: Cause | null;
}

export interface AnalysisSpec {
  mode: 'min' | 'max';
  source: string;
  cuts: ReadonlySet<string>;
  sinks: ReadonlySet<string>;
  /** Bound branches of parallel joins that do not come from the source (not done inside such a bound itself). */
  refineJoins: boolean;
}

const NONE: ReadonlySet<string> = new Set();

export class TimingAnalysis {
  private readonly arrivals = new Map<string, Bound>();
  private readonly updates = new Map<string, number>();
  private readonly fromElsewhere = new Set<string>();
  private readonly refined = new Map<TimingEdge, Bound>();
  private readonly helpers = new Map<string, TimingAnalysis>();

  constructor(private readonly graph: TimingGraph, private readonly steps: StepTiming, private readonly spec: AnalysisSpec) {
    this.markElsewhere();
    this.solve();
  }

  /** The bound at the token's arrival at the node, or undefined when no token from the source gets there. */
  arrival(id: string): Bound | undefined {
    return this.arrivals.get(id);
  }

  private isCut(id: string): boolean {
    return this.spec.cuts.has(id) || (this.spec.mode === 'max' && this.spec.sinks.has(id));
  }

  /** Nodes a token can reach without the source having completed since (from the start, or past a cut). */
  private markElsewhere(): void {
    const queue = [this.graph.start];
    for (const c of [...this.spec.cuts, ...(this.spec.mode === 'max' ? this.spec.sinks : [])]) {
      for (const e of this.graph.out(c)) if (e.kind === 'flow') queue.push(e.to);
    }
    for (const id of queue) this.fromElsewhere.add(id);
    while (queue.length) {
      const id = queue.shift()!;
      for (const e of this.graph.out(id)) {
        if (e.kind === 'flow' && (id === this.spec.source || this.isCut(id))) continue;
        if (!this.fromElsewhere.has(e.to)) {
          this.fromElsewhere.add(e.to);
          queue.push(e.to);
        }
      }
    }
  }

  /** True when every token on this flow comes from a completion of the source. */
  private alwaysFromSource(e: TimingEdge): boolean {
    if (e.kind !== 'flow') return false;
    if (e.from === this.spec.source) return true;
    return !this.fromElsewhere.has(e.from) && !this.isCut(e.from);
  }

  private add(base: Bound, amount: number, cause: Cause | undefined, via: TimingEdge): Bound {
    const value = base.value + amount;
    return { value, via, cause: Number.isFinite(value) ? null : (Number.isFinite(base.value) ? cause ?? null : base.cause) };
  }

  /** What an edge brings to its target, or undefined when it brings no token from the source. */
  contribution(e: TimingEdge): Bound | undefined {
    const { mode, source } = this.spec;
    const from = e.from;
    if (e.kind === 'flow') {
      if (from === source) return { value: 0, via: e, cause: null };
      if (this.isCut(from)) return undefined;
      const base = this.arrivals.get(from);
      if (!base) return undefined;
      const step = this.steps.step(from);
      return this.add(base, mode === 'min' ? step.lo : step.hi, step.cause, e);
    }
    const trigger = this.steps.trigger(e);
    const base = this.arrivals.get(from);
    if (e.kind === 'withdraw' && mode === 'min' && e.to !== source) {
      // the task is given back to the step the token came straight from, which it had reached before
      const origin = this.arrivals.get(e.to);
      if (!base || !origin) return undefined;
      const after = this.add(base, trigger.lo, trigger.cause, e);
      return origin.value > after.value ? { ...origin, via: e } : after;
    }
    if (from === source && e.kind === 'boundary' && !(this.graph.nodes[e.to] as BoundaryEventNode).cancelActivity) {
      // the source goes on after its non-interrupting boundary fires: what follows may come before it is done
      if (mode === 'min') return { value: -Infinity, via: e, cause: { reason: 'beforeSource', node: from } };
      const previous = base ? this.add(base, trigger.hi, trigger.cause, e) : undefined;
      return previous && previous.value > 0 ? previous : { value: 0, via: e, cause: null };
    }
    if (!base) return undefined;
    return this.add(base, mode === 'min' ? trigger.lo : trigger.hi, trigger.cause, e);
  }

  private better(a: Bound | undefined, b: Bound | undefined, larger: boolean): Bound | undefined {
    if (!a) return b;
    if (!b) return a;
    return (larger ? b.value > a.value : b.value < a.value) ? b : a;
  }

  private combine(id: string): Bound | undefined {
    const incoming = this.graph.in(id);
    const node = this.graph.nodes[id]!;
    const join = node.kind === 'parallelGateway' && incoming.length > 1;
    if (!join) {
      let best: Bound | undefined;
      for (const e of incoming) best = this.better(best, this.contribution(e), this.spec.mode === 'max');
      return best;
    }
    if (this.spec.mode === 'min') {
      const always = incoming.filter((e) => this.alwaysFromSource(e));
      if (always.length) {
        let best: Bound | undefined;
        for (const e of always) {
          const c = this.contribution(e);
          if (!c) return undefined; // the join waits for that branch
          best = this.better(best, c, true);
        }
        return best;
      }
      let best: Bound | undefined;
      for (const e of incoming) best = this.better(best, this.contribution(e), false);
      return best;
    }
    let best: Bound | undefined;
    let reached = false;
    for (const e of incoming) {
      const c = this.contribution(e);
      if (c) reached = true;
      // a branch that may not come from the source is bounded against the source's completion on the other branch
      best = this.better(best, this.alwaysFromSource(e) ? c : this.otherBranch(e, id), true);
    }
    return reached ? best : undefined;
  }

  /**
   * How much later than the source's completion a branch that may not come from the source can reach the join:
   * with F the nearest step every token to the source and to the join passes, at most (longest F → branch) −
   * (shortest F → source), both tokens being of one pass of F (a parallel join joins the branches of one pass).
   * F must hand on every token by completing (no boundary event, no return), else unbounded.
   */
  private otherBranch(e: TimingEdge, join: string): Bound {
    const cached = this.refined.get(e);
    if (cached) return cached;
    let result: Bound = { value: Infinity, via: e, cause: { reason: 'parallelJoin', node: join } };
    const f = this.spec.refineJoins ? this.graph.nearestCommonDominator(this.spec.source, join) : null;
    if (f && f !== this.spec.source && this.graph.out(f).every((x) => x.kind === 'flow')) {
      const late = this.helper(f, 'max').contribution(e);
      const early = this.helper(f, 'min').arrival(this.spec.source);
      if (!late) result = { value: -Infinity, via: e, cause: null };
      else if (late.value === Infinity && late.cause && late.cause.reason !== 'parallelJoin') result = { value: Infinity, via: e, cause: late.cause };
      else if (early && Number.isFinite(late.value) && Number.isFinite(early.value)) result = { value: late.value - early.value, via: e, cause: null };
    }
    this.refined.set(e, result);
    return result;
  }

  private helper(source: string, mode: 'min' | 'max'): TimingAnalysis {
    const key = `${mode}:${source}`;
    let analysis = this.helpers.get(key);
    if (!analysis) {
      analysis = new TimingAnalysis(this.graph, this.steps, { mode, source, cuts: NONE, sinks: NONE, refineJoins: false });
      this.helpers.set(key, analysis);
    }
    return analysis;
  }

  private solve(): void {
    const limit = 2 * Object.keys(this.graph.nodes).length + 10;
    const queue: string[] = [];
    const queued = new Set<string>();
    const push = (id: string) => {
      if (!queued.has(id)) {
        queued.add(id);
        queue.push(id);
      }
    };
    for (const e of this.graph.out(this.spec.source)) push(e.to);
    while (queue.length) {
      const id = queue.shift()!;
      queued.delete(id);
      const current = this.arrivals.get(id);
      if (current && current.value === (this.spec.mode === 'max' ? Infinity : -Infinity)) continue; // nothing is beyond it
      let next = this.combine(id);
      if (!next || (current && current.value === next.value)) continue;
      const count = (this.updates.get(id) ?? 0) + 1;
      this.updates.set(id, count);
      // only a node on a cycle can change without end; the others follow their predecessors
      if (count > limit && this.graph.onCycle(id)) next = { value: this.spec.mode === 'max' ? Infinity : -Infinity, via: next.via, cause: { reason: 'loop', node: id } };
      this.arrivals.set(id, next);
      for (const e of this.graph.out(id)) push(e.to);
    }
  }
}
