// Evaluates a decision table — pure and deterministic, so a business rule task evaluates it inside the workflow and
// replays to the same answer. Rules are matched with FEEL's meaning (a test on values of different types does not
// hold; null matches only `-` or null), and the hit policy turns the matched rules into the result.
import { evaluateSource, type Scope } from '../expression';
import type { DecisionModel, InputEntry, UnaryTest } from './decision-model';

export class DecisionError extends Error {
  constructor(readonly code: 'DECISION_NOT_UNIQUE' | 'DECISION_ANY_CONFLICT' | 'DECISION_EXPRESSION' | 'DECISION_AGGREGATION', message: string) {
    super(message);
    this.name = 'DecisionError';
  }
}

export interface DecisionResult {
  /** One output: its value (a list for COLLECT and the ORDER policies); several: an object by output name (or a list). */
  value: unknown;
  matchedRules: string[];
}

function valueOf(source: string, scope: Scope, what: string): unknown {
  try {
    return evaluateSource(source, scope);
  } catch (err) {
    throw new DecisionError('DECISION_EXPRESSION', `${what} "${source}": ${(err as Error).message}`);
  }
}

type Comparable = number | string | boolean;

function comparable(a: unknown, b: unknown): [Comparable, Comparable] | null {
  if (typeof a === 'number' && typeof b === 'number' && Number.isFinite(a) && Number.isFinite(b)) return [a, b];
  if (typeof a === 'string' && typeof b === 'string') return [a, b];
  if (typeof a === 'boolean' && typeof b === 'boolean') return [a, b];
  return null;
}

function holds(test: UnaryTest, input: unknown, scope: Scope): boolean {
  if ('interval' in test) {
    const { low, high, lowClosed, highClosed } = test.interval;
    const lo = comparable(input, valueOf(low, scope, 'interval start'));
    const hi = comparable(input, valueOf(high, scope, 'interval end'));
    if (!lo || !hi || typeof lo[0] === 'boolean') return false;
    return (lowClosed ? lo[0] >= lo[1] : lo[0] > lo[1]) && (highClosed ? hi[0] <= hi[1] : hi[0] < hi[1]);
  }
  const value = valueOf(test.value, scope, 'test value');
  if (test.op === '=' || test.op === '!=') {
    const equal = input === value || (input === null && value === null) || (input === undefined && value === null);
    return test.op === '=' ? equal : !equal && input !== null && input !== undefined;
  }
  const pair = comparable(input, value);
  if (!pair || typeof pair[0] === 'boolean') return false;
  const [a, b] = pair;
  switch (test.op) {
    case '<': return a < b;
    case '<=': return a <= b;
    case '>': return a > b;
    case '>=': return a >= b;
  }
}

function matches(entry: InputEntry, input: unknown, scope: Scope): boolean {
  if ('any' in entry) return true;
  const some = entry.tests.some((t) => holds(t, input, scope));
  return entry.negate ? !some && input !== null && input !== undefined : some;
}

/** Evaluates the decision over the variables. */
export function evaluateDecision(model: DecisionModel, variables: Scope): DecisionResult {
  const inputs = model.inputs.map((i) => valueOf(i.expression, variables, `input "${i.label ?? i.id}"`));
  // an input test sees the input's value as `?` would in FEEL: tests are evaluated over the variables
  const matched = model.rules.filter((r) => r.inputEntries.every((e, k) => matches(e, inputs[k], variables)));
  const outputOf = (rule: (typeof model.rules)[number]): unknown => {
    const values = rule.outputEntries.map((e, k) => (e === null ? null : valueOf(e, variables, `output "${model.outputs[k]?.name ?? k}" of rule ${rule.id}`)));
    if (model.outputs.length === 1) return values[0];
    return Object.fromEntries(model.outputs.map((o, k) => [o.name, values[k]]));
  };
  const ids = matched.map((r) => r.id);
  const priority = (rule: (typeof model.rules)[number]): number => {
    for (let k = 0; k < model.outputs.length; k++) {
      const allowed = model.outputs[k]!.values.map((v) => valueOf(v, variables, 'output value'));
      if (!allowed.length) continue;
      const entry = rule.outputEntries[k];
      const at = allowed.indexOf(entry === null || entry === undefined ? null : valueOf(entry, variables, 'output'));
      return at < 0 ? allowed.length : at;
    }
    return 0;
  };
  const byPriority = () => matched.map((r, i) => ({ r, i, p: priority(r) })).sort((a, b) => a.p - b.p || a.i - b.i).map((x) => x.r);

  switch (model.hitPolicy) {
    case 'UNIQUE':
      if (matched.length > 1) throw new DecisionError('DECISION_NOT_UNIQUE', `rules ${ids.join(', ')} all match, the hit policy is UNIQUE`);
      return { value: matched[0] ? outputOf(matched[0]) : null, matchedRules: ids };
    case 'FIRST':
      return { value: matched[0] ? outputOf(matched[0]) : null, matchedRules: ids.slice(0, 1) };
    case 'PRIORITY': {
      const best = byPriority()[0];
      return { value: best ? outputOf(best) : null, matchedRules: best ? [best.id] : [] };
    }
    case 'ANY': {
      const values = matched.map(outputOf);
      const first = JSON.stringify(values[0]);
      if (values.some((v) => JSON.stringify(v) !== first)) throw new DecisionError('DECISION_ANY_CONFLICT', `rules ${ids.join(', ')} match with different outputs, the hit policy is ANY`);
      return { value: values.length ? values[0] : null, matchedRules: ids };
    }
    case 'RULE ORDER':
      return { value: matched.map(outputOf), matchedRules: ids };
    case 'OUTPUT ORDER': {
      const sorted = byPriority();
      return { value: sorted.map(outputOf), matchedRules: sorted.map((r) => r.id) };
    }
    case 'COLLECT': {
      const values = matched.map(outputOf);
      if (!model.aggregation) return { value: values, matchedRules: ids };
      if (model.aggregation === 'COUNT') return { value: values.length, matchedRules: ids };
      if (values.some((v) => typeof v !== 'number')) throw new DecisionError('DECISION_AGGREGATION', `${model.aggregation} needs numbers from every matched rule`);
      const numbers = values as number[];
      if (!numbers.length) return { value: null, matchedRules: ids };
      const value = model.aggregation === 'SUM' ? numbers.reduce((a, b) => a + b, 0) : model.aggregation === 'MIN' ? Math.min(...numbers) : Math.max(...numbers);
      return { value, matchedRules: ids };
    }
  }
}
