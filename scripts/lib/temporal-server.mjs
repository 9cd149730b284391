// Temporal Server on PostgreSQL — the production server, not the dev server — built once from its Go module into
// .tools/, its schemas set up by its own sql tool, started from a configuration written here (based on the module's
// config/development-postgres12.yaml). The cluster command and the fault campaign run the platform on it.
import { createWriteStream, existsSync, mkdirSync, writeFileSync, cpSync, rmSync } from 'node:fs';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { toolsDir } from './paths.mjs';
import { run, which } from './exec.mjs';
import { SetupError, step } from './report.mjs';
import { tcpAnswers, untilListening } from './temporal.mjs';
import { withPostgres } from './postgres.mjs';

export const TEMPORAL_SERVER_VERSION = 'v1.32.2';
// The server's module needs a newer Go than the one installed; the go command fetches it through the module proxy.
const GO_TOOLCHAIN = process.env.GGZY_GO_TOOLCHAIN || 'go1.27.3';
const home = path.join(toolsDir, 'temporal-server', TEMPORAL_SERVER_VERSION);

/** The server and sql-tool binaries and the PostgreSQL schemas, built into .tools/ on first use (a few minutes). */
export async function ensureTemporalServer() {
  const server = path.join(home, 'bin', 'server');
  const sqlTool = path.join(home, 'bin', 'sql');
  const schema = path.join(home, 'schema', 'postgresql', 'v12');
  if (existsSync(server) && existsSync(sqlTool) && existsSync(schema)) return { server, sqlTool, schema };
  const go = await which('go');
  if (!go) throw new SetupError(`Temporal Server ${TEMPORAL_SERVER_VERSION} is not built and Go is not on the PATH.`, 'Install Go (1.22 or newer; it fetches its own toolchain) or put the binaries under .tools/temporal-server/.');
  step(`Temporal Server ${TEMPORAL_SERVER_VERSION}: building from the Go module (once, a few minutes)`);
  const env = { ...process.env, GOTOOLCHAIN: GO_TOOLCHAIN, CGO_ENABLED: '0', GOBIN: path.join(home, 'bin'), GOFLAGS: '-mod=mod' };
  await run(go, ['install', `go.temporal.io/server/cmd/server@${TEMPORAL_SERVER_VERSION}`, `go.temporal.io/server/cmd/tools/sql@${TEMPORAL_SERVER_VERSION}`], { env, quiet: true, cwd: toolsDir });
  const modCache = (await run(go, ['env', 'GOMODCACHE'], { env, quiet: true })).trim();
  const source = path.join(modCache, `go.temporal.io/server@${TEMPORAL_SERVER_VERSION}`, 'schema', 'postgresql', 'v12');
  if (!existsSync(source)) throw new SetupError(`the server's schemas are not in the module cache (${source})`);
  rmSync(schema, { recursive: true, force: true });
  mkdirSync(path.dirname(schema), { recursive: true });
  cpSync(source, schema, { recursive: true });
  return { server, sqlTool, schema };
}

async function hasSchemaVersion(pg, database) {
  const found = await withPostgres({ ...pg, database }, (client) => client.query("SELECT 1 FROM information_schema.tables WHERE table_name = 'schema_version'"));
  return found.rowCount > 0;
}

/** The sql tool against one database: creates it when missing, then sets up or updates its schema to the release. */
export async function setupTemporalSchemas({ sqlTool, schema, pg, databases }) {
  const common = ['--plugin', 'postgres12', '--ep', pg.host, '-p', String(pg.port), '-u', pg.user, '--db'];
  const env = { ...process.env, SQL_PASSWORD: pg.password };
  for (const [database, dir] of [[databases.main, 'temporal'], [databases.visibility, 'visibility']]) {
    await run(sqlTool, [...common, database, 'create-database'], { env, quiet: true }).catch((err) => {
      if (!/already exists/i.test(err.message)) throw err;
    });
    // set up once: a database restored from a backup, or an earlier start's, has its version recorded already
    if (!(await hasSchemaVersion(pg, database))) await run(sqlTool, [...common, database, 'setup-schema', '-v', '0.0'], { env, quiet: true });
    await run(sqlTool, [...common, database, 'update-schema', '-d', path.join(schema, dir, 'versioned')], { env, quiet: true });
  }
}

