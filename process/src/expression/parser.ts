import { ExpressionError, type BinaryOp, type Expr } from './ast';
import { functionNamed } from './functions';
import { unwrapExpression } from './expression-text';

// A small, safe expression language for gateway conditions and values. No eval, no new Function, no globals:
// identifiers read process variables only, calls go to a fixed whitelist.
//   amount > 1000000 && kind == 'construction'
//   len(bids) >= 3 ? 'open' : 'retender'
//   section.estimate * 0.02 <= deposit
// Accepted wrappers from other modelers: ${ … } (JUEL), #{ … }, and a leading = (FEEL). Words and, or, not.

type Tok = { k: 'num' | 'str' | 'id' | 'op' | 'eof'; v: string; p: number };

const OPERATORS = ['===', '!==', '==', '!=', '<=', '>=', '&&', '||', '<', '>', '+', '-', '*', '/', '%', '!', '(', ')', '[', ']', ',', '.', '?', ':'];
export const MAX_EXPRESSION_LENGTH = 2000;
const MAX_DEPTH = 64;

function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) { i++; continue; }
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(src[i + 1] ?? ''))) {
      const m = /^(\d+(\.\d+)?|\.\d+)([eE][+-]?\d+)?/.exec(src.slice(i))!;
      out.push({ k: 'num', v: m[0], p: i });
      i += m[0].length;
      continue;
    }
    if (c === '"' || c === "'") {
      let j = i + 1;
      let s = '';
      while (j < src.length && src[j] !== c) {
        if (src[j] === '\\') {
          const n = src[j + 1];
          if (n === undefined) break;
          s += n === 'n' ? '\n' : n === 't' ? '\t' : n;
          j += 2;
        } else {
          s += src[j];
          j++;
        }
      }
      if (j >= src.length) throw new ExpressionError('unterminated string', i);
      out.push({ k: 'str', v: s, p: i });
      i = j + 1;
      continue;
    }
    if (/[A-Za-z_\u4e00-\u9fff$]/.test(c)) {
      const m = /^[A-Za-z_\u4e00-\u9fff$][A-Za-z0-9_\u4e00-\u9fff$]*/.exec(src.slice(i))!;
      out.push({ k: 'id', v: m[0], p: i });
      i += m[0].length;
      continue;
    }
    const op = OPERATORS.find((o) => src.startsWith(o, i));
    if (!op) throw new ExpressionError(`unexpected character "${c}"`, i);
    out.push({ k: 'op', v: op === '===' ? '==' : op === '!==' ? '!=' : op, p: i });
    i += op.length;
  }
  out.push({ k: 'eof', v: '', p: src.length });
  return out;
}

const BINARY_PRECEDENCE: Record<string, number> = {
  '||': 1, or: 1, '&&': 2, and: 2, '==': 3, '!=': 3, '<': 4, '<=': 4, '>': 4, '>=': 4, in: 4, '+': 5, '-': 5, '*': 6, '/': 6, '%': 6,
};

