// A business step of a trading procedure (the implementation of one service-task type of the catalog), as plain
// code over the unified databases: validated input, a transaction, supervision events. How it runs — as a Temporal
// activity with an idempotency record, retries and typed failures — is the worker's business (@ggzy/activities);
// nothing here knows about Temporal.
import type { Knex } from 'knex';
import type { ObjectStore } from '../files/object-store';
import type { z } from 'zod';
import type { DirectiveRequest } from '@ggzy/workflows';
import type { OpeningKeyVault } from '../bids/key-vault';
import type { ListSealer } from '../experts/list-seal';

/** What a step's result puts into the process (the interpreter merges `variables`, or stores `result`). */
export interface StepResult {
  variables?: Record<string, unknown>;
  result?: unknown;
}

/** Whether a directive sent to another deal's process reached a running process. */
export type DirectiveOutcome = 'applied' | 'not-running';

export interface TaskContext {
  trx: Knex.Transaction;
  /** Idempotency key of this execution: workflow id @ first run id : activity id. */
  key: string;
  workflowId: string;
  nodeId: string;
  regionCode: string;
  dealCode: string | null;
  variables: Record<string, unknown>;
  now: Date;
  /**
   * Records a supervision event in this transaction (its key derives from the step's key). It is written when the step
   * ends, after the step's rows (see deferSupervisionEvent): a step reads the trail before it emits, and emits outside
   * its savepoints.
   */
  emit(kind: string, payload: Record<string, unknown>): Promise<void>;
  /** The deal code or a typed error when the process has none. */
  requireDealCode(): string;
  /** The vault the private opening keys of sealed bids are wrapped with. */
  openingKeys(): OpeningKeyVault;
  /** The master keys the sealed expert lists' data keys are wrapped with. */
  sealKeys(): ListSealer;
  /** Where the deal's documents keep their bytes. */
  objects(): ObjectStore;
  /** Tells the runner a long step is alive (rendering many documents). */
  heartbeat(details?: unknown): void;
  /** Sends an idempotent directive to another deal's running process (a complaint suspends and resumes its deal). */
  sendDirective(workflowId: string, request: DirectiveRequest): Promise<DirectiveOutcome>;
}

export interface TaskSpec<S extends z.ZodType = z.ZodType> {
  /** The task type a designer picks (must be listed in the process package's ACTIVITY_CATALOG). */
  type: string;
  input: S;
  run(ctx: TaskContext, input: z.infer<S>): Promise<StepResult>;
}

/** Declares a step; the worker binds it to a database and runs it as an activity. */
export function defineTask<S extends z.ZodType>(spec: TaskSpec<S>): TaskSpec<S> {
  return spec;
}
