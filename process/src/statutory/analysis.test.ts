// The timing analysis against brute force: on random graphs of timers and exclusive gateways (with loops), what the
// checker finds guaranteed (min) or possible (max) between A and B is what enumerating the walks finds.
import type { ModelNode, SequenceFlow } from '../model';
import { checkStatutoryPeriods } from './check';
import type { StatutoryRule } from './rules';

function random(seed: number) {
  let x = seed || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

const base = (id: string) => ({ id, name: null, incoming: [] as string[], outgoing: [] as string[], boundaries: [], multiInstance: null, compensationHandler: null, isForCompensation: false });
const service = (id: string, taskType: string, input: Record<string, string> = {}): ModelNode => ({ ...base(id), kind: 'serviceTask', taskType, input, resultVariable: null, retry: null, timeout: null });

interface RandomGraph {
  nodes: Record<string, ModelNode>;
  flows: Record<string, SequenceFlow>;
  days: Record<string, number>;
  next: Record<string, string[]>;
}

function randomGraph(next: () => number): RandomGraph {
  const count = 4 + Math.floor(next() * 6);
  const inner = Array.from({ length: count }, (_, i) => `x${i}`);
  const nodes: Record<string, ModelNode> = {
    start: { ...base('start'), kind: 'startEvent' },
    a: service('a', 'notices.publish', { noticeType: "'tender'" }),
    b: service('b', 'bids.open'),
    end: { ...base('end'), kind: 'endEvent', terminate: false, errorCode: null, compensate: null },
  };
  const days: Record<string, number> = {};
  for (const id of inner) {
    if (next() < 0.6) {
      days[id] = Math.floor(next() * 6);
      nodes[id] = { ...base(id), kind: 'timerCatch', timer: { type: 'duration', value: `P${days[id]}D`, calendar: 'calendar' } };
    } else {
      nodes[id] = { ...base(id), kind: 'exclusiveGateway', defaultFlow: null };
    }
  }
  const edges: Array<[string, string]> = [['start', 'a'], ['a', inner[0]!], ['b', 'end']];
  inner.forEach((id, i) => {
    edges.push([id, i + 1 < inner.length ? inner[i + 1]! : 'b']);
    if (next() < 0.35) edges.push([id, inner[Math.floor(next() * inner.length)]!]); // forward or back: loops
    if (next() < 0.25) edges.push([id, 'b']);
    if (next() < 0.1) edges.push([id, 'a']);
  });
  const flows: Record<string, SequenceFlow> = {};
  const successors: Record<string, string[]> = {};
  for (const [from, to] of edges) {
    if (successors[from]?.includes(to)) continue;
    const id = `f_${from}_${to}`;
    flows[id] = { id, name: null, source: from, target: to, condition: null };
    nodes[from]!.outgoing.push(id);
    nodes[to]!.incoming.push(id);
    (successors[from] ??= []).push(to);
  }
  return { nodes, flows, days, next: successors };
}

/** Least total over simple paths from a to b that do not pass a again (a later completion of a restarts the period). */
function bruteMin(g: RandomGraph): number | null {
  let best: number | null = null;
  const walk = (id: string, total: number, seen: Set<string>) => {
    if (id === 'b') {
      best = best === null ? total : Math.min(best, total);
      return;
    }
    for (const to of g.next[id] ?? []) {
      if (to === 'a' || seen.has(to)) continue;
      seen.add(to);
      walk(to, total + (g.days[id] ?? 0), seen);
      seen.delete(to);
    }
  };
  walk('a', 0, new Set(['a']));
  return best;
}

/** Greatest total over walks of at most `steps` steps from a to the first b, not passing a again. */
function bruteMax(g: RandomGraph, steps: number): number | null {
  const memo = new Map<string, number | null>();
  const walk = (id: string, left: number): number | null => {
    if (id === 'b') return 0;
    if (left === 0) return null;
    const key = `${id}/${left}`;
    if (memo.has(key)) return memo.get(key)!;
    let most: number | null = null;
    for (const to of g.next[id] ?? []) {
      if (to === 'a') continue;
      const rest = walk(to, left - 1);
      if (rest !== null) most = Math.max(most ?? -Infinity, rest + (g.days[id] ?? 0));
    }
    memo.set(key, most);
    return most;
  };
  return walk('a', steps);
}

const rule = (kind: 'min' | 'max', amount: number): StatutoryRule => ({
  id: `test.${kind}`, title: { zh: '测试', en: 'test' }, kind, period: { amount, unit: 'calendarDays' },
  from: [{ kind: 'serviceTask', taskType: 'notices.publish', input: { name: 'noticeType', value: 'tender' } }],
  to: [{ kind: 'serviceTask', taskType: 'bids.open' }],
  basis: [{ law: { zh: '测试法', en: 'Test Law' }, article: { zh: '第一条', en: 'Art. 1' } }],
});

const holds = (g: RandomGraph, r: StatutoryRule) =>
  checkStatutoryPeriods({ nodes: g.nodes, flows: g.flows, startNode: 'start', procedureKind: 'test' }, { test: [r] }).errors.length === 0;

describe('timing analysis against brute force', () => {
  test.each([11, 22, 33, 44])('seed %i: min and max bounds on 150 random graphs with loops', (seed) => {
    const next = random(seed * 104729);
    let loops = 0;
    for (let i = 0; i < 150; i++) {
      const g = randomGraph(next);
      const size = Object.keys(g.nodes).length;
      const least = bruteMin(g);
      if (least === null) continue;
      // a min rule holds exactly up to the least total over the paths
      if (least >= 1) expect({ i, least, holds: holds(g, rule('min', least)) }).toEqual({ i, least, holds: true });
      expect({ i, least, holds: holds(g, rule('min', least + 1)) }).toEqual({ i, least, holds: false });
      // a max rule holds exactly down to the greatest total; a loop that adds time makes it unbounded
      const short = bruteMax(g, size + 1)!;
      const long = bruteMax(g, 3 * size + 3)!;
      if (long > short) {
        loops++;
        expect({ i, holds: holds(g, rule('max', 3650)) }).toEqual({ i, holds: false });
      } else {
        expect({ i, short, holds: holds(g, rule('max', Math.max(1, short))) }).toEqual({ i, short, holds: true });
        if (short >= 2) expect({ i, short, holds: holds(g, rule('max', short - 1)) }).toEqual({ i, short, holds: false });
      }
    }
    expect(loops).toBeGreaterThan(0);
  });
});

// Block-structured processes with parallel and exclusive gateways, simulated token by token: the checker never
// accepts a period that some run breaks.
type Block =
  | { t: 'timer'; days: number } | { t: 'auto' } | { t: 'a' } | { t: 'b' }
  | { t: 'seq' | 'xor' | 'and'; left: Block; right: Block };

function randomBlock(next: () => number, depth: number): Block {
  if (depth === 0 || next() < 0.3) return next() < 0.6 ? { t: 'timer', days: Math.floor(next() * 8) } : { t: 'auto' };
  const r = next();
  return { t: r < 0.45 ? 'seq' : r < 0.7 ? 'xor' : 'and', left: randomBlock(next, depth - 1), right: randomBlock(next, depth - 1) };
}

/** Replaces the n-th leaf (in order) by `leaf`. */
function placeLeaf(block: Block, n: number, leaf: Block): [Block, number] {
  if (block.t === 'seq' || block.t === 'xor' || block.t === 'and') {
    const [left, rest] = placeLeaf(block.left, n, leaf);
    const [right, after] = placeLeaf(block.right, rest, leaf);
    return [{ ...block, left, right }, after];
  }
  return [n === 0 ? leaf : block, n - 1];
}

function leaves(block: Block): number {
  return block.t === 'seq' || block.t === 'xor' || block.t === 'and' ? leaves(block.left) + leaves(block.right) : 1;
}

interface Outcome { end: number; lastA: number | null; pairs: Array<{ a: number; b: number }> }

/** Every run of the block from time `at`, with the latest completion of A in its causal past. */
function runs(block: Block, at: number, lastA: number | null): Outcome[] {
  switch (block.t) {
    case 'timer': return [{ end: at + block.days, lastA, pairs: [] }];
    case 'auto': return [{ end: at, lastA, pairs: [] }];
    case 'a': return [{ end: at, lastA: at, pairs: [] }];
    case 'b': return [{ end: at, lastA, pairs: lastA === null ? [] : [{ a: lastA, b: at }] }];
    case 'seq': return runs(block.left, at, lastA).flatMap((l) => runs(block.right, l.end, l.lastA).map((r) => ({ ...r, pairs: [...l.pairs, ...r.pairs] })));
    case 'xor': return [...runs(block.left, at, lastA), ...runs(block.right, at, lastA)];
    case 'and': return runs(block.left, at, lastA).flatMap((l) => runs(block.right, at, lastA).map((r) => ({
      end: Math.max(l.end, r.end),
      lastA: l.lastA === null ? r.lastA : r.lastA === null ? l.lastA : Math.max(l.lastA, r.lastA),
      pairs: [...l.pairs, ...r.pairs],
    })));
  }
}

function modelOf(root: Block): { nodes: Record<string, ModelNode>; flows: Record<string, SequenceFlow> } {
  const nodes: Record<string, ModelNode> = { start: { ...base('start'), kind: 'startEvent' } };
  const flows: Record<string, SequenceFlow> = {};
  let counter = 0;
  const link = (from: string, to: string) => {
    const id = `f${counter++}`;
    flows[id] = { id, name: null, source: from, target: to, condition: null };
    nodes[from]!.outgoing.push(id);
    nodes[to]!.incoming.push(id);
  };
  const add = (node: ModelNode, entry: string) => {
    nodes[node.id] = node;
    link(entry, node.id);
    return node.id;
  };
  const build = (block: Block, entry: string): string => {
    const id = `n${counter++}`;
    switch (block.t) {
      case 'timer': return add({ ...base(id), kind: 'timerCatch', timer: { type: 'duration', value: `P${block.days}D`, calendar: 'calendar' } }, entry);
      case 'auto': return add(service(id, 'demo.echo'), entry);
      case 'a': return add(service(id, 'notices.publish', { noticeType: "'tender'" }), entry);
      case 'b': return add(service(id, 'bids.open'), entry);
      case 'seq': return build(block.right, build(block.left, entry));
      default: {
        const kind = block.t === 'xor' ? 'exclusiveGateway' : 'parallelGateway';
        const split = add({ ...base(`${id}s`), kind, defaultFlow: null }, entry);
        const left = build(block.left, split);
        const right = build(block.right, split);
        nodes[`${id}j`] = { ...base(`${id}j`), kind, defaultFlow: null };
        link(left, `${id}j`);
        link(right, `${id}j`);
        return `${id}j`;
      }
    }
  };
  const exit = build(root, 'start');
  add({ ...base('end'), kind: 'endEvent', terminate: false, errorCode: null, compensate: null }, exit);
  return { nodes, flows };
}

describe('timing analysis against simulated runs with parallel branches', () => {
  test.each([5, 6, 7, 8])('seed %i: no period is accepted that a run breaks', (seed) => {
    const next = random(seed * 15485863);
    let pairs = 0;
    let exact = 0;
    for (let i = 0; i < 400; i++) {
      let block = randomBlock(next, 4);
      const count = leaves(block);
      if (count < 2) continue;
      const ai = Math.floor(next() * (count - 1));
      const bi = next() < 0.85 ? ai + 1 + Math.floor(next() * (count - 1 - ai)) : Math.floor(next() * ai); // mostly later in the order
      block = placeLeaf(block, ai, { t: 'a' })[0];
      block = placeLeaf(block, bi, { t: 'b' })[0];
      const all = runs(block, 0, null).flatMap((o) => o.pairs.map((p) => p.b - p.a));
      const { nodes, flows } = modelOf(block);
      const check = (r: StatutoryRule) => checkStatutoryPeriods({ nodes, flows, startNode: 'start', procedureKind: 'test' }, { test: [r] }).errors.length === 0;
      if (all.length === 0) {
        expect({ i, holds: check(rule('min', 3650)) && check(rule('max', 1)) }).toEqual({ i, holds: true });
        continue;
      }
      pairs++;
      const least = Math.min(...all);
      const most = Math.max(...all);
      expect({ i, least, refused: !check(rule('min', least + 1)) }).toEqual({ i, least, refused: true });
      if (most >= 2) expect({ i, most, refused: !check(rule('max', most - 1)) }).toEqual({ i, most, refused: true });
      if ((least < 1 || check(rule('min', least))) && check(rule('max', Math.max(1, most)))) exact++;
    }
    expect(pairs).toBeGreaterThan(90);
    expect(exact / pairs).toBeGreaterThan(0.6); // conservative where branches not started by A are ignored
  });
});
