// A production-like platform on one machine: Temporal Server on PostgreSQL, the platform's database on PostgreSQL,
// N worker processes and M api processes sharing one set of secrets (the bid-opening key secret, the trail signing
// key, the gateway callback secret, the keys the engine's payloads are sealed with), generated once per cluster and
// handed to every process — so a section sealed by one worker opens on another, every checkpoint is signed by the same
// key, and a payload one process sealed opens in every other.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import path from 'node:path';
import { createServer } from 'node:net';
import { dataDir } from './paths.mjs';
import { run } from './exec.mjs';
import { SetupError, step } from './report.mjs';
import { resolveTemporal, SEARCH_ATTRIBUTES } from './temporal.mjs';
import { ensureTemporalServer, setupTemporalSchemas, startTemporalServer, writeServerConfig } from './temporal-server.mjs';
import { ensurePostgres, pgParts, withPostgres } from './postgres.mjs';
import { prepareDatabase, startChild, stopChild, waitForHealth } from './platform.mjs';

const NAME = /^[a-z][a-z0-9_]{0,30}$/;

/** A cluster's databases: Temporal's two and the platform's own. */
export function clusterDatabases(name) {
  return { main: `ggzy_${name}_temporal`, visibility: `ggzy_${name}_visibility`, platform: `ggzy_${name}` };
}

/** A payload key as GGZY_PAYLOAD_KEYS lists it: an id saying when it was made, and 32 random bytes. */
const newPayloadKey = () => `k${new Date().toISOString().slice(0, 10).replace(/-/g, '')}:${randomBytes(32).toString('base64')}`;

/**
 * The cluster's secrets, generated once into its state directory (0600) and passed to every process. A cluster made
 * before a secret existed gets it added, once (the payload keys: its older histories are in clear and stay readable).
 */
function clusterSecrets(stateDir) {
  const file = path.join(stateDir, 'secrets.json');
  let secrets;
  if (existsSync(file)) {
    secrets = JSON.parse(readFileSync(file, 'utf8'));
    if (secrets.GGZY_PAYLOAD_KEYS && secrets.GGZY_SECOND_FACTOR_KEYS && secrets.GGZY_SEAL_KEYS) return secrets;
    secrets.GGZY_PAYLOAD_KEYS ??= newPayloadKey();
    // the key ring the users' second-factor secrets are sealed with: every api replica opens what another sealed
    secrets.GGZY_SECOND_FACTOR_KEYS ??= newPayloadKey();
    // the master keys of the sealed expert lists: a cluster made before kept them in a file of its state directory,
    // which its processes generated and its backups did not hold; adopted here, so the lists sealed so far still open
    const sealFile = path.join(stateDir, 'seal-keys');
    secrets.GGZY_SEAL_KEYS ??= existsSync(sealFile) ? readFileSync(sealFile, 'utf8').trim() : newPayloadKey();
  } else {
    const { privateKey } = generateKeyPairSync('ed25519');
    secrets = {
      GGZY_BID_KEY_SECRET: randomBytes(32).toString('base64'),
      GGZY_TRAIL_SIGNING_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      GGZY_GATEWAY_CALLBACK_SECRET: randomBytes(32).toString('base64url'),
      GGZY_PAYLOAD_KEYS: newPayloadKey(),
      GGZY_SECOND_FACTOR_KEYS: newPayloadKey(),
      GGZY_SEAL_KEYS: newPayloadKey(),
    };
  }
  mkdirSync(stateDir, { recursive: true });
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  chmodSync(file, 0o600);
  return secrets;
}

function databaseUrl(pg, database) {
  return `postgres://${encodeURIComponent(pg.user)}:${encodeURIComponent(pg.password)}@${pg.host}:${pg.port}/${database}`;
}

async function dropDatabases(adminUrl, names) {
  await withPostgres(adminUrl, async (client) => {
    for (const name of names) await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  });
}

async function createDatabaseIfMissing(adminUrl, name) {
  await withPostgres(adminUrl, async (client) => {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${name}"`);
  });
}

/** The default namespace (30 days' retention) and the platform's search attributes; both kept when they exist. */
export async function prepareNamespace(cli, address, namespace) {
  const ok = (err) => { if (!/already (exists|registered)/i.test(err.message)) throw err; };
  for (let attempt = 1; ; attempt++) {
    try {
      await run(cli, ['operator', 'namespace', 'create', '--namespace', namespace, '--retention', '720h', '--address', address], { quiet: true }).catch(ok);
      break;
    } catch (err) {
      if (attempt >= 20) throw err;
      await new Promise((r) => setTimeout(r, 1000)); // the frontend listens before the namespace registry is ready
    }
  }
  for (const [name, type] of Object.entries(SEARCH_ATTRIBUTES)) {
    await run(cli, ['operator', 'search-attribute', 'create', '--namespace', namespace, '--name', name, '--type', type, '--address', address], { quiet: true }).catch(ok);
  }
}

