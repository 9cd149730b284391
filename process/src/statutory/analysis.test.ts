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
