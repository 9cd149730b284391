export * from './ast';
export { parseExpression, unwrapExpression, variablesOf } from './parser';
export { evaluate, evaluateSource, evaluateCondition, truthy, type Scope } from './evaluate';
export { FUNCTIONS } from './functions';
