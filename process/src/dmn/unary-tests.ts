// Input entries of a decision table in the subset of FEEL's simple unary tests that designers write: `-`,
// comparisons (`< 100`, `>= 5000000`), intervals (`[1..10]`, `(0..100]`, `]0..100[`), values and lists of them
// (`"公开招标","邀请招标"`), and `not(…)`. A value is a literal or an expression of the platform's own language;
// each is checked by parsing it here, at compile time.
import { parseExpression } from '../expression';
import type { InputEntry, UnaryTest } from './decision-model';

export class UnaryTestError extends Error {}

/** Splits on commas outside quotes, brackets and parentheses. */
function splitTop(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = null;
      continue;
    }
    if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '(' || ch === '[') depth++;
    else if (ch === ')' || ch === ']') depth = Math.max(0, depth - 1);
    else if (ch === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  if (quote) throw new UnaryTestError('unterminated string');
  parts.push(text.slice(start));
  return parts.map((p) => p.trim());
}

function checkedValue(source: string): string {
  if (!source) throw new UnaryTestError('a test needs a value');
  try {
    parseExpression(source);
  } catch (err) {
    throw new UnaryTestError(`"${source}": ${(err as Error).message}`);
  }
  return source;
}

/** The `..` of an interval outside quotes (a number's decimal point is a single dot). */
function rangeDots(body: string): number {
  let quote: string | null = null;
  for (let i = 0; i < body.length - 1; i++) {
    const ch = body[i]!;
    if (quote) {
      if (ch === quote) quote = null;
      continue;
    }
    if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '.' && body[i + 1] === '.') return i;
  }
  return -1;
}

function parseTest(text: string): UnaryTest {
  const first = text[0];
  const last = text[text.length - 1];
  if ((first === '[' || first === '(' || first === ']') && (last === ']' || last === ')' || last === '[')) {
    const body = text.slice(1, -1);
    const dots = rangeDots(body);
    if (dots >= 0) {
      return {
        interval: {
          low: checkedValue(body.slice(0, dots).trim()), high: checkedValue(body.slice(dots + 2).trim()),
          lowClosed: first === '[', highClosed: last === ']',
        },
      };
    }
  }
  const m = /^(<=|>=|!=|<|>|=)\s*(.*)$/s.exec(text);
  if (m) return { op: m[1] as '<' | '<=' | '>' | '>=' | '=' | '!=', value: checkedValue(m[2]!.trim()) };
  return { op: '=', value: checkedValue(text) };
}

/** Parses an input entry's text; an empty cell or `-` matches any value. */
export function parseInputEntry(source: string | null | undefined): InputEntry {
  const text = (source ?? '').trim();
  if (!text || text === '-') return { any: true };
  const not = /^not\s*\((.*)\)$/s.exec(text);
  const inner = not ? not[1]!.trim() : text;
  if (!inner) throw new UnaryTestError('not() needs a test');
  return { tests: splitTop(inner).map((t) => {
    if (!t) throw new UnaryTestError('an empty test in a list');
    return parseTest(t);
  }), negate: Boolean(not) };
}
