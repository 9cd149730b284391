// The pure subset the workflow sandbox may import: model types, expressions, durations and calendars, hashing.
// It must never pull in the compiler (bpmn-moddle); a test inspects the workflow bundle for that.
export * from './model';
export * from './expression';
export * from './calendar';
export { canonicalJson, sha256Hex } from './hash';
export { missingRequired, valueAt } from './compiler/forms';
export * from './forms';
export * from './catalog';
export * from './roles/candidate-roles';
export * from './dmn';
