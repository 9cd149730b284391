import { Client, Connection } from '@temporalio/client';

export interface TemporalSettings { address: string; namespace: string; taskQueue: string }

/** The api's handle on Temporal: a client plus a cheap health probe. */
export class TemporalGateway {
  private constructor(readonly connection: Connection, readonly client: Client, readonly settings: TemporalSettings) {}

  static async connect(settings: TemporalSettings, connectTimeoutMs = 5000): Promise<TemporalGateway> {
    const connection = await Connection.connect({ address: settings.address, connectTimeout: connectTimeoutMs });
    return new TemporalGateway(connection, new Client({ connection, namespace: settings.namespace }), settings);
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
