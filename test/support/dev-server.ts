// A Temporal dev server the test owns (so it can kill it): the same binary and flags `npm start` uses.
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { NativeConnection } from '@temporalio/worker';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export function portAnswers(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => { socket.destroy(); resolve(ok); };
    socket.setTimeout(500, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

export interface OwnedDevServer { address: string; child: ChildProcess; kill(signal?: NodeJS.Signals): Promise<void> }

export async function startOwnedDevServer(dbFile: string, port: number): Promise<OwnedDevServer> {
  const binary = process.env.GGZY_TEST_TEMPORAL_CLI;
  if (!binary) throw new Error('GGZY_TEST_TEMPORAL_CLI is unset: run the tests with npm test');
  const child = spawn(binary, [
    'server', 'start-dev', '--db-filename', dbFile, '--ip', '127.0.0.1', '--port', String(port), '--headless', '--log-level', 'error',
  ], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 30_000;
  while (!(await portAnswers(port))) {
    if (child.exitCode !== null) throw new Error(`dev server exited with ${child.exitCode}`);
    if (Date.now() > deadline) throw new Error('dev server did not start within 30 s');
    await new Promise((r) => setTimeout(r, 100));
  }
  // the port answers a moment before the frontend is healthy ("Frontend is not healthy yet"): wait until it serves
  for (;;) {
    try {
      const probe = await NativeConnection.connect({ address: `127.0.0.1:${port}` });
      await probe.close();
      break;
    } catch (err) {
      if (child.exitCode !== null) throw new Error(`dev server exited with ${child.exitCode}`);
      if (Date.now() > deadline) throw new Error(`dev server did not become healthy within 30 s: ${(err as Error).message}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  return {
    address: `127.0.0.1:${port}`,
    child,
    async kill(signal: NodeJS.Signals = 'SIGKILL') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}
