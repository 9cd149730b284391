import { ExpressionError } from './ast';

type Value = unknown;

function num(v: Value, fn: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new ExpressionError(`${fn}() needs a number`);
  return v;
}
function list(v: Value, fn: string): unknown[] {
  if (!Array.isArray(v)) throw new ExpressionError(`${fn}() needs a list`);
  return v;
}

export interface ExpressionFunction { arity: [number, number]; fn: (...args: Value[]) => Value }

/** The whitelist of functions an expression may call; each is pure and deterministic. */
const TABLE: Record<string, ExpressionFunction> = {
  len: { arity: [1, 1], fn: (v) => (typeof v === 'string' || Array.isArray(v) ? v.length : v && typeof v === 'object' ? Object.keys(v).length : 0) },
  count: { arity: [1, 1], fn: (v) => list(v, 'count').length },
  sum: { arity: [1, 1], fn: (v) => list(v, 'sum').reduce<number>((a, x) => a + num(x, 'sum'), 0) },
  min: { arity: [1, 8], fn: (...a) => Math.min(...(a.length === 1 && Array.isArray(a[0]) ? a[0] : a).map((x) => num(x, 'min'))) },
  max: { arity: [1, 8], fn: (...a) => Math.max(...(a.length === 1 && Array.isArray(a[0]) ? a[0] : a).map((x) => num(x, 'max'))) },
  abs: { arity: [1, 1], fn: (v) => Math.abs(num(v, 'abs')) },
  round: { arity: [1, 2], fn: (v, d) => { const f = 10 ** (d === undefined ? 0 : num(d, 'round')); return Math.round(num(v, 'round') * f) / f; } },
  floor: { arity: [1, 1], fn: (v) => Math.floor(num(v, 'floor')) },
  ceil: { arity: [1, 1], fn: (v) => Math.ceil(num(v, 'ceil')) },
  contains: { arity: [2, 2], fn: (c, x) => (typeof c === 'string' ? typeof x === 'string' && c.includes(x) : Array.isArray(c) ? c.some((y) => y === x) : false) },
  lower: { arity: [1, 1], fn: (v) => String(v ?? '').toLowerCase() },
  upper: { arity: [1, 1], fn: (v) => String(v ?? '').toUpperCase() },
  exists: { arity: [1, 1], fn: (v) => v !== undefined && v !== null },
  string: { arity: [1, 1], fn: (v) => (v === undefined || v === null ? '' : String(v)) },
  number: { arity: [1, 1], fn: (v) => { const n = Number(v); if (!Number.isFinite(n)) throw new ExpressionError('number() got something that is not a number'); return n; } },
};

/**
 * The table with no prototype: a name it does not hold itself — `toString`, `constructor`, `__proto__`, `valueOf`,
 * `hasOwnProperty` — is no function of the language, however JavaScript objects would answer it.
 */
export const FUNCTIONS: Readonly<Record<string, ExpressionFunction>> = Object.freeze(Object.assign(Object.create(null) as Record<string, ExpressionFunction>, TABLE));

/** The function of this name, only if the table holds it as its own. */
export function functionNamed(name: string): ExpressionFunction | undefined {
  return Object.prototype.hasOwnProperty.call(FUNCTIONS, name) ? FUNCTIONS[name] : undefined;
}