/** Whether a listener can bind the port on the loopback interface now. */
function portBindable(port) {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * Starts the whole cluster; answers handles to its processes. `fresh` drops the cluster's databases and state first
 * (a throwaway cluster); otherwise a second start reuses them. `postgresUrl` is a role on the PostgreSQL server to
 * hold the cluster's databases (one that may create databases); by default the one the tests use (DATABASE_URL, else
 * 127.0.0.1:5432).
 */
export async function startCluster({ name = 'cluster', workers = 2, apis = 2, apiPort = 3100, temporalPort = 7333, fresh = false, logDir = null, postgresUrl = null } = {}) {
  if (!NAME.test(name)) throw new SetupError(`cluster name "${name}" must be lower-case letters, digits and _`);
  const stateDir = path.join(dataDir(), name);
  const databases = clusterDatabases(name);
  const temporalBins = await ensureTemporalServer();
  const { TEMPORAL_ADDRESS: _ignored, ...envWithoutCluster } = process.env;
  const cli = await resolveTemporal({ announce: false, binary: true });
  const adminUrl = postgresUrl ?? await ensurePostgres();
  const pg = pgParts(adminUrl);
  if (fresh) {
    step(`cluster ${name}: dropping its databases and state`);
    await dropDatabases(adminUrl, Object.values(databases));
    rmSync(stateDir, { recursive: true, force: true });
  }
  mkdirSync(stateDir, { recursive: true });
  const logs = logDir ?? path.join(stateDir, 'logs');
  mkdirSync(logs, { recursive: true });
  const secrets = clusterSecrets(stateDir);

  step(`Temporal Server: schemas in ${databases.main} and ${databases.visibility}`);
  await setupTemporalSchemas({ sqlTool: temporalBins.sqlTool, schema: temporalBins.schema, pg, databases });
  const temporalDir = path.join(stateDir, 'temporal');
  writeServerConfig(temporalDir, { pg, databases, ports: { frontend: temporalPort } });
  const startServer = () => startTemporalServer({ server: temporalBins.server, dir: temporalDir, port: temporalPort, logFile: path.join(logs, 'temporal.log') });
  let temporal = await startServer();
  step(`Temporal Server ${temporal.address} (PostgreSQL)`);
  const env = {
    ...envWithoutCluster, ...secrets, DATABASE_URL: databaseUrl(pg, databases.platform), TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_NAMESPACE: 'default', GGZY_DATA_DIR: stateDir, HOST: '127.0.0.1',
  };
  let seeded;
  try {
    await prepareNamespace(cli.path, temporal.address, 'default');
    await createDatabaseIfMissing(adminUrl, databases.platform);
    seeded = await prepareDatabase(env);
  } catch (err) {
    await stopChild(temporal.child, 'SIGTERM', 10_000);
    throw err;
  }

  // every api port must be free before anything starts: a port taken is named here, not found in a log later
  for (let i = 0; i < apis; i++) {
    if (!(await portBindable(apiPort + i))) {
      await stopChild(temporal.child, 'SIGTERM', 10_000);
      throw new SetupError(`port ${apiPort + i} (api-${i + 1}) is already in use.`, `The apis listen on ${apiPort} to ${apiPort + apis - 1}: choose another --port.`);
    }
  }
  const workerProcs = [];
  const apiProcs = [];
  const startWorker = (i) => { workerProcs[i] = startChild(`worker-${i + 1}`, 'worker', env, { logFile: path.join(logs, `worker-${i + 1}.log`) }); return workerProcs[i]; };
  const startApi = (i) => { apiProcs[i] = startChild(`api-${i + 1}`, 'api', { ...env, PORT: String(apiPort + i) }, { logFile: path.join(logs, `api-${i + 1}.log`) }); return apiProcs[i]; };
  for (let i = 0; i < workers; i++) startWorker(i);
  for (let i = 0; i < apis; i++) startApi(i);
  const urls = apiProcs.map((_, i) => `http://127.0.0.1:${apiPort + i}`);
  try {
    for (const [i, url] of urls.entries()) await waitForHealth(`${url}/healthz`, 120_000, { [`api-${i + 1}`]: apiProcs[i], ...Object.fromEntries(workerProcs.map((w, j) => [`worker-${j + 1}`, w])) });
  } catch (err) {
    for (const p of [...apiProcs, ...workerProcs]) await stopChild(p);
    await stopChild(temporal.child, 'SIGTERM', 10_000);
    throw err;
  }

  return {
    name, stateDir, urls, databaseUrl: env.DATABASE_URL, adminUrl, databases, env, seeded, logs,
    get temporalAddress() { return temporal.address; },
    workers: workerProcs,
    apis: apiProcs,
    startWorker,
    /** SIGKILL: the worker dies mid-task, as a machine would. */
    killWorker(i) { workerProcs[i].kill('SIGKILL'); return workerProcs[i].exitedPromise; },
    async restartTemporal() {
      await stopChild(temporal.child, 'SIGTERM', 15_000);
      temporal = await startServer();
    },
    async stop() {
      step('stopping: apis, workers, Temporal Server');
      for (const p of apiProcs) await stopChild(p);
      for (const p of workerProcs) await stopChild(p);
      await stopChild(temporal.child, 'SIGTERM', 15_000);
    },
  };
}
