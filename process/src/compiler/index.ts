// The compiler's public face, re-exported from the package root (not from ./runtime: it pulls in bpmn-moddle).
export { compileBpmn, DEFAULT_ROLES, type CompileOptions, type CompileResult } from './compile';
export { PROBLEMS, categoryOf, problem, type Problem, type ProblemCategory, type ProblemCode } from '../problems';
export { ggzyModdleDescriptor, GGZY_NAMESPACE } from './ggzy-moddle';
export { guardXml, DEFAULT_MAX_BYTES } from './guard';
export { requiredFieldsOf, missingRequired, valueAt, type FormSchema } from './forms';
