// Running the platform's own processes (api, worker) from the built packages, and preparing its database: shared by
// `npm start` (one of each, embedded defaults) and the cluster (several of each on PostgreSQL and Temporal Server).
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { repoRoot } from './paths.mjs';
import { SetupError, step } from './report.mjs';

// the packages are reached through their declared entry points (package.json "exports"), never through dist/ internals
const require = createRequire(path.join(repoRoot, 'package.json'));
const ENTRY = { worker: '@ggzy/worker/main', api: '@ggzy/api/server' };

/** GGZY_SANDBOX_DAY_SECONDS: how many seconds a day of the sandbox's periods lasts (1–86400); unset: as it is. */
function sandboxDaySeconds(env) {
  const raw = env.GGZY_SANDBOX_DAY_SECONDS;
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 86_400) throw new SetupError(`GGZY_SANDBOX_DAY_SECONDS=${raw} must be a whole number of seconds from 1 to 86400`);
  return value;
}

/** GGZY_SANDBOX_SHORTEST_SECONDS: the shortest a sandbox period becomes (5–3600 s; a minute unless set). */
function sandboxShortestSeconds(env) {
  const raw = env.GGZY_SANDBOX_SHORTEST_SECONDS;
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 5 || value > 3600) throw new SetupError(`GGZY_SANDBOX_SHORTEST_SECONDS=${raw} must be a whole number of seconds from 5 to 3600`);
  return value;
}

/** Migrates and seeds the demo province through the built db package; a bad DATABASE_URL ends here, clearly. */
export async function prepareDatabase(env) {
  const db = require('@ggzy/db');
  const domain = require('@ggzy/domain');
  let config;
  try {
    config = db.loadRuntimeConfig(env);
    // bad secrets end here, before anything starts
    domain.loadOpeningKeyVault(config.dataDir, env);
    db.loadPayloadKeys(config.dataDir, env);
    require('@ggzy/api/gateway-signature').gatewaySecretFromEnv(env);
  } catch (err) {
    throw new SetupError(err.message);
  }
  const knex = db.openDatabase(config.database);
  try {
    if (!(await db.databaseAnswers(knex, 5000))) {
      throw new SetupError(`cannot reach the database: ${db.describeDatabase(config.database)}.`, 'Check DATABASE_URL (unset it to use the embedded SQLite file under the data directory).');
    }
    step(`database: ${db.describeDatabase(config.database)}`);
    const applied = await db.migrateLatest(knex);
    if (applied.length) step(`migrations applied: ${applied.join(', ')}`);
    const seeded = await db.seedDemo(knex, env.GGZY_DEMO_PASSWORD || undefined, { sandboxDaySeconds: sandboxDaySeconds(env), sandboxShortestSeconds: sandboxShortestSeconds(env) });
    // the reference procedures (provincial defaults) and a small expert library, through the built domain package
    const procedures = await domain.seedDemoProcedures(knex, db.DEMO_PROVINCE.code);
    if (procedures.deployed.length) step(`reference procedures deployed: ${procedures.deployed.join(', ')}`);
    // the demo CAs, their CRLs and the parties' certificate key files, under the data directory
    const parties = await domain.seedDemoParties(knex, config.dataDir);
    if (parties.renewedCrls.length) step(`demo CRLs renewed: ${parties.renewedCrls.join(', ')}`);
    // a trust store that does not load ends here, clearly, before the api starts
    if (config.pki.configured && !existsSync(config.pki.trustStore)) throw new SetupError(`GGZY_TRUST_STORE=${config.pki.trustStore} does not exist.`, 'Point it at a directory with one sub-directory per CA (ca.pem, crl.pem), or unset it to use the demo trust store under the data directory.');
    try {
      domain.loadTrustStore(config.pki.trustStore);
    } catch (err) {
      throw new SetupError(`GGZY_TRUST_STORE: ${err.message}`);
    }
    return { ...seeded, parties };
  } finally {
    await knex.destroy();
  }
}

function pipeWithPrefix(stream, prefix, out) {
  let pending = '';
  stream.on('data', (chunk) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop();
    for (const line of lines) if (line.trim()) out.write(line.startsWith('[') ? `${line}\n` : `${prefix} ${line}\n`);
  });
}

/**
 * Starts the api or the worker as a child process: its output prefixed with its name on this terminal, or appended to
 * `options.logFile` (a cluster of many processes keeps one log each).
 */
export function startChild(name, kind, env, options = {}) {
  const child = spawn(process.execPath, [require.resolve(ENTRY[kind])], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  if (options.logFile) {
    const log = createWriteStream(options.logFile, { flags: 'a' });
    child.stdout.pipe(log);
    child.stderr.pipe(log);
  } else {
    pipeWithPrefix(child.stdout, `[${name}]`, process.stdout);
    pipeWithPrefix(child.stderr, `[${name}]`, process.stderr);
  }
  child.exitedPromise = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  child.logFile = options.logFile ?? null;
  return child;
}

export async function waitForHealth(url, deadlineMs, children) {
  const deadline = Date.now() + deadlineMs;
  while (Date.now() < deadline) {
    for (const [name, child] of Object.entries(children)) {
      if (child.exitCode !== null) {
        // a child logging to a file of its own: its last lines here, where the operator is looking
        const tail = child.logFile && existsSync(child.logFile) ? readFileSync(child.logFile, 'utf8').trimEnd().split('\n').slice(-15).join('\n') : null;
        throw new SetupError(tail
          ? `the ${name} exited during start-up (exit ${child.exitCode}); the end of ${child.logFile}:\n${tail}`
          : `the ${name} exited during start-up (exit ${child.exitCode}); see its message above`);
      }
    }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (res.status === 200) return;
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new SetupError(`the api did not become healthy at ${url} within ${deadlineMs / 1000} s`);
}

export async function stopChild(child, signal = 'SIGTERM', graceMs = 15_000) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await (child.exitedPromise ?? new Promise((r) => child.once('exit', r)));
  clearTimeout(timer);
}

