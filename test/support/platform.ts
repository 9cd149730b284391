// The platform assembled in-process against real servers: a worker on the test's own task queue and the koa api.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createHash, randomBytes } from 'node:crypto';
import { DefaultLogger, NativeConnection, Runtime, type Worker } from '@temporalio/worker';
import type { DataConverter } from '@temporalio/common';
import { createPlatformWorker, engineDataConverter } from '@ggzy/worker';
import { createApp, RateLimiter, TemporalGateway, type AccessLog, type AccountPolicy } from '@ggzy/api';
import { loadPayloadKeys, loadRuntimeConfig, parsePayloadKeys, type Db, type PayloadKeyRing } from '@ggzy/db';
import { defaultObjectStore, type GuaranteeIssuers, type ObjectStore, type TrustStore } from '@ggzy/domain';

let runtimeInstalled = false;
export function quietTemporalRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    /* already installed by another helper in this worker process */
  }
}

export function temporalAddress(): string {
  const address = process.env.GGZY_TEST_TEMPORAL_ADDRESS;
  if (!address) throw new Error('GGZY_TEST_TEMPORAL_ADDRESS is unset: run the tests with npm test');
  return address;
}

export function bundlePath(): string {
  const file = process.env.GGZY_TEST_WORKFLOW_BUNDLE;
  if (!file) throw new Error('GGZY_TEST_WORKFLOW_BUNDLE is unset: run the tests with npm test');
  return file;
}

let keys: PayloadKeyRing | undefined;
/** The run's payload keys, loaded as the api and the worker load them (GGZY_PAYLOAD_KEYS, else the data directory). */
export function payloadKeys(): PayloadKeyRing {
  keys ??= loadPayloadKeys(loadRuntimeConfig().dataDir);
  return keys;
}

/** The converter every client and worker of the tests uses, as production does: payloads and failures sealed. */
export function dataConverter(): DataConverter {
  return engineDataConverter(payloadKeys());
}

export interface RunningWorker { worker: Worker; connection: NativeConnection; stop(): Promise<void> }

export async function startWorker(db: Db, taskQueue: string, address = temporalAddress(), extra: { maxCachedWorkflows?: number; payloadKeys?: PayloadKeyRing } = {}): Promise<RunningWorker> {
  quietTemporalRuntime();
  const connection = await NativeConnection.connect({ address });
  const worker = await createPlatformWorker({ connection, namespace: 'default', taskQueue, db, bundlePath: bundlePath(), payloadKeys: payloadKeys(), ...extra });
  const running = worker.run();
  return {
    worker,
    connection,
    async stop() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
      await connection.close();
    },
  };
}

export interface RunningPlatform {
  baseUrl: string;
  taskQueue: string;
  temporal: TemporalGateway;
  stop(): Promise<void>;
}

export interface PlatformOptions {
  withWorker?: boolean;
  gatewaySecret?: string;
  trustStore?: TrustStore;
  /** Each bank's key for its deposit notifications. */
  bankKeys?: ReadonlyMap<string, string>;
  guaranteeIssuers?: GuaranteeIssuers;
  maxUploadBytes?: number;
  /** The object store (default: the run's, as the worker's activities use). */
  objects?: ObjectStore;
  /** Idle timeout, sessions per user, second factor required (default: the api's defaults). */
  accountPolicy?: AccountPolicy;
  /** Login attempts allowed per client address and username per minute (default 1000: tests log in a lot). */
  loginLimit?: number;
  /** The public address (GGZY_PUBLIC_BASE_URL's origin): https means the platform is behind TLS. */
  publicOrigin?: string;
  /** Where the access log's lines go (default: nowhere, as the tests' logger). */
  accessLog?: AccessLog;
}

/** A second-factor key ring of the run (as an installation's GGZY_SECOND_FACTOR_KEYS). */
export const SECOND_FACTOR_KEYS = parsePayloadKeys(`t1:${randomBytes(32).toString('base64')}`, 'the test run');

