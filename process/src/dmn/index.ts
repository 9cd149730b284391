export * from './decision-model';
export { evaluateDecision, DecisionError, type DecisionResult } from './evaluate-decision';
export { parseInputEntry, UnaryTestError } from './unary-tests';