function yamlString(value) {
  return JSON.stringify(String(value));
}

/** Writes the server's configuration (all services in one process, bound to 127.0.0.1) and its dynamic config. */
export function writeServerConfig(dir, { pg, databases, ports, logLevel = 'warn' }) {
  const configDir = path.join(dir, 'config');
  mkdirSync(path.join(configDir, 'dynamicconfig'), { recursive: true });
  const store = (database, maxConns) => `      sql:
        pluginName: "postgres12"
        databaseName: ${yamlString(database)}
        connectAddr: ${yamlString(`${pg.host}:${pg.port}`)}
        connectProtocol: "tcp"
        user: ${yamlString(pg.user)}
        password: ${yamlString(pg.password)}
        maxConns: ${maxConns}
        maxIdleConns: ${maxConns}
        maxConnLifetime: "1h"`;
  const service = (name, grpc, membership, extra = '') => `  ${name}:
    rpc:
      grpcPort: ${grpc}
      membershipPort: ${membership}
      bindOnLocalHost: true${extra}`;
  const p = ports.frontend;
  // the server records each service's membership port in a smallint column: they must stay below 32768
  if (p + 106 > 32767) throw new SetupError(`--temporal-port ${p} is too high: Temporal Server uses it and the ports up to ${p + 106} (membership ports must be below 32768)`);
  const yaml = `log:
  stdout: true
  level: ${logLevel}

persistence:
  defaultStore: postgres-default
  visibilityStore: postgres-visibility
  numHistoryShards: 4
  datastores:
    postgres-default:
${store(databases.main, 20)}
    postgres-visibility:
${store(databases.visibility, 4)}

global:
  membership:
    maxJoinDuration: 30s
    broadcastAddress: "127.0.0.1"

services:
${service('frontend', p, p + 100, `\n      httpPort: ${p + 10}`)}
${service('history', p + 1, p + 101)}
${service('matching', p + 2, p + 102)}
${service('worker', p + 6, p + 106)}

clusterMetadata:
  enableGlobalNamespace: false
  failoverVersionIncrement: 10
  masterClusterName: "active"
  currentClusterName: "active"
  clusterInformation:
    active:
      enabled: true
      initialFailoverVersion: 1
      rpcName: "frontend"
      rpcAddress: "127.0.0.1:${p}"

dcRedirectionPolicy:
  policy: "noop"

dynamicConfigClient:
  filepath: ${yamlString(path.join(configDir, 'dynamicconfig', 'cluster.yaml'))}
  pollInterval: "10s"
`;
  writeFileSync(path.join(configDir, 'cluster.yaml'), yaml, { mode: 0o600 });
  // the platform's search attributes are Keywords; SQL visibility needs no more than the defaults
  writeFileSync(path.join(configDir, 'dynamicconfig', 'cluster.yaml'), `system.forceSearchAttributesCacheRefreshOnRead:\n  - value: true\n`);
  return configDir;
}

/** Starts the server; resolves once the frontend accepts connections. */
export async function startTemporalServer({ server, dir, port, logFile }) {
  if (await tcpAnswers('127.0.0.1', port, 500)) throw new SetupError(`port ${port} is already in use, so Temporal Server cannot start there.`, 'Stop whatever listens there or pass --temporal-port.');
  const child = spawn(server, ['--root', dir, '--config', 'config', '--env', 'cluster', '--allow-no-auth', 'start'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (d) => { output = (output + d).slice(-20000); };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  if (logFile) {
    const log = createWriteStream(logFile, { flags: 'a' });
    child.stdout.pipe(log);
    child.stderr.pipe(log);
  }
  child.exitedPromise = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  await untilListening(child, child.exitedPromise, { port, name: 'Temporal Server', seconds: 90, output: () => output });
  return { child, address: `127.0.0.1:${port}`, output: () => output };
}
