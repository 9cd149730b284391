// The activities the interpreter calls, as the sandbox sees them (types only; implementations in @ggzy/activities).
import type { DefinitionRef, ProcessModel, DecisionModel, DecisionRef } from '@ggzy/process/runtime';
import type { Lifecycle, TaskView, Variables } from './process-contracts';

export interface ServiceTaskInput {
  /** Idempotency key: workflow id @ first execution's run id : node id # execution sequence. */
  key: string;
  workflowId: string;
  nodeId: string;
  regionCode: string;
  dealCode: string | null;
  /** The task's evaluated input mapping. */
  input: Variables;
  variables: Variables;
}

export interface ServiceTaskResult {
  /** Merged into the process variables (unless the task names a resultVariable). */
  variables?: Variables;
  result?: unknown;
}

export interface ProjectionInput {
  workflowId: string;
  definition: DefinitionRef;
  regionCode: string;
  dealCode: string | null;
  lifecycle: Lifecycle;
  startedBy: string;
  tasks: TaskView[];
  /** Supervision events of the steps since the last projection, written in the same transaction as the rows. */
  events?: SupervisionStep[];
  /** The problems the process waits on now (a gateway with no way out, a condition that fails, a stuck step). */
  incidents?: string[];
  /** The process variables set since the last projection, in order (the variables history). */
  variableChanges?: VariableChange[];
}

/** A process variable set to a new value: by the step of `nodeId` (null: the start's input), at `occurredAt`. */
export interface VariableChange {
  /** Deterministic per workflow: the idempotency key of the change. */
  key: string;
  name: string;
  /** The new value; absent when it was too large to record (`omittedBytes` then says how large). */
  value?: unknown;
  omittedBytes?: number;
  nodeId: string | null;
  occurredAt: string;
}

export interface SupervisionStep {
  /** Deterministic per workflow: the idempotency key of the event. */
  key: string;
  kind: string;
  actor: string;
  payload: Record<string, unknown>;
  occurredAt: string;
}

export interface BroadcastSignalInput {
  /** Idempotency: the same id delivered twice is caught once. */
  signalId: string;
  name: string;
  /** The deals of this region that wait for the signal receive it. */
  regionCode: string;
  fromWorkflowId: string;
  variables?: Variables;
}

export interface EngineActivities {
  /** Delivers a signal to every running deal of the region whose process can wait for it; answers how many caught it. */
  broadcastSignal(input: BroadcastSignalInput): Promise<{ deals: number; caught: number }>;
  /** Writes task rows and the instance row (revision-checked upserts) for the portal. */
  projectProcess(input: ProjectionInput): Promise<void>;
  /** Resolves the process a call activity starts: the city variant, else the provincial default. */
  resolveDefinition(input: { key: string; regionCode: string }): Promise<{ model: ProcessModel; definition: DefinitionRef }>;
  /** Resolves the decision table a business rule task evaluates: the city's version, else the province's. */
  resolveDecision(input: { key: string; regionCode: string }): Promise<{ model: DecisionModel; decision: DecisionRef }>;
  /** A schedule's firing of a timer start event: starts the deal (once per firing); answers its workflow id, or null when the version is gone. */
  startByTimer(input: TimerStartInput & { firingId: string }): Promise<string | null>;
}

/** What a schedule of a process-level timer start event starts: the definition version and its start event. */
export interface TimerStartInput {
  processKey: string; regionCode: string; version: number; nodeId: string;
  /** A daily cycle in working days (每个工作日): a firing on a day off of the region's calendar starts nothing. */
  workingDaysOnly?: boolean;
}

/** Service tasks are activities named by their task type. */
export type ServiceTaskActivity = (input: ServiceTaskInput) => Promise<ServiceTaskResult>;
