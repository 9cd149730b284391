import { ExpressionError, type Expr } from './ast';
import { functionNamed } from './functions';
import { FORBIDDEN_NAMES, parseExpression } from './parser';

export type Scope = Readonly<Record<string, unknown>>;

function own(obj: unknown, key: string): unknown {
  if (obj === null || obj === undefined) return undefined;
  if (FORBIDDEN_NAMES.has(key)) throw new ExpressionError(`"${key}" is not allowed`);
  if (typeof obj === 'string' && key === 'length') return obj.length;
  if (Array.isArray(obj) && key === 'length') return obj.length;
  if (typeof obj !== 'object') return undefined;
  return Object.prototype.hasOwnProperty.call(obj, key) ? (obj as Record<string, unknown>)[key] : undefined;
}

function compare(op: string, a: unknown, b: unknown): boolean {
  if (a === undefined || a === null || b === undefined || b === null) return false;
  if (typeof a !== typeof b || (typeof a !== 'number' && typeof a !== 'string')) {
    throw new ExpressionError(`cannot compare ${typeof a} with ${typeof b}`);
  }
  const x = a as number | string;
  const y = b as number | string;
  return op === '<' ? x < y : op === '<=' ? x <= y : op === '>' ? x > y : x >= y;
}

function equal(a: unknown, b: unknown): boolean {
  if (a === undefined) a = null;
  if (b === undefined) b = null;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => equal(x, b[i]));
  return a === b;
}

function arithmetic(op: string, a: unknown, b: unknown): unknown {
  if (op === '+' && (typeof a === 'string' || typeof b === 'string')) return `${a ?? ''}${b ?? ''}`;
  if (typeof a !== 'number' || typeof b !== 'number') throw new ExpressionError(`"${op}" needs numbers`);
  switch (op) {
    case '+': return a + b;
    case '-': return a - b;
    case '*': return a * b;
    case '/': if (b === 0) throw new ExpressionError('division by zero'); return a / b;
    default: if (b === 0) throw new ExpressionError('division by zero'); return a % b;
  }
}

export function truthy(v: unknown): boolean {
  if (Array.isArray(v)) return v.length > 0;
  return Boolean(v);
}

/** Evaluates a syntax tree against process variables. Deterministic: no clock, no randomness, no globals. */
export function evaluate(expr: Expr, scope: Scope): unknown {
  switch (expr.t) {
    case 'lit': return expr.v;
    case 'var': return Object.prototype.hasOwnProperty.call(scope, expr.name) ? scope[expr.name] : undefined;
    case 'member': return own(evaluate(expr.obj, scope), expr.key);
    case 'index': {
      const obj = evaluate(expr.obj, scope);
      const index = evaluate(expr.index, scope);
      if (Array.isArray(obj) && typeof index === 'number') return obj[index < 0 ? obj.length + index : index];
      if (typeof index === 'string') return own(obj, index);
      return undefined;
    }
    case 'unary': {
      const v = evaluate(expr.arg, scope);
      if (expr.op === '!') return !truthy(v);
      if (typeof v !== 'number') throw new ExpressionError('"-" needs a number');
      return -v;
    }
    case 'logical': {
      const left = truthy(evaluate(expr.left, scope));
      if (expr.op === '&&') return left ? truthy(evaluate(expr.right, scope)) : false;
      return left ? true : truthy(evaluate(expr.right, scope));
    }
    case 'binary': {
      const a = evaluate(expr.left, scope);
      const b = evaluate(expr.right, scope);
      switch (expr.op) {
        case '==': return equal(a, b);
        case '!=': return !equal(a, b);
        case '<': case '<=': case '>': case '>=': return compare(expr.op, a, b);
        case 'in': return Array.isArray(b) ? b.some((x) => equal(x, a)) : typeof b === 'string' && typeof a === 'string' ? b.includes(a) : false;
        default: return arithmetic(expr.op, a, b);
      }
    }
    case 'cond': return truthy(evaluate(expr.test, scope)) ? evaluate(expr.then, scope) : evaluate(expr.else, scope);
    case 'call': {
      const fn = functionNamed(expr.fn);
      if (!fn) throw new ExpressionError(`unknown function "${expr.fn}"`);
      return fn.fn(...expr.args.map((a) => evaluate(a, scope)));
    }
    case 'list': return expr.items.map((i) => evaluate(i, scope));
  }
}

const cache = new Map<string, Expr>();

/** Parses (once per source text) and evaluates. */
export function evaluateSource(source: string, scope: Scope): unknown {
  let ast = cache.get(source);
  if (!ast) {
    ast = parseExpression(source);
    if (cache.size > 5000) cache.clear();
    cache.set(source, ast);
  }
  return evaluate(ast, scope);
}

export function evaluateCondition(source: string, scope: Scope): boolean {
  return truthy(evaluateSource(source, scope));
}
