// An expression property (condition, mapping value, assignee, correlation key…) must parse at design time, so a
// typo is a problem with the element's id rather than a failed workflow task at run time.
import { parseExpression, ExpressionError } from '../../expression';
import type { Collector } from '../collector';

/** Checks an optional expression and gives it back unchanged (null stays null). */
export function checkExpression(c: Collector, element: string, source: string | null): string | null {
  if (source === null) return null;
  try {
    parseExpression(source);
  } catch (err) {
    c.error('BAD_EXPRESSION', element, { detail: err instanceof ExpressionError ? `${err.message} in "${source}"` : String(err) });
  }
  return source;
}
