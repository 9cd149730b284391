// The platform's Temporal worker: the prebuilt workflow bundle and every activity, bound to the unified database.
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import type { Db, PayloadKeyRing } from '@ggzy/db';
import { createActivities, type KitOptions } from '@ggzy/activities';
import { engineDataConverter } from './data-converter';

export interface PlatformWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  db: Db;
  bundlePath: string;
  /** The keys every payload is sealed with (GGZY_PAYLOAD_KEYS): the same as the api's and the other workers'. */
  payloadKeys: PayloadKeyRing;
  /** Options of the business activities (tests pin the clock or inject a fault after commit). */
  activityOptions?: KitOptions;
  /** Tuning, explicit rather than the SDK's defaults. */
  maxCachedWorkflows?: number;
  maxConcurrentActivityTaskExecutions?: number;
  maxConcurrentWorkflowTaskExecutions?: number;
  maxConcurrentLocalActivityExecutions?: number;
}

export async function createPlatformWorker(options: PlatformWorkerOptions): Promise<Worker> {
  const workerOptions: WorkerOptions = {
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    workflowBundle: { codePath: options.bundlePath },
    dataConverter: engineDataConverter(options.payloadKeys),
    activities: createActivities(options.db, options.activityOptions),
    maxCachedWorkflows: options.maxCachedWorkflows ?? 2000,
    maxConcurrentActivityTaskExecutions: options.maxConcurrentActivityTaskExecutions ?? 50,
    maxConcurrentWorkflowTaskExecutions: options.maxConcurrentWorkflowTaskExecutions ?? 20,
    maxConcurrentLocalActivityExecutions: options.maxConcurrentLocalActivityExecutions ?? 50,
    shutdownGraceTime: '10 seconds',
  };
  return Worker.create(workerOptions);
}
