// What a caller (the designer, the api on deploy, the validate CLI) tells the compiler, and what it answers.
import type { ProcessModel } from '../model';
import type { Problem } from '../problems';
import type { StatutoryRuleSet } from '../statutory/check';
import type { FormSchema } from './forms';

export interface CompileOptions {
  /** Task types of the activity catalog; when given, unknown ones are errors. */
  taskTypes?: readonly string[];
  /** Deployed form schemas by form key; when given, unknown keys are errors and required fields are derived. */
  forms?: Readonly<Record<string, FormSchema>>;
  /**
   * Keys of the decision tables deployed (active or pending) for the region or its province; when given, a business
   * rule task naming another one is a warning (DECISION_NOT_DEPLOYED).
   */
  decisions?: readonly string[];
  /** Roles a user task may name as its candidate. */
  roles?: readonly string[];
  maxBytes?: number;
  /** Statutory rules by procedure kind, in place of the built-in ones (models with ggzy:procedureKind are checked). */
  statutoryRules?: StatutoryRuleSet;
}

export interface CompileResult {
  model: ProcessModel | null;
  errors: Problem[];
  warnings: Problem[];
}

/** The candidate roles a user task may name when the caller does not give its own list. */
export const DEFAULT_ROLES = [
  'designer', 'staff', 'supervisor', 'admin', 'auditor', 'agent', 'bidder', 'expert', 'tenderee',
  // a deal relation: the signed-in party that is the deal's tenderee, agency or bidder (roles/candidate-roles.ts)
  'party:organiser', 'party:tenderee', 'party:agency', 'party:bidder',
] as const;
