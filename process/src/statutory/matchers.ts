// Which nodes of a model are the steps a rule speaks of.
import { parseExpression } from '../expression';
import type { ModelNode } from '../model';
import type { StepMatcher } from './rules';

export type StepMatch = 'yes' | 'no' | { ambiguousInput: string; example: string };

/** The string a mapping always gives ('tender', "tender", ${'tender'}), null when it is computed, undefined when it does not parse. */
function literalString(source: string): string | null | undefined {
  try {
    const expr = parseExpression(source);
    if (expr.t !== 'lit') return null;
    return typeof expr.v === 'string' ? expr.v : String(expr.v);
  } catch {
    return undefined; // reported by the compiler as BAD_EXPRESSION
  }
}

export function matchStep(node: ModelNode, matcher: StepMatcher): StepMatch {
  if (matcher.kind === 'userTask') return node.kind === 'userTask' && node.formKey === matcher.formKey ? 'yes' : 'no';
  if (node.kind !== 'serviceTask' || node.taskType !== matcher.taskType) return 'no';
  if (!matcher.input) return 'yes';
  const source = node.input[matcher.input.name];
  if (source === undefined) return 'no';
  const value = literalString(source);
  if (value === undefined) return 'no';
  if (value === null) return { ambiguousInput: matcher.input.name, example: `'${matcher.input.value}'` };
  return value === matcher.input.value ? 'yes' : 'no';
}

/** 'yes' when any matcher matches; else the first ambiguity; else 'no'. */
export function matchAny(node: ModelNode, matchers: readonly StepMatcher[]): StepMatch {
  let result: StepMatch = 'no';
  for (const m of matchers) {
    const r = matchStep(node, m);
    if (r === 'yes') return 'yes';
    if (r !== 'no' && result === 'no') result = r;
  }
  return result;
}
