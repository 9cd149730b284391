// The cluster command (`npm run cluster`) as the tests drive it: started as a child process like an operator starts
// it, read through the state file it writes, stopped with Ctrl-C, and its databases dropped afterwards.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { Client } from 'pg';
import { until } from './reference-harness';

export const repoRoot = path.resolve(__dirname, '..', '..');
export const dataRoot = path.resolve(repoRoot, process.env.GGZY_DATA_DIR || 'data');

export interface ClusterState { urls: string[]; workers: number[]; apis: number[]; databases: Record<string, string> }

export interface RunningCluster {
  name: string;
  state: ClusterState;
  output(): string;
  /** Ctrl-C; answers the command's exit code. */
  stop(): Promise<number | null>;
  child: ChildProcess;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * A first port from which `count` consecutive ports are free (the cluster's apis listen on port, port + 1, …), below
 * the ephemeral range, where outgoing connections and other tests' random ports come and go.
 */
export async function freeConsecutivePorts(count: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const first = 10_000 + Math.floor(Math.random() * 10_000);
    let free = true;
    for (let i = 0; i < count && free; i++) free = await bindable(first + i);
    if (free) return first;
  }
  throw new Error(`no ${count} consecutive free ports found`);
}

/** `node scripts/cluster.mjs …` with the demo password given; resolves once it says it is ready. */
export async function startClusterCommand(name: string, password: string, options: { fresh?: boolean; workers?: number; apis?: number } = {}): Promise<RunningCluster> {
  const apiPort = await freeConsecutivePorts(options.apis ?? 2);
  // Temporal Server uses the frontend port and the next ones up to +106, whose membership ports must stay below 32768
  const temporalPort = 21_000 + Math.floor(Math.random() * 9_000);
  const args = [path.join(repoRoot, 'scripts/cluster.mjs'), '--name', name, '--workers', String(options.workers ?? 2), '--apis', String(options.apis ?? 2),
    '--port', String(apiPort), '--temporal-port', String(temporalPort), ...(options.fresh ? ['--fresh'] : [])];
  const child = spawn(process.execPath, args, {
    cwd: repoRoot, env: { ...process.env, GGZY_DEMO_PASSWORD: password, DATABASE_URL: process.env.GGZY_TEST_PG_URL }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => { output += d; });
  child.stderr!.on('data', (d) => { output += d; });
  await until(`cluster ${name} ready`, async () => {
    if (child.exitCode !== null) throw new Error(`the cluster command exited (${child.exitCode}):\n${output}`);
    return /press Ctrl-C to stop/.test(output);
  }, 360_000);
  const state = JSON.parse(readFileSync(path.join(dataRoot, name, 'cluster.json'), 'utf8')) as ClusterState;
  return {
    name, state, child, output: () => output,
    stop: () => new Promise((resolve) => {
      if (child.exitCode !== null) return resolve(child.exitCode);
      child.once('exit', (code) => resolve(code));
      child.kill('SIGINT');
    }),
  };
}

/** Runs one of the repository's scripts to its end; answers its exit code and output. */
export function runScript(script: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(repoRoot, 'scripts', script), ...args], {
      cwd: repoRoot, env: { ...process.env, DATABASE_URL: process.env.GGZY_TEST_PG_URL, ...env }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => { output += d; });
    child.stderr.on('data', (d) => { output += d; });
    child.once('exit', (code) => resolve({ code, output }));
  });
}

/** Kills what is left of a cluster and drops its databases and state. */
export async function removeCluster(cluster: RunningCluster | undefined, name: string): Promise<void> {
  if (cluster && cluster.child.exitCode === null) cluster.child.kill('SIGKILL');
  rmSync(path.join(dataRoot, name), { recursive: true, force: true });
  const admin = new Client({ connectionString: process.env.GGZY_TEST_PG_URL });
  await admin.connect();
  try {
    for (const db of [`ggzy_${name}_temporal`, `ggzy_${name}_visibility`, `ggzy_${name}`]) await admin.query(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

export const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
