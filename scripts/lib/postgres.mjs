// Finds a PostgreSQL the tests may create throwaway databases on, starting (or installing) Debian's when needed.
import { existsSync, readFileSync, writeFileSync, mkdirSync, readdirSync, chmodSync, statSync } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { repoRoot, toolsDir } from './paths.mjs';
import { run, which } from './exec.mjs';
import { SetupError, step } from './report.mjs';
import { tcpAnswers } from './temporal.mjs';

const require = createRequire(path.join(repoRoot, 'package.json'));
const credentialsFile = path.join(toolsDir, 'postgres.json');
// One role per checkout: two clones testing on the same machine never reset each other's password.
const ROLE = `ggzy_test_${createHash('sha256').update(repoRoot).digest('hex').slice(0, 10)}`;
const HELP = 'Set DATABASE_URL to a PostgreSQL URL whose user may CREATE DATABASE, or run as root on Debian so the test setup can install and start PostgreSQL itself.';

async function canConnect(url, { createRole = false } = {}) {
  const { Client } = require('pg');
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    // the tests of the database roles (migration owner, runtime) create throwaway roles
    const { rows } = await client.query('select rolcreaterole from pg_roles where rolname = current_user');
    return !createRole || rows[0]?.rolcreaterole === true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

function isRoot() {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

function clusterVersion() {
  if (!existsSync('/etc/postgresql')) return null;
  const versions = readdirSync('/etc/postgresql').filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
  return versions[0] ?? null;
}

async function installAndStartDebianPostgres() {
  if (!isRoot()) throw new SetupError('PostgreSQL is not running on 127.0.0.1:5432 and this user cannot start it.', HELP);
  if (!(await which('pg_ctlcluster')) || !clusterVersion()) {
    step('PostgreSQL: installing Debian\'s package');
    await run('apt-get', ['update', '-qq'], { quiet: true }).catch(() => {});
    await run('apt-get', ['install', '-y', '-qq', 'postgresql'], { quiet: true, env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  }
  const version = clusterVersion();
  if (!version) throw new SetupError('PostgreSQL is installed but has no cluster under /etc/postgresql', HELP);
  step(`PostgreSQL: starting cluster ${version}/main`);
  await run('pg_ctlcluster', [version, 'main', 'start'], { quiet: true }).catch((err) => {
    if (!/already running/i.test(err.message)) throw err;
  });
  await waitForPostgres('started');
}

async function waitForPostgres(what) {
  for (let i = 0; i < 100 && !(await tcpAnswers('127.0.0.1', 5432, 300)); i++) await new Promise((r) => setTimeout(r, 200));
  if (!(await tcpAnswers('127.0.0.1', 5432, 500))) throw new SetupError(`PostgreSQL ${what} but does not answer on 127.0.0.1:5432`, HELP);
}

/** The parts of a PostgreSQL URL the server's tools take as flags. */
export function pgParts(url) {
  const u = new URL(url);
  return { host: u.hostname, port: Number(u.port || 5432), user: decodeURIComponent(u.username), password: decodeURIComponent(u.password) };
}

/** Runs `fn` with a client connected to `connection` (a URL or client settings), closed afterwards. */
export async function withPostgres(connection, fn) {
  const { Client } = require('pg');
  const client = new Client(typeof connection === 'string' ? { connectionString: connection } : connection);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Creates (or resets) a login role that may create databases and roles, through the local superuser; stores it in .tools/. */
async function createTestRole() {
  if (!isRoot()) throw new SetupError('PostgreSQL answers on 127.0.0.1:5432 but the tests have no credentials for it.', HELP);
  const password = randomBytes(18).toString('base64url');
  const sql = `DO $$ BEGIN
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = '${ROLE}') THEN ALTER ROLE ${ROLE} LOGIN CREATEDB CREATEROLE PASSWORD '${password}';
    ELSE CREATE ROLE ${ROLE} LOGIN CREATEDB CREATEROLE PASSWORD '${password}'; END IF; END $$;`;
  await run('runuser', ['-u', 'postgres', '--', 'psql', '-q', '-v', 'ON_ERROR_STOP=1', '-c', sql], { quiet: true, cwd: '/' });
  const url = `postgres://${ROLE}:${password}@127.0.0.1:5432/postgres`;
  mkdirSync(toolsDir, { recursive: true });
  writeFileSync(credentialsFile, JSON.stringify({ url }));
  chmodSync(credentialsFile, 0o600);
  return url;
}

/** Answers a URL of a role that can create the tests' throwaway databases. */
export async function ensurePostgres() {
  if (process.env.DATABASE_URL) {
    if (!(await canConnect(process.env.DATABASE_URL))) throw new SetupError('DATABASE_URL does not accept connections.', HELP);
    step('PostgreSQL: using DATABASE_URL');
    return process.env.DATABASE_URL;
  }
  if (!(await tcpAnswers('127.0.0.1', 5432, 1000))) await installAndStartDebianPostgres();
  if (existsSync(credentialsFile)) {
    const { url } = JSON.parse(readFileSync(credentialsFile, 'utf8'));
    if (url.startsWith(`postgres://${ROLE}:`) && (await canConnect(url, { createRole: true }))) {
      step('PostgreSQL: 127.0.0.1:5432');
      return url;
    }
  }
  const url = await createTestRole();
  if (!(await canConnect(url))) throw new SetupError('the test role was created but cannot log in over 127.0.0.1:5432', HELP);
  step('PostgreSQL: 127.0.0.1:5432 (test role created)');
  return url;
}

/** A test run is going while the process that started it lives (runner.pid in its directory; without one, a recent directory). */
function runIsLive(dir) {
  try {
    process.kill(Number(readFileSync(path.join(dir, 'runner.pid'), 'utf8')), 0);
    return true;
  } catch (err) {
    if (err.code === 'EPERM') return true;
    if (err.code !== 'ENOENT') return false;
  }
  try {
    return Date.now() - statSync(dir).mtimeMs < 2 * 3600_000;
  } catch {
    return false;
  }
}

/**
 * Drops the throwaway databases of test runs that ended without their teardown (a killed run, of any checkout):
 * left behind they pile up by the hundred, and PostgreSQL's recovery after a crash syncs every one of them. A run
 * still going keeps its databases. Through the local superuser, so only where the setup manages PostgreSQL itself.
 */
export async function dropStaleTestDatabases() {
  if (process.env.DATABASE_URL || !isRoot()) return;
  const psql = (sql) => run('runuser', ['-u', 'postgres', '--', 'psql', '-Atq', '-v', 'ON_ERROR_STOP=1', '-c', sql], { quiet: true, cwd: '/' });
  const names = (await psql("select datname from pg_database where datname like 'ggzy\\_t\\_%'").catch(() => '')).split('\n').filter(Boolean);
  // the directories after the databases: a database listed was made after its run's directory, so that run is seen
  const live = new Set(readdirSync(os.tmpdir()).filter((n) => n.startsWith('ggzy-test-') && runIsLive(path.join(os.tmpdir(), n)))
    .map((n) => n.replace(/[^a-z0-9]/gi, '').toLowerCase()));
  const stale = names.filter((name) => {
    const runId = /^ggzy_t_([a-z0-9]+)_[0-9a-f]+$/.exec(name)?.[1];
    return runId && !live.has(runId);
  });
  for (const name of stale) await psql(`drop database if exists "${name}" with (force)`).catch(() => {});
  if (stale.length) step(`PostgreSQL: dropped ${stale.length} databases of test runs that ended without cleaning up`);
}
