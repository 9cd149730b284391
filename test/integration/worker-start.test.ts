// A worker brought back while the Temporal server is restarting (what a supervisor does after a crash, and what the
// fault campaign does after every SIGKILL) waits for the server instead of dying, and starts polling once it answers.
import { spawn } from 'node:child_process';
import { createConnection, createServer, type Socket } from 'node:net';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { bundlePath, temporalAddress } from '../support/platform';
import { freePort, repoRoot } from '../support/cluster';
import { until } from '../support/reference-harness';

jest.setTimeout(120_000);

/** A TCP relay to the test's Temporal server: the "server" this worker sees comes up when the relay listens. */
function relayTo(target: string, port: number): Promise<{ close(): Promise<void> }> {
  const [host, targetPort] = target.split(':') as [string, string];
  const sockets = new Set<Socket>();
  const relay = createServer((socket) => {
    const upstream = createConnection({ host, port: Number(targetPort) });
    sockets.add(socket).add(upstream);
    socket.pipe(upstream).pipe(socket);
    socket.on('error', () => upstream.destroy());
    upstream.on('error', () => socket.destroy());
  });
  const close = () => new Promise<void>((resolve) => {
    for (const socket of sockets) socket.destroy();
    relay.close(() => resolve());
  });
  return new Promise((resolve) => relay.listen(port, '127.0.0.1', () => resolve({ close })));
}

test('a worker started while Temporal is down waits for it, then polls', async () => {
  // given a Temporal address where nothing answers yet
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ggzy-worker-start-'));
  const worker = spawn(process.execPath, [path.join(repoRoot, 'worker', 'dist', 'main.js')], {
    cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env, DATABASE_URL: '', GGZY_DATA_DIR: dataDir, TEMPORAL_ADDRESS: `127.0.0.1:${port}`, GGZY_WORKFLOW_BUNDLE: bundlePath(),
      GGZY_TASK_QUEUE: `start-${randomBytes(4).toString('hex')}`, GGZY_TRAIL_CHECKPOINT_MINUTES: '0', GGZY_STARTUP_WAIT_SECONDS: '60',
    },
  });
  let output = '';
  worker.stdout!.on('data', (d) => { output += d; });
  worker.stderr!.on('data', (d) => { output += d; });
  let relay: { close(): Promise<void> } | undefined;
  try {
    // when the worker has found nobody there
    await until('the worker waiting for Temporal', async () => {
      if (worker.exitCode !== null) throw new Error(`the worker exited (${worker.exitCode}):\n${output}`);
      return output.includes(`waiting for Temporal at 127.0.0.1:${port}`);
    });
    // and the server comes up
    relay = await relayTo(temporalAddress(), port);
    // then the worker connects and polls, without having exited
    await until('the worker polling', async () => {
      if (worker.exitCode !== null) throw new Error(`the worker exited (${worker.exitCode}):\n${output}`);
      return /polling task queue/.test(output);
    }, 60_000);
    expect(output).not.toMatch(/\[worker\] error/);
  } finally {
    if (worker.exitCode === null) {
      const exited = new Promise((r) => worker.once('exit', r));
      worker.kill('SIGTERM');
      await exited;
    }
    await relay?.close();
  }
});
