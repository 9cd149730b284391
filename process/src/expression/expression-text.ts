// Whether the text of a BPMN attribute is an expression or a literal (a duration, a date), and the expression inside
// its wrapper. Modelers write ${…} or #{…} (JUEL) or a leading = (FEEL). The compiler, the statutory checker, the
// interpreter and the designer must draw the line in one place: a text the compiler checked as a literal has to be
// read as a literal by the engine, and the other way round.

/** A whole text wrapped in ${…} or #{…}: the wrapper must close at the very end, as the parser unwraps it. */
const WRAPPED = /^[$#]\{([\s\S]*)\}$/;

/**
 * True when `value` is an expression to evaluate at run time rather than a literal. Surrounding whitespace does
 * not count. An opened but unclosed wrapper (`${days`) is not an expression: it is a literal, refused by whoever
 * parses the literal, so it is reported at design time instead of failing at run time.
 */
export function isExpressionText(value: string): boolean {
  const text = value.trim();
  return WRAPPED.test(text) || text.startsWith('=');
}

/** The expression inside the wrappers other modelers put around it; a text without a wrapper as it is. */
export function unwrapExpression(source: string): string {
  const text = source.trim();
  const wrapped = WRAPPED.exec(text);
  if (wrapped) return wrapped[1]!.trim();
  if (text.startsWith('=')) return text.slice(1).trim();
  return text;
}
