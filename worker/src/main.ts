// The worker process: runs the platform's workflows and activities until SIGINT/SIGTERM.
import { existsSync } from 'node:fs';
import { Client } from '@temporalio/client';
import { NativeConnection, Runtime, makeTelemetryFilterString } from '@temporalio/worker';
import { describeDatabase, loadPayloadKeys, loadRuntimeConfig, migrateLatest, openDatabase, databaseAnswers, type PayloadKeyRing } from '@ggzy/db';
import { gatewayChannelsFromEnv, loadExchangeConfig, loadListSealer, loadOpeningKeyVault, rewrapSealedDraws, witnessFromEnv, type ListSealer, type TrailWitness, loadRegistryFeedConfig, loadTrailKey, objectStoreFromEnv, wrapStoredOpeningKeys, type ObjectStore } from '@ggzy/domain';
import { createPlatformWorker } from './worker';
import { defaultBundlePath } from './bundle';
import { engineDataConverter } from './data-converter';
import { startCheckpointJob, startCollusionScreenJob, startExchangeDispatcher, startExpertDispatcher, startPostponementJob, startRegistryImportJob, startTimerStartJob } from './jobs';

function fail(message: string): never {
  process.stderr.write(`[worker] error: ${message}\n`);
  process.exit(1);
}

/**
 * A worker started while the database or Temporal restarts (a supervisor bringing a dead worker back at that moment)
 * waits for them — GGZY_STARTUP_WAIT_SECONDS, default 60 — rather than dying; then it gives up with one clear message.
 */
async function waitFor<T>(what: string, attempt: () => Promise<T>): Promise<T> {
  const seconds = Number(process.env.GGZY_STARTUP_WAIT_SECONDS ?? 60);
  const deadline = Date.now() + (Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 0);
  for (let tries = 1; ; tries++) {
    try {
      return await attempt();
    } catch (err) {
      if (Date.now() >= deadline) throw err;
      if (tries === 1) process.stdout.write(`[worker] waiting for ${what}: ${(err as Error).message.split('\n')[0]}\n`);
      await new Promise((r) => setTimeout(r, Math.min(5000, 250 * 2 ** tries)));
    }
  }
}

