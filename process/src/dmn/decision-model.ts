// The DecisionModel: what the DMN compiler makes of a decision table and what a business rule task evaluates in the
// workflow. Plain JSON, hashed like a process model; versioned per region like one.

export const DECISION_MODEL_SCHEMA_VERSION = 1;

export type HitPolicy = 'UNIQUE' | 'FIRST' | 'PRIORITY' | 'ANY' | 'COLLECT' | 'RULE ORDER' | 'OUTPUT ORDER';
export type Aggregation = 'SUM' | 'MIN' | 'MAX' | 'COUNT';

/** One test of an input entry: a comparison with a value, an interval, or equality with a value. */
export type UnaryTest =
  | { op: '<' | '<=' | '>' | '>=' | '=' | '!='; value: string }
  | { interval: { low: string; high: string; lowClosed: boolean; highClosed: boolean } };

/** An input entry: `-` (any value), or a list of tests of which one must hold (negated by `not(…)`). */
export type InputEntry = { any: true } | { tests: UnaryTest[]; negate: boolean };

export interface DecisionInput {
  id: string;
  label: string | null;
  /** An expression of the platform's expression language over the variables. */
  expression: string;
}

export interface DecisionOutput {
  id: string;
  /** The output's name: the key of the result when the table has several outputs. */
  name: string;
  label: string | null;
  /** The allowed values in priority order (PRIORITY and OUTPUT ORDER sort by them), as literal expressions. */
  values: string[];
}

export interface DecisionRule {
  id: string;
  description: string | null;
  inputEntries: InputEntry[];
  /** Expressions (null for an empty cell, which gives null). */
  outputEntries: Array<string | null>;
}

export interface DecisionModel {
  schemaVersion: typeof DECISION_MODEL_SCHEMA_VERSION;
  /** The decision's id: the key business rule tasks name it by (ggzy:decisionRef). */
  key: string;
  name: string | null;
  hitPolicy: HitPolicy;
  aggregation: Aggregation | null;
  inputs: DecisionInput[];
  outputs: DecisionOutput[];
  rules: DecisionRule[];
  /** SHA-256 of the canonical JSON of everything above. */
  hash: string;
}

/** A deployed, immutable version of a decision for a region. */
export interface DecisionRef {
  key: string;
  regionCode: string;
  version: number;
  hash: string;
}