export async function startPlatform(db: Db, options: PlatformOptions = {}): Promise<RunningPlatform> {
  const taskQueue = `test-${randomBytes(6).toString('hex')}`;
  const worker = options.withWorker === false ? null : await startWorker(db, taskQueue);
  // as the api server starts it: the default watch on stuck steps (GGZY_STUCK_STEP_MINUTES = 30)
  const temporal = await TemporalGateway.connect({ address: temporalAddress(), namespace: 'default', taskQueue, stuckStepAfterMs: 30 * 60_000, payloadKeys: payloadKeys() });
  const objects = options.objects ?? defaultObjectStore(); // the store the worker's activities use too
  const app = createApp({
    db, temporal, loginLimiter: new RateLimiter(db, options.loginLimit ?? 1000, 60_000), accountPolicy: options.accountPolicy, secondFactorKeys: SECOND_FACTOR_KEYS, gatewaySecret: options.gatewaySecret ?? null, trustStore: options.trustStore,
    bankKeys: options.bankKeys, guaranteeIssuers: options.guaranteeIssuers, objects, maxUploadBytes: options.maxUploadBytes ?? 500 * 1024 * 1024,
    publicOrigin: options.publicOrigin ?? null,
  }, {
    // quiet, but a 500 is a bug: its stack goes to the test's output
    logger: { info() {}, error(message: string, fields?: Record<string, unknown>) { if (message === 'unhandled error') console.error(message, fields); } },
    ...(options.accessLog ? { accessLog: options.accessLog } : {}) });
  // requests still being handled when the platform stops (a query waiting on a busy workflow) finish before the
  // Temporal connection closes: a call cut off by the close would be retried on the closed channel, uncaught
  let handling = 0;
  app.middleware.unshift(async (_ctx, next) => {
    handling++;
    try {
      await next();
    } finally {
      handling--;
    }
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    taskQueue,
    temporal,
    async stop() {
      const closing = new Promise((resolve) => server.close(resolve));
      server.closeAllConnections(); // a live answer (an event stream) still open would hold the server
      await closing;
      for (const deadline = Date.now() + 30_000; handling > 0 && Date.now() < deadline;) await new Promise((r) => setTimeout(r, 50));
      await temporal.close();
      await worker?.stop();
    },
  };
}

export interface ApiResponse<T = any> { status: number; body: T; headers: Headers }

export async function call<T = any>(baseUrl: string, method: string, path: string, options: { token?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<ApiResponse<T>> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch { /* not JSON (e.g. html) */ }
  return { status: res.status, body: body as T, headers: res.headers };
}

export async function loginAs(baseUrl: string, username: string, password: string): Promise<string> {
  const res = await call<{ token: string }>(baseUrl, 'POST', '/api/auth/login', { body: { username, password } });
  if (res.status !== 200) throw new Error(`login as ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.token;
}

/** A file sent through the resumable uploads as a browser sends it (announced with its SHA-256); answers the digest. */
export async function uploadFile(baseUrl: string, token: string, fileName: string, bytes: Buffer): Promise<string> {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const started = await call(baseUrl, 'POST', '/api/uploads', { token, body: { fileName, mediaType: 'application/pdf', sizeBytes: bytes.length, sha256 } });
  if (started.status !== 201) throw new Error(`upload refused: ${started.status} ${JSON.stringify(started.body)}`);
  const res = await fetch(`${baseUrl}/api/uploads/${started.body.uploadId}`, {
    method: 'PATCH', body: bytes,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/offset+octet-stream', 'upload-offset': '0' },
  });
  const session = await res.json() as { status: string; sha256: string | null };
  if (res.status !== 200 || session.status !== 'complete' || session.sha256 !== sha256) throw new Error(`upload did not complete: ${res.status} ${JSON.stringify(session)}`);
  return sha256;
}
