// The expression language as the package exports it (root and ./runtime): parser, evaluator, functions, and the
// test that tells an expression from a literal.
export * from './ast';
export { parseExpression, variablesOf } from './parser';
export { isExpressionText, unwrapExpression } from './expression-text';
export { evaluate, evaluateSource, evaluateCondition, truthy, type Scope } from './evaluate';
export { FUNCTIONS } from './functions';
