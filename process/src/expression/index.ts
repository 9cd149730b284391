export * from './ast';
export { parseExpression, variablesOf } from './parser';
export { isExpressionText, unwrapExpression } from './expression-text';
export { evaluate, evaluateSource, evaluateCondition, truthy, type Scope } from './evaluate';
export { FUNCTIONS } from './functions';
