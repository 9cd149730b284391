// The ways a token can move between nodes, as the interpreter moves it: along sequence flows when a node is done,
// to a boundary event while its activity is still open, and back to an earlier user task when a task is returned
// (驳回) or withdrawn (撤回). Compensation handlers run outside the flow and are left out.
import type { ModelNode, SequenceFlow } from '../model';

export type EdgeKind = 'flow' | 'boundary' | 'return' | 'withdraw';

export interface TimingEdge {
  kind: EdgeKind;
  from: string;
  to: string;
}

export interface TimingGraph {
  readonly nodes: Readonly<Record<string, ModelNode>>;
  readonly start: string;
  out(id: string): readonly TimingEdge[];
  in(id: string): readonly TimingEdge[];
  /** True when a token leaving the node can come back to it. */
  onCycle(id: string): boolean;
  /** The nearest node every path from the start to both `a` and `b` passes through, or null. */
  nearestCommonDominator(a: string, b: string): string | null;
}

function inFlow(node: ModelNode): boolean {
  return !node.isForCompensation && !(node.kind === 'boundaryEvent' && node.trigger.type === 'compensation');
}

/** A timer boundary that can never fire (R0/…) leads nowhere. */
function boundaryCanFire(node: ModelNode): boolean {
  if (node.kind !== 'boundaryEvent' || node.trigger.type !== 'timer') return true;
  const timer = node.trigger.timer;
  return !(timer.type === 'cycle' && /^R0\//.test(timer.value.trim()));
}

class EdgeSet {
  readonly outgoing = new Map<string, TimingEdge[]>();
  readonly incoming = new Map<string, TimingEdge[]>();
  private readonly seen = new Map<string, Set<string>>();
  /** Adds an edge; a withdraw edge where a return edge already goes is left out (the return says more). */
  add(edge: TimingEdge) {
    const same = (kind: EdgeKind) => this.seen.get(`${kind}>${edge.from}`)?.has(edge.to) ?? false;
    if (same(edge.kind) || (edge.kind === 'withdraw' && same('return'))) return;
    const key = `${edge.kind}>${edge.from}`;
    (this.seen.get(key) ?? this.seen.set(key, new Set()).get(key)!).add(edge.to);
    (this.outgoing.get(edge.from) ?? this.outgoing.set(edge.from, []).get(edge.from)!).push(edge);
    (this.incoming.get(edge.to) ?? this.incoming.set(edge.to, []).get(edge.to)!).push(edge);
  }

  out(id: string): readonly TimingEdge[] {
    return this.outgoing.get(id) ?? [];
  }
  in(id: string): readonly TimingEdge[] {
    return this.incoming.get(id) ?? [];
  }
}

/** Immediate dominators (Cooper, Harvey and Kennedy's iterative algorithm over reverse postorder). */
function dominators(edges: EdgeSet, start: string): { idom: Map<string, string>; rpo: Map<string, number> } {
  const postorder: string[] = [];
  const seen = new Set<string>([start]);
  const stack: Array<{ id: string; next: number }> = [{ id: start, next: 0 }];
  while (stack.length) {
    const top = stack[stack.length - 1]!;
    const out = edges.out(top.id);
    if (top.next < out.length) {
      const to = out[top.next++]!.to;
      if (!seen.has(to)) {
        seen.add(to);
        stack.push({ id: to, next: 0 });
      }
    } else {
      postorder.push(top.id);
      stack.pop();
    }
  }
  const order = postorder.reverse();
  const rpo = new Map(order.map((id, i) => [id, i]));
  const idom = new Map<string, string>([[start, start]]);
  const intersect = (a: string, b: string) => {
    let x = a;
    let y = b;
    while (x !== y) {
      while (rpo.get(x)! > rpo.get(y)!) x = idom.get(x)!;
      while (rpo.get(y)! > rpo.get(x)!) y = idom.get(y)!;
    }
    return x;
  };
  for (let changed = true; changed;) {
    changed = false;
    for (const id of order) {
      if (id === start) continue;
      let candidate: string | null = null;
      for (const e of edges.in(id)) {
        if (!idom.has(e.from)) continue;
        candidate = candidate === null ? e.from : intersect(e.from, candidate);
      }
      if (candidate !== null && idom.get(id) !== candidate) {
        idom.set(id, candidate);
        changed = true;
      }
    }
  }
  return { idom, rpo };
}

/** Nodes on a cycle: members of a strongly connected component with more than one node, or with a self-loop (Tarjan). */
function cyclicNodes(edges: EdgeSet, ids: string[]): Set<string> {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cyclic = new Set<string>();
  let counter = 0;
  for (const root of ids) {
    if (index.has(root)) continue;
    const frames: Array<{ id: string; next: number }> = [{ id: root, next: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (frames.length) {
      const frame = frames[frames.length - 1]!;
      const out = edges.out(frame.id);
      if (frame.next < out.length) {
        const to = out[frame.next++]!.to;
        if (to === frame.id) cyclic.add(to);
        if (!index.has(to)) {
          index.set(to, counter);
          low.set(to, counter++);
          stack.push(to);
          onStack.add(to);
          frames.push({ id: to, next: 0 });
        } else if (onStack.has(to)) {
          low.set(frame.id, Math.min(low.get(frame.id)!, index.get(to)!));
        }
        continue;
      }
      frames.pop();
      const parent = frames[frames.length - 1];
      if (parent) low.set(parent.id, Math.min(low.get(parent.id)!, low.get(frame.id)!));
      if (low.get(frame.id) === index.get(frame.id)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.id);
        if (component.length > 1) for (const m of component) cyclic.add(m);
      }
    }
  }
  return cyclic;
}

function ancestorsOf(edges: EdgeSet, id: string): Set<string> {
  const found = new Set<string>();
  const queue = [id];
  while (queue.length) {
    for (const e of edges.in(queue.shift()!)) {
      if (!found.has(e.from)) {
        found.add(e.from);
        queue.push(e.from);
      }
    }
  }
  return found;
}

/**
 * For every node a token can reach, the nodes that have always completed before a token arrives there (of one pass:
 * a parallel join is taken to join the branches of one pass). Greatest fixpoint: a node not yet reached stands for
 * "everything", the neutral element of the intersection at merges.
 */
function completedBefore(nodes: Readonly<Record<string, ModelNode>>, edges: EdgeSet, start: string): Map<string, Set<string>> {
  const before = new Map<string, Set<string>>([[start, new Set()]]);
  const queue = edges.out(start).map((e) => e.to);
  const queued = new Set(queue);
  while (queue.length) {
    const id = queue.shift()!;
    queued.delete(id);
    if (id === start) continue;
    const incoming = edges.in(id);
    const join = nodes[id]!.kind === 'parallelGateway' && incoming.length > 1;
    let next: Set<string> | null = null;
    let complete = true;
    for (const e of incoming) {
      const from = before.get(e.from);
      if (!from) {
        complete = false;
        continue;
      }
      const via = new Set(from);
      if (e.kind === 'flow') via.add(e.from);
      if (next === null) next = via;
      else if (join) for (const x of via) next.add(x);
      else for (const x of next) if (!via.has(x)) next.delete(x);
    }
    if (next === null || (join && !complete)) continue;
    const current = before.get(id);
    if (current && current.size === next.size && [...next].every((x) => current.has(x))) continue;
    before.set(id, next);
    for (const e of edges.out(id)) {
      if (!queued.has(e.to)) {
        queued.add(e.to);
        queue.push(e.to);
      }
    }
  }
  return before;
}

/**
 * The user tasks a token can have come straight from (the interpreter's withdraw origin): back along sequence flows
 * through gateways and events, stopping at user tasks; service tasks and call activities end the way back.
 * A multi-instance task does not become the origin, so the way back passes it.
 */
function withdrawOrigins(nodes: Readonly<Record<string, ModelNode>>, edges: EdgeSet, id: string): Set<string> {
  const origins = new Set<string>();
  const seen = new Set<string>([id]);
  const queue = [id];
  while (queue.length) {
    for (const e of edges.in(queue.shift()!)) {
      if (e.kind !== 'flow' || seen.has(e.from)) continue;
      seen.add(e.from);
      const node = nodes[e.from]!;
      if (node.kind === 'userTask' && !node.multiInstance) origins.add(e.from);
      else if (node.kind !== 'serviceTask' && node.kind !== 'callActivity' && node.kind !== 'boundaryEvent') queue.push(e.from);
    }
  }
  return origins;
}

/**
 * Return targets of user task `task` (驳回): the listed ones, or, without a list, the user tasks visited before:
 * one upstream in the diagram (visited on this pass or an earlier one), or one that can be visited without this one
 * having completed (on another branch). Multi-instance tasks cannot be returned. `base` holds the diagram's own
 * edges: a jump forward to a task visited only because of an earlier return is not followed (see the README).
 */
function returnTargets(task: ModelNode, userTasks: ModelNode[], base: EdgeSet, before: Map<string, Set<string>>): string[] {
  if (task.kind !== 'userTask' || task.multiInstance) return [];
  const targets = new Set<string>();
  if (task.returnTargets.length) {
    for (const t of task.returnTargets) if (userTasks.some((u) => u.id === t)) targets.add(t);
  } else {
    const ancestors = ancestorsOf(base, task.id);
    for (const t of userTasks) {
      if (ancestors.has(t.id) || (before.has(t.id) && !before.get(t.id)!.has(task.id))) targets.add(t.id);
    }
  }
  targets.delete(task.id);
  return [...targets];
}

export function buildTimingGraph(nodes: Readonly<Record<string, ModelNode>>, flows: Readonly<Record<string, SequenceFlow>>, start: string): TimingGraph {
  const edges = new EdgeSet();
  const live = Object.values(nodes).filter(inFlow);
  for (const node of live) {
    // a subprocess is walked through: its flows leave from its end events, after the time spent inside it
    const targets = node.kind === 'subProcess'
      ? [node.startNode]
      : [...node.outgoing.map((f) => flows[f]?.target), ...(node.kind === 'endEvent' && node.scope ? (nodes[node.scope]?.outgoing ?? []).map((f) => flows[f]?.target) : [])];
    for (const id of targets) {
      const target = id ? nodes[id] : undefined;
      if (target && inFlow(target)) edges.add({ kind: 'flow', from: node.id, to: target.id });
    }
    for (const b of node.boundaries) {
      const boundary = nodes[b];
      if (boundary && inFlow(boundary) && boundaryCanFire(boundary)) edges.add({ kind: 'boundary', from: node.id, to: b });
    }
  }
  const userTasks = live.filter((n) => n.kind === 'userTask');
  const before = completedBefore(nodes, edges, start);
  // withdraw (撤回) gives a task back to the user task whose completion led straight to it
  const added: TimingEdge[] = userTasks.flatMap((task) => [
    ...returnTargets(task, userTasks, edges, before).map((to): TimingEdge => ({ kind: 'return', from: task.id, to })),
    ...(task.multiInstance ? [] : [...withdrawOrigins(nodes, edges, task.id)].map((to): TimingEdge => ({ kind: 'withdraw', from: task.id, to }))),
  ]);
  for (const e of added) edges.add(e);
  const { idom, rpo } = dominators(edges, start);
  const cyclic = cyclicNodes(edges, Object.keys(nodes));

  return {
    nodes,
    start,
    out: (id) => edges.out(id),
    in: (id) => edges.in(id),
    onCycle: (id) => cyclic.has(id),
    nearestCommonDominator(a, b) {
      if (!idom.has(a) || !idom.has(b)) return null;
      let x = a;
      let y = b;
      while (x !== y) {
        while (rpo.get(x)! > rpo.get(y)!) x = idom.get(x)!;
        while (rpo.get(y)! > rpo.get(x)!) y = idom.get(y)!;
      }
      return x;
    },
  };
}