async function main(): Promise<void> {
  const config = loadRuntimeConfig();
  const exchangeConfig = loadExchangeConfig(); // data aggregation (数据归集): only when GGZY_EXCHANGE_URL is set
  const registryFeed = loadRegistryFeedConfig(); // registry imports: only when a feed URL or an inbox is set
  const bundlePath = process.env.GGZY_WORKFLOW_BUNDLE || defaultBundlePath();
  if (!existsSync(bundlePath)) fail(`workflow bundle ${bundlePath} is missing; run npm run build`);
  Runtime.install({
    logger: undefined,
    telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'WARN' }), forward: {} } },
  });
  const db = openDatabase(config.database);
  try {
    await waitFor('the database', async () => {
      if (!(await databaseAnswers(db, 5000))) throw new Error(`cannot reach the database (${describeDatabase(config.database)})`);
    });
  } catch (err) {
    fail((err as Error).message);
  }
  await migrateLatest(db);
  // the secret the private opening keys of sealed bids are wrapped with (GGZY_BID_KEY_SECRET, else the data directory)
  let openingKeys;
  try {
    openingKeys = loadOpeningKeyVault(config.dataDir);
  } catch (err) {
    fail((err as Error).message);
  }
  // the master keys the sealed expert lists' data keys are wrapped with (GGZY_SEAL_KEYS, else the data directory)
  let sealKeys: ListSealer;
  try {
    sealKeys = loadListSealer(config.dataDir);
  } catch (err) {
    fail((err as Error).message);
  }
  // the keys the engine's payloads are sealed with (GGZY_PAYLOAD_KEYS, else the data directory)
  let payloadKeys: PayloadKeyRing;
  try {
    payloadKeys = loadPayloadKeys(config.dataDir);
  } catch (err) {
    fail((err as Error).message);
  }
  // where documents keep their bytes (GGZY_OBJECT_STORE: a folder or S3-compatible storage), as the api's
  let objects: ObjectStore;
  try {
    objects = objectStoreFromEnv(config.dataDir);
  } catch (err) {
    fail((err as Error).message);
  }
  process.stdout.write(`[worker] documents are kept in the ${objects.description}\n`);
  const wrapped = await wrapStoredOpeningKeys(db, openingKeys);
  if (wrapped > 0) process.stdout.write(`[worker] wrapped ${wrapped} bid opening key(s) stored in the clear by an earlier version\n`);
  // a rotated master key: the sealed draws' data keys are wrapped again by the first of GGZY_SEAL_KEYS
  const resealed = await rewrapSealedDraws(db, sealKeys);
  if (resealed.rewrapped > 0) process.stdout.write(`[worker] wrapped the data keys of ${resealed.rewrapped} sealed expert draw(s) with the master key ${sealKeys.activeKeyId}\n`);
  if (resealed.encrypted > 0) process.stdout.write(`[worker] encrypted the lists of ${resealed.encrypted} sealed expert draw(s) stored in the clear by an earlier version\n`);
  let connection: NativeConnection;
  try {
    connection = await waitFor(`Temporal at ${config.temporal.address}`, () => NativeConnection.connect({ address: config.temporal.address, ...(config.temporal.tls ? { tls: config.temporal.tls } : {}) }));
  } catch (err) {
    fail(`cannot reach Temporal at ${config.temporal.address}: ${(err as Error).message}`);
  }
  const worker = await createPlatformWorker({
    connection, namespace: config.temporal.namespace, taskQueue: config.temporal.taskQueue, db, bundlePath, payloadKeys,
    maxCachedWorkflows: Number(process.env.GGZY_MAX_CACHED_WORKFLOWS || 2000),
    activityOptions: { openingKeys, objects, sealKeys },
  });
  // Signed checkpoints of the supervision trail (GGZY_TRAIL_CHECKPOINT_MINUTES, default 10; 0 turns it off).
  const minutes = Number(process.env.GGZY_TRAIL_CHECKPOINT_MINUTES ?? 10);
  const trailKey = minutes > 0 ? loadTrailKey(config.dataDir) : null;
  let witness: TrailWitness | null;
  try {
    witness = witnessFromEnv();
  } catch (err) {
    fail((err as Error).message);
  }
  if (witness) process.stdout.write(`[worker] trail checkpoints are also appended to the witness ${witness.description}\n`);
  const checkpoints = trailKey ? startCheckpointJob(db, trailKey, {
    intervalMs: minutes * 60_000,
    witness,
    onWitnessGap: (pass) => process.stderr.write(`[worker] trail witness ${witness!.description} unreachable (tried again next time): checkpoints of sizes ${pass.pending.join(', ')} not witnessed yet: ${pass.error}\n`),
    onError: (err) => process.stderr.write(`[worker] trail checkpoint failed (retried next time): ${err.message}\n`),
  }) : null;
  const exchange = exchangeConfig ? startExchangeDispatcher(db, exchangeConfig, {
    onError: (err) => process.stderr.write(`[worker] data exchange pass failed (retried next time): ${err.message}\n`),
  }) : null;
  // expert invitations (SMS / voice) through the gateways configured by GGZY_SMS_GATEWAY_URL / GGZY_VOICE_GATEWAY_URL
  const gateways = gatewayChannelsFromEnv();
  const invitations = Object.keys(gateways).length > 0 ? startExpertDispatcher(db, gateways, {
    sealKeys,
    onError: (err) => process.stderr.write(`[worker] expert notification pass failed (retried next time): ${err.message}\n`),
  }) : null;
  // subject and credit data from the outside registers (GGZY_REGISTRY_FEED_URL and/or GGZY_REGISTRY_INBOX)
  const registry = registryFeed ? startRegistryImportJob(db, registryFeed, {
    onError: (err) => process.stderr.write(`[worker] registry import pass failed (retried next time): ${err.message}\n`),
    onPass: (r) => process.stdout.write(`[worker] registry import: ${r.imported.length} batches imported, ${r.failed.length} refused\n`),
  }) : null;
  // the bid-rigging screens over the history: failed screenings again every pass, every market once a night
  const screensHour = screensHourFromEnv();
  const screens = screensHour === null ? null : startCollusionScreenJob(db, {
    hour: screensHour,
    onError: (err) => process.stderr.write(`[worker] bid-rigging screens pass failed (retried next time): ${err.message}\n`),
    onPass: (r) => process.stdout.write(`[worker] bid-rigging screens${r.nightly ? ' (nightly)' : ''}: ${r.sections} sections in ${r.markets} markets, ${r.flagged} flagged, ${r.alerts} new alerts\n`),
  });
  const client = new Client({ connection, namespace: config.temporal.namespace, dataConverter: engineDataConverter(payloadKeys) });
  // 顺延: moved bid deadlines told to their deals' procedures (the outbox the api fills)
  const postponements = startPostponementJob(db, client, {
    onError: (err) => process.stderr.write(`[worker] postponement pass failed (retried next time): ${err.message}\n`),
    onPass: (r) => { if (r.failed > 0) process.stderr.write(`[worker] ${r.failed} moved deadline(s) not yet taken by their procedures (retried)\n`); },
  });
  // the schedules of the procedures' timer start events (定时发起), in step with the approved versions
  const timerStarts = startTimerStartJob(db, client, config.temporal.taskQueue, {
    onError: (err) => process.stderr.write(`[worker] timer start schedules not synchronised (retried next time): ${err.message}\n`),
    onChange: (c) => process.stdout.write(`[worker] timer start schedules: ${c.created.length} created, ${c.deleted.length} deleted\n`),
  });
  process.stdout.write(`[worker] polling task queue "${config.temporal.taskQueue}" on ${config.temporal.address}\n`);
  await worker.run(); // returns after SIGINT/SIGTERM once in-flight tasks finish (the SDK installs the handlers)
  await checkpoints?.stop();
  await exchange?.stop();
  await invitations?.stop();
  await registry?.stop();
  await screens?.stop();
  await postponements.stop();
  await timerStarts.stop();
  await connection.close();
  await db.destroy();
  process.stdout.write('[worker] stopped\n');
}

/** GGZY_SCREENS_HOUR: the China-time hour the nightly re-screening runs after (0–23, default 2); `off` turns the job off. */
function screensHourFromEnv(): number | null {
  const raw = process.env.GGZY_SCREENS_HOUR?.trim();
  if (!raw) return 2;
  if (raw === 'off') return null;
  const hour = Number(raw);
  if (!Number.isInteger(hour) || hour < 0 || hour > 23) fail(`GGZY_SCREENS_HOUR must be a whole hour from 0 to 23, or off (got "${raw}")`);
  return hour;
}

main().catch((err: Error) => fail(err.message));
