// A throwaway PostgreSQL server of its own — Debian's binaries, a data directory in a temporary directory, its own
// port and socket — for the fault campaign, which restarts the database under a running cluster. Restarting the
// machine's shared server would break everyone else's tests on it; this one belongs to the campaign alone.
import { appendFileSync, chmodSync, chownSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { run } from './exec.mjs';
import { SetupError } from './report.mjs';
import { tcpAnswers } from './temporal.mjs';

const DEBIAN_BINARIES = '/usr/lib/postgresql';
const SERVICE_USER = 'postgres';

function binDir() {
  const versions = existsSync(DEBIAN_BINARIES) ? readdirSync(DEBIAN_BINARIES).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a)) : [];
  for (const version of versions) {
    const dir = path.join(DEBIAN_BINARIES, version, 'bin');
    if (existsSync(path.join(dir, 'initdb')) && existsSync(path.join(dir, 'pg_ctl'))) return dir;
  }
  throw new SetupError('no PostgreSQL server binaries (initdb, pg_ctl) under /usr/lib/postgresql.', 'Install Debian\'s postgresql package (npm test installs it when run as root).');
}

function serviceUser() {
  const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith(`${SERVICE_USER}:`));
  if (!line) throw new SetupError(`the OS user "${SERVICE_USER}" is missing; it runs the private PostgreSQL server.`);
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

/** A free TCP port at or above `from` on 127.0.0.1. */
async function freePortFrom(from) {
  for (let port = from; port < from + 200; port++) if (!(await tcpAnswers('127.0.0.1', port, 300))) return port;
  throw new SetupError(`no free port for the private PostgreSQL server between ${from} and ${from + 199}`);
}

/**
 * Creates and starts the server; answers its superuser URL and the handles to restart, stop and remove it.
 * Runs as the `postgres` OS user (PostgreSQL refuses root); needs root to hand the directory over.
 */
export async function startPrivatePostgres({ port: wanted = 55432, maxConnections = 300 } = {}) {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) {
    throw new SetupError('the private PostgreSQL server is started as the postgres OS user, which needs root.', 'Run the campaign as root (or in the project\'s container).');
  }
  const bin = binDir();
  const owner = serviceUser();
  const port = await freePortFrom(wanted);
  const root = mkdtempSync(path.join(os.tmpdir(), 'ggzy-pg-'));
  const dataDir = path.join(root, 'data');
  const password = randomBytes(18).toString('base64url');
  const passwordFile = path.join(root, 'password');
  writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  chownSync(root, owner.uid, owner.gid);
  chownSync(passwordFile, owner.uid, owner.gid);
  chmodSync(root, 0o700);
  const asService = (cmd, args) => run('runuser', ['-u', SERVICE_USER, '--', path.join(bin, cmd), ...args], { quiet: true, cwd: root });
  await asService('initdb', ['-D', dataDir, '-U', 'postgres', '--pwfile', passwordFile, '-A', 'scram-sha-256', '-E', 'UTF8', '--locale', 'C', '--no-sync']);
  rmSync(passwordFile, { force: true });
  appendFileSync(path.join(dataDir, 'postgresql.conf'), [
    '', '# the fault campaign\'s private server', `port = ${port}`, "listen_addresses = '127.0.0.1'", `unix_socket_directories = '${root}'`,
    `max_connections = ${maxConnections}`, 'shared_buffers = 128MB', "log_min_messages = 'warning'", '',
  ].join('\n'));
  const logFile = path.join(root, 'postgres.log');
  const ctl = (...args) => asService('pg_ctl', ['-D', dataDir, '-l', logFile, '-w', '-t', '60', ...args]);
  await ctl('start');
  const url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
  let running = true;
  return {
    url, port, root, logFile,
    /** The pg_ctl command line for this server (for the operator who keeps it). */
    ctlCommand: (action) => `${path.join(bin, 'pg_ctl')} -D ${dataDir} ${action}`,
    /** A clean restart (fast shutdown: open connections are cut, as when an operator restarts the server). */
    async restart() {
      await ctl('-m', 'fast', 'restart');
      running = true;
    },
    async stop() {
      if (!running) return;
      await ctl('-m', 'fast', 'stop').catch(() => {});
      running = false;
    },
    /** Stops the server and deletes its directory. */
    async remove() {
      await this.stop();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
