// Finds (or provisions) a real Temporal server and starts the dev server on a SQLite file.
import { existsSync, mkdirSync, writeFileSync, readFileSync, readdirSync, statSync, chmodSync } from 'node:fs';
import { spawn } from 'node:child_process';
import net from 'node:net';
import https from 'node:https';
import path from 'node:path';
import { toolsDir, toolsBin } from './paths.mjs';
import { run, which } from './exec.mjs';
import { SetupError, step } from './report.mjs';

export const TEMPORAL_CLI_VERSION = 'v1.5.1';
export const TEST_SERVER_VERSION = '1.31.0';

/** Custom search attributes the platform indexes workflows by (see workflows/src/search-attributes.ts). */
export const SEARCH_ATTRIBUTES = {
  GgzyDealCode: 'Keyword',
  GgzyCity: 'Keyword',
  GgzyProcessKey: 'Keyword',
  GgzyStatus: 'Keyword',
};

const RESOLUTION_HELP =
  'Provide one of: TEMPORAL_ADDRESS=<host:port> of a running cluster; TEMPORAL_CLI=<path to a temporal CLI binary>; ' +
  'a binary at .tools/bin/temporal; Go on the PATH (to build the CLI from the Go module proxy); or internet access for the SDK download.';

function canReachHttps(host, timeoutMs = 3000) {
  return new Promise((resolve) => {
    const req = https.request({ host, method: 'HEAD', path: '/', timeout: timeoutMs }, () => resolve(true));
    req.on('timeout', () => { req.destroy(); resolve(false); });
    req.on('error', () => resolve(false));
    req.end();
  });
}

export function tcpAnswers(host, port, timeoutMs = 1500) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok) => { socket.destroy(); resolve(ok); };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

export function splitAddress(address) {
  const match = /^(.*):(\d+)$/.exec(address);
  if (!match) throw new SetupError(`TEMPORAL_ADDRESS "${address}" is not host:port`);
  return { host: match[1], port: Number(match[2]) };
}

/**
 * Resolves the Temporal server in the documented order and says which it used.
 * Returns { kind: 'address', address } or { kind: 'binary', path, source }.
 */
export async function resolveTemporal({ announce = true, binary = false } = {}) {
  const say = announce ? step : () => {};
  // `binary`: a CLI binary is needed whatever TEMPORAL_ADDRESS says (to start servers of one's own, or run its commands)
  if (process.env.TEMPORAL_ADDRESS && !binary) {
    say(`Temporal: using the existing cluster at TEMPORAL_ADDRESS=${process.env.TEMPORAL_ADDRESS}`);
    return { kind: 'address', address: process.env.TEMPORAL_ADDRESS };
  }
  if (process.env.TEMPORAL_CLI) {
    if (!existsSync(process.env.TEMPORAL_CLI)) throw new SetupError(`TEMPORAL_CLI=${process.env.TEMPORAL_CLI} does not exist`, RESOLUTION_HELP);
    say(`Temporal: using the CLI from TEMPORAL_CLI=${process.env.TEMPORAL_CLI}`);
    return { kind: 'binary', path: process.env.TEMPORAL_CLI, source: 'TEMPORAL_CLI' };
  }
  const local = path.join(toolsBin, 'temporal');
  if (existsSync(local)) {
    say(`Temporal: using ${path.relative(process.cwd(), local) || local}`);
    return { kind: 'binary', path: local, source: '.tools/bin' };
  }
  const go = await which('go');
  if (go) {
    say(`Temporal: building the CLI ${TEMPORAL_CLI_VERSION} with go install (a few minutes, once) into .tools/bin`);
    mkdirSync(toolsBin, { recursive: true });
    await run(go, ['install', `github.com/temporalio/cli/cmd/temporal@${TEMPORAL_CLI_VERSION}`], {
      env: { ...process.env, CGO_ENABLED: '0', GOBIN: toolsBin },
    });
    if (!existsSync(local)) throw new SetupError('go install finished but .tools/bin/temporal is missing', RESOLUTION_HELP);
    return { kind: 'binary', path: local, source: 'go install' };
  }
  if (await canReachHttps('temporal.download')) {
    say('Temporal: downloading the CLI with the SDK');
    return { kind: 'binary', path: await downloadWithSdk(), source: 'SDK download' };
  }
  throw new SetupError('no Temporal server could be found or provisioned.', RESOLUTION_HELP);
}

async function downloadWithSdk() {
  const downloadDir = path.join(toolsDir, 'sdk-download');
  mkdirSync(downloadDir, { recursive: true });
  const { TestWorkflowEnvironment } = await import('@temporalio/testing');
  const env = await TestWorkflowEnvironment.createLocal({ server: { executable: { type: 'cached-download', downloadDir } } });
  await env.teardown();
  const found = findExecutable(downloadDir, 'temporal');
  if (!found) throw new SetupError('the SDK download finished but no temporal binary was found', RESOLUTION_HELP);
  mkdirSync(toolsBin, { recursive: true });
  return found;
}

