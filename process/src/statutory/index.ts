export {
  STATUTORY_RULES, PROCEDURE_KINDS, isProcedureKind, listStatutoryRules,
  type ProcedureKind, type StatutoryRule, type StepMatcher, type StatutoryPeriod, type PeriodUnit, type LegalReference, type LocalizedText,
} from './rules';
export { checkStatutoryPeriods, type StatutoryModel, type StatutoryRuleSet, type StatutoryCheckResult } from './check';
export { formatPeriod } from './periods';
