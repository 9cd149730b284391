export { compileBpmn, DEFAULT_ROLES, type CompileOptions, type CompileResult } from './compile';
export { PROBLEMS, problem, type Problem, type ProblemCode } from '../problems';
export { ggzyModdleDescriptor, GGZY_NAMESPACE } from './ggzy-moddle';
export { guardXml, DEFAULT_MAX_BYTES } from './guard';
export { requiredFieldsOf, missingRequired, valueAt, type FormSchema } from './forms';