function findExecutable(dir, prefix) {
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    const st = statSync(full);
    if (st.isDirectory()) {
      const nested = findExecutable(full, prefix);
      if (nested) return nested;
    } else if (entry.startsWith(prefix) && (st.mode & 0o111)) {
      return full;
    }
  }
  return null;
}

/**
 * Waits until a server just started listens on ip:port; fails with the tail of its output when it exits first or
 * does not listen within `seconds` (and then kills it).
 */
export async function untilListening(child, exited, { ip = '127.0.0.1', port, name, seconds, output }) {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const early = await Promise.race([exited, new Promise((r) => setTimeout(() => r(null), 200))]);
    if (early) throw new SetupError(`${name} exited at start (${early.signal ?? `exit ${early.code}`}):\n${output().slice(-3000)}`);
    if (await tcpAnswers(ip, port, 500)) return;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new SetupError(`${name} did not listen on ${ip}:${port} within ${seconds} s:\n${output().slice(-3000)}`);
    }
  }
}

/** Starts `temporal server start-dev` on a SQLite file; resolves when the frontend accepts connections. */
export async function startDevServer({ binary, dbFile, port, uiPort, ip = '127.0.0.1', logLevel = 'warn', headless = false }) {
  if (await tcpAnswers(ip, port)) {
    throw new SetupError(`port ${port} is already in use, so the Temporal dev server cannot start there.`, 'Stop whatever listens there, or set TEMPORAL_PORT to a free port (or TEMPORAL_ADDRESS to use that server).');
  }
  if (!headless && (await tcpAnswers(ip, uiPort))) {
    throw new SetupError(`port ${uiPort} (Temporal Web UI) is already in use.`, 'Set TEMPORAL_UI_PORT to a free port.');
  }
  mkdirSync(path.dirname(dbFile), { recursive: true });
  const args = ['server', 'start-dev', '--db-filename', dbFile, '--ip', ip, '--port', String(port), '--log-level', logLevel];
  if (headless) args.push('--headless');
  else args.push('--ui-port', String(uiPort), '--ui-ip', ip);
  for (const [name, type] of Object.entries(SEARCH_ATTRIBUTES)) args.push('--search-attribute', `${name}=${type}`);
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: false });
  let output = '';
  child.stdout.on('data', (d) => { output += d; if (output.length > 20000) output = output.slice(-10000); });
  child.stderr.on('data', (d) => { output += d; if (output.length > 20000) output = output.slice(-10000); });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  await untilListening(child, exited, { ip, port, name: 'the Temporal dev server', seconds: 60, output: () => output });
  return { child, address: `${ip}:${port}`, uiUrl: headless ? null : `http://${ip}:${uiPort}`, exited, output: () => output };
}

/**
 * The Java time-skipping test server from Maven Central, behind a two-line wrapper script.
 * Returns the wrapper's path; a second call reuses the classpath (and rewrites the wrapper if its flags changed).
 */
export async function ensureTimeSkippingServer() {
  const wrapper = path.join(toolsBin, 'temporal-test-server');
  const dir = path.join(toolsDir, 'test-server');
  const cpFile = path.join(dir, `classpath-${TEST_SERVER_VERSION}.txt`);
  // The SDK gives the server a few seconds to answer: start the JVM for a fast start (C1 only, serial GC, the
  // shared class archive), which matters on a loaded 2-core machine.
  const script = `#!/bin/sh\nexec java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -cp "$(cat '${cpFile}')" io.temporal.testserver.TestServer "$@"\n`;
  if (existsSync(cpFile)) {
    if (!existsSync(wrapper) || readFileSync(wrapper, 'utf8') !== script) {
      mkdirSync(toolsBin, { recursive: true });
      writeFileSync(wrapper, script);
      chmodSync(wrapper, 0o755);
    }
    return wrapper;
  }
  const mvn = await which('mvn');
  const java = await which('java');
  if (!mvn || !java) {
    throw new SetupError('the time-skipping test server needs Java 17+ and Maven on the PATH.', 'Install them (Debian: apt-get install -y openjdk-17-jre-headless maven).');
  }
  step(`time-skipping test server: resolving io.temporal:temporal-test-server:${TEST_SERVER_VERSION} from Maven Central`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'pom.xml'), `<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.ggzy</groupId>
  <artifactId>temporal-test-server-classpath</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>io.temporal</groupId>
      <artifactId>temporal-test-server</artifactId>
      <version>${TEST_SERVER_VERSION}</version>
    </dependency>
  </dependencies>
</project>
`);
  await run(mvn, ['-q', '-B', 'dependency:build-classpath', `-Dmdep.outputFile=${cpFile}`], { cwd: dir, quiet: true });
  const classpath = readFileSync(cpFile, 'utf8').trim();
  if (!classpath) throw new SetupError('Maven returned an empty classpath for the test server');
  mkdirSync(toolsBin, { recursive: true });
  writeFileSync(wrapper, script);
  chmodSync(wrapper, 0o755);
  return wrapper;
}
