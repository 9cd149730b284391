import { Client, Connection, WorkflowExecutionAlreadyStartedError, type WorkflowHandle } from '@temporalio/client';
import { TypedSearchAttributes, WorkflowIdConflictPolicy, WorkflowIdReusePolicy, type SearchAttributePair } from '@temporalio/common';

import { PayloadCipher, type PayloadKeyRing, type TemporalTls } from '@ggzy/db';

export interface TemporalSettings {
  address: string;
  namespace: string;
  taskQueue: string;
  tls?: TemporalTls | null;
  /** The keys every payload is sealed with (GGZY_PAYLOAD_KEYS): the workers' keys. */
  payloadKeys: PayloadKeyRing;
  /** The engine's watch on steps that keep failing, given to every deal started (GGZY_STUCK_STEP_MINUTES); none: off. */
  stuckStepAfterMs?: number;
}

/** A start under a workflow id that an earlier execution already used (running or closed). */
export class WorkflowIdTaken extends Error {
  constructor(readonly workflowId: string) {
    super(`workflow id ${workflowId} has already been used`);
    this.name = 'WorkflowIdTaken';
  }
}

/**
 * What the api hands Temporal is sealed as the workers seal it: deal inputs, task data, directives and the answers to
 * them never reach Temporal's database or Web UI in clear. Failures are read with the workers' failure converter.
 */
function engineDataConverter(keys: PayloadKeyRing) {
  return { payloadCodecs: [new PayloadCipher(keys)], failureConverterPath: require.resolve('@ggzy/workflows/failure-converter') };
}

/** The api's handle on Temporal: a client plus a cheap health probe. */
export class TemporalGateway {
  private constructor(readonly connection: Connection, readonly client: Client, readonly settings: TemporalSettings) {}

  static async connect(settings: TemporalSettings, connectTimeoutMs = 5000): Promise<TemporalGateway> {
    const connection = await Connection.connect({ address: settings.address, connectTimeout: connectTimeoutMs, ...(settings.tls ? { tls: settings.tls } : {}) });
    return new TemporalGateway(connection, new Client({ connection, namespace: settings.namespace, dataConverter: engineDataConverter(settings.payloadKeys) }), settings);
  }

  /**
   * Starts a workflow under an id that must never have been used. A deal's workflow id carries its deal code, and
   * every idempotency key of the deal starts with it: a second execution under the same id would find the first
   * one's stored answers and trail events and take them for its own. So a duplicate is refused whether the first
   * execution is running, completed, failed or terminated (REJECT_DUPLICATE, FAIL on conflict). The server keeps
   * closed executions only for its retention period; past it, the server-allocated deal code (a counter that never
   * repeats) and the keys' first-run id are what keep deals apart.
   */
  async startUnique(workflowType: string, options: { workflowId: string; args: unknown[]; searchAttributes: SearchAttributePair[]; memo?: Record<string, unknown> }): Promise<WorkflowHandle> {
    try {
      return await this.client.workflow.start(workflowType, {
        workflowId: options.workflowId, taskQueue: this.settings.taskQueue, args: options.args, ...(options.memo ? { memo: options.memo } : {}),
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        workflowIdConflictPolicy: WorkflowIdConflictPolicy.FAIL,
        typedSearchAttributes: new TypedSearchAttributes(options.searchAttributes),
      });
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) throw new WorkflowIdTaken(options.workflowId);
      throw err;
    }
  }

  /** True when the frontend answers within the deadline. */
  async answers(timeoutMs = 2000): Promise<boolean> {
    try {
      await this.connection.withDeadline(Date.now() + timeoutMs, () => this.connection.workflowService.getSystemInfo({}));
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    await this.connection.close();
  }
}