export function parseExpression(source: string): Expr {
  if (typeof source !== 'string') throw new ExpressionError('expression must be text');
  if (source.length > MAX_EXPRESSION_LENGTH) throw new ExpressionError(`expression longer than ${MAX_EXPRESSION_LENGTH} characters`);
  const text = unwrapExpression(source);
  if (!text) throw new ExpressionError('empty expression', 0);
  const toks = tokenize(text);
  let pos = 0;
  let depth = 0;
  const peek = () => toks[pos]!;
  const next = () => toks[pos++]!;
  const expectOp = (v: string) => {
    const t = next();
    if (t.k !== 'op' || t.v !== v) throw new ExpressionError(`expected "${v}"`, t.p);
  };

  function binaryOp(t: Tok): string | null {
    if (t.k === 'op' && t.v in BINARY_PRECEDENCE) return t.v;
    if (t.k === 'id' && (t.v === 'and' || t.v === 'or' || t.v === 'in')) return t.v;
    return null;
  }

  function parse(minPrec: number): Expr {
    if (++depth > MAX_DEPTH) throw new ExpressionError('expression nested too deeply', peek().p);
    let left = unary();
    for (;;) {
      const t = peek();
      if (t.k === 'op' && t.v === '?' && minPrec <= 0) {
        next();
        const then = parse(0);
        expectOp(':');
        const otherwise = parse(0);
        left = { t: 'cond', test: left, then, else: otherwise };
        continue;
      }
      const op = binaryOp(t);
      if (!op) break;
      const prec = BINARY_PRECEDENCE[op]!;
      if (prec < minPrec || prec === 0) break;
      next();
      const right = parse(prec + 1);
      if (op === '&&' || op === 'and') left = { t: 'logical', op: '&&', left, right };
      else if (op === '||' || op === 'or') left = { t: 'logical', op: '||', left, right };
      else left = { t: 'binary', op: op as BinaryOp, left, right };
    }
    depth--;
    return left;
  }

  function unary(): Expr {
    const t = peek();
    if ((t.k === 'op' && (t.v === '!' || t.v === '-')) || (t.k === 'id' && t.v === 'not')) {
      next();
      return { t: 'unary', op: t.v === '-' ? '-' : '!', arg: unary() };
    }
    return postfix(primary());
  }

  function postfix(expr: Expr): Expr {
    for (;;) {
      const t = peek();
      if (t.k === 'op' && t.v === '.') {
        next();
        const name = next();
        if (name.k !== 'id') throw new ExpressionError('expected a property name after "."', name.p);
        if (FORBIDDEN_NAMES.has(name.v)) throw new ExpressionError(`"${name.v}" is not allowed`, name.p);
        expr = { t: 'member', obj: expr, key: name.v };
      } else if (t.k === 'op' && t.v === '[') {
        next();
        const index = parse(0);
        expectOp(']');
        expr = { t: 'index', obj: expr, index };
      } else {
        return expr;
      }
    }
  }

  function primary(): Expr {
    const t = next();
    switch (t.k) {
      case 'num': return { t: 'lit', v: Number(t.v) };
      case 'str': return { t: 'lit', v: t.v };
      case 'id': {
        if (t.v === 'true' || t.v === 'false') return { t: 'lit', v: t.v === 'true' };
        if (t.v === 'null') return { t: 'lit', v: null };
        const after = peek();
        if (after.k === 'op' && after.v === '(') {
          const called = functionNamed(t.v);
          if (!called) throw new ExpressionError(`unknown function "${t.v}"`, t.p);
          next();
          const args: Expr[] = [];
          if (!(peek().k === 'op' && peek().v === ')')) {
            for (;;) {
              args.push(parse(0));
              if (peek().k === 'op' && peek().v === ',') { next(); continue; }
              break;
            }
          }
          expectOp(')');
          const arity = called.arity;
          if (args.length < arity[0] || args.length > arity[1]) throw new ExpressionError(`${t.v}() takes ${arity[0] === arity[1] ? arity[0] : `${arity[0]}–${arity[1]}`} argument(s)`, t.p);
          return { t: 'call', fn: t.v, args };
        }
        if (FORBIDDEN_NAMES.has(t.v)) throw new ExpressionError(`"${t.v}" is not allowed`, t.p);
        return { t: 'var', name: t.v };
      }
      case 'op':
        if (t.v === '(') {
          const inner = parse(0);
          expectOp(')');
          return inner;
        }
        if (t.v === '[') {
          const items: Expr[] = [];
          if (!(peek().k === 'op' && peek().v === ']')) {
            for (;;) {
              items.push(parse(0));
              if (peek().k === 'op' && peek().v === ',') { next(); continue; }
              break;
            }
          }
          expectOp(']');
          return { t: 'list', items };
        }
        throw new ExpressionError(`unexpected "${t.v}"`, t.p);
      case 'eof':
        throw new ExpressionError('unexpected end of expression', t.p);
    }
    throw new ExpressionError('unexpected token', t.p);
  }

  const ast = parse(0);
  const rest = peek();
  if (rest.k !== 'eof') throw new ExpressionError(`unexpected "${rest.v}"`, rest.p);
  return ast;
}

/** Names that would reach JavaScript's object machinery; never variables. */
export const FORBIDDEN_NAMES = new Set(['__proto__', 'prototype', 'constructor', 'globalThis', 'this', 'window', 'process', 'require', 'eval', 'Function']);

/** Variables an expression reads (top-level names), for design-time checks. */
export function variablesOf(expr: Expr, into = new Set<string>()): Set<string> {
  switch (expr.t) {
    case 'var': into.add(expr.name); break;
    case 'member': variablesOf(expr.obj, into); break;
    case 'index': variablesOf(expr.obj, into); variablesOf(expr.index, into); break;
    case 'unary': variablesOf(expr.arg, into); break;
    case 'binary': case 'logical': variablesOf(expr.left, into); variablesOf(expr.right, into); break;
    case 'cond': variablesOf(expr.test, into); variablesOf(expr.then, into); variablesOf(expr.else, into); break;
    case 'call': expr.args.forEach((a) => variablesOf(a, into)); break;
    case 'list': expr.items.forEach((a) => variablesOf(a, into)); break;
    default: break;
  }
  return into;
}
