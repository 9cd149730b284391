// `npm start` as a user runs it: the whole platform up from one command, a clean Ctrl-C, a quick second start,
// and bad configuration ending in one clear message.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort, portAnswers } from '../support/dev-server';
import { certificateSignIn, readKeyFile } from '../support/parties';

const repoRoot = path.resolve(__dirname, '..', '..');

interface StartRun { child: ChildProcess; stdout: () => string; stderr: () => string; exit: Promise<number | null> }

function start(env: Record<string, string | undefined>): StartRun {
  const { TEMPORAL_ADDRESS: _a, DATABASE_URL: _d, GGZY_DEMO_PASSWORD: _p, ...inherited } = process.env;
  const child = spawn(process.execPath, [path.join(repoRoot, 'scripts', 'start.mjs')], {
    cwd: repoRoot,
    env: { ...inherited, TEMPORAL_CLI: process.env.GGZY_TEST_TEMPORAL_CLI, ...env } as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => { out += d; });
  child.stderr!.on('data', (d) => { err += d; });
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exit };
}

async function waitFor(run: StartRun, pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = run.stdout().match(pattern);
    if (match) return match;
    if (run.child.exitCode !== null) throw new Error(`start exited (${run.child.exitCode}):\n${run.stdout()}\n${run.stderr()}`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}:\n${run.stdout()}\n${run.stderr()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function ports() {
  return { PORT: String(await freePort()), TEMPORAL_PORT: String(await freePort()), TEMPORAL_UI_PORT: String(await freePort()) };
}

function expectOneClearMessage(run: StartRun, message: RegExp) {
  const stderr = run.stderr();
  expect(stderr).toMatch(message);
  expect(stderr.match(/\[ggzy\] error:/g)).toHaveLength(1);
  expect(stderr).not.toMatch(/\n\s+at .+:\d+:\d+/); // no stack trace
}

describe('npm start', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ggzy-start-'));

  test('starts everything, serves the apps, runs a workflow; Ctrl-C stops every child; a second start reuses the state', async () => {
    const env = { GGZY_DATA_DIR: dataDir, ...(await ports()) };
    const first = start(env);
    try {
      await waitFor(first, /press Ctrl-C to stop/, 120_000);
      const password = (first.stdout().match(/demo password \(shown once, stored only as a hash\): (\S+)/) ?? [])[1];
      expect(password).toBeTruthy();
      const base = `http://127.0.0.1:${env.PORT}`;
      expect(first.stdout()).toContain(`portal:        ${base}/`);
      expect(first.stdout()).toContain(`designer:      ${base}/designer/`);
      expect(first.stdout()).toContain(`Temporal Web UI: http://127.0.0.1:${env.TEMPORAL_UI_PORT}`);

      const health = await fetch(`${base}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: 'ok', temporal: 'ok', db: 'ok' });
      expect(await (await fetch(`${base}/`)).text()).toContain('<title>公共资源交易平台</title>');
      expect(await (await fetch(`${base}/designer/`)).text()).toContain('流程设计器');
      expect((await fetch(`http://127.0.0.1:${env.TEMPORAL_UI_PORT}/`)).status).toBe(200);

      const login = await fetch(`${base}/api/auth/login`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password }),
      });
      expect(login.status).toBe(200);
      const { token } = (await login.json()) as { token: string };
      const probe = await fetch(`${base}/api/probes`, {
        method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ message: 'started by npm start' }),
      });
      expect(probe.status).toBe(201);
      const { probe: row } = (await probe.json()) as { probe: { id: number } };
      // the demo seed deployed the reference procedures as the province's defaults
      expect(first.stdout()).toMatch(/reference procedures deployed: .*construction_open_tender v1/);
      // the demo PKI: key files in the data directory, and a demo bidder signs in with its SM2 certificate
      expect(first.stdout()).toMatch(/parties sign in with a certificate key file \(证书登录\): .*pki\/keys\//);
      const party = await certificateSignIn(base, readKeyFile(path.join(dataDir, 'pki', 'keys', 'bidder-dhjg-sm2.pem')));
      expect([party.status, party.body.user?.party?.subjectName]).toEqual([200, '东湖建工集团有限公司']);
      const definitions = await fetch(`${base}/api/process-definitions`, { headers: { authorization: `Bearer ${token}` } });
      const keys = ((await definitions.json()) as { items: Array<{ key: string; regionCode: string }> }).items.map((d) => `${d.key}@${d.regionCode}`);
      expect(keys).toEqual(expect.arrayContaining(['complaint@990000', 'construction_open_tender@990000']));

      first.child.kill('SIGINT');
      expect(await first.exit).toBe(0);
      expect(first.stdout()).toContain('[ggzy] stopped');
      for (const port of [env.PORT, env.TEMPORAL_PORT, env.TEMPORAL_UI_PORT]) expect(await portAnswers(Number(port))).toBe(false);

      const second = start(env);
      try {
        const ready = await waitFor(second, /ready in ([\d.]+) s/, 60_000);
        await waitFor(second, /press Ctrl-C to stop/, 10_000);
        expect(Number(ready[1])).toBeLessThan(15);
        expect(second.stdout()).not.toMatch(/demo password/);
        const again = await fetch(`${base}/api/auth/login`, {
          method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password }),
        });
        expect(again.status).toBe(200);
        const { token: token2 } = (await again.json()) as { token: string };
        const kept = await fetch(`${base}/api/probes/${row.id}`, { headers: { authorization: `Bearer ${token2}` } });
        expect(kept.status).toBe(200);
      } finally {
        second.child.kill('SIGINT');
        expect(await second.exit).toBe(0);
      }
    } finally {
      if (first.child.exitCode === null) first.child.kill('SIGKILL');
    }
  }, 300_000); // two full starts of the platform: generous on a loaded 2-core machine

  test('an unreachable TEMPORAL_ADDRESS ends with one clear message', async () => {
    const run = start({ GGZY_DATA_DIR: dataDir, ...(await ports()), TEMPORAL_ADDRESS: `127.0.0.1:${await freePort()}`, GGZY_DEMO_PASSWORD: 'x-demo-password' });
    expect(await run.exit).toBe(1);
    expectOneClearMessage(run, /cannot reach the Temporal cluster at TEMPORAL_ADDRESS=127\.0\.0\.1:\d+/);
  });

  test('a GGZY_TRUST_STORE that does not exist ends with one clear message', async () => {
    const run = start({ GGZY_DATA_DIR: dataDir, ...(await ports()), GGZY_TRUST_STORE: path.join(dataDir, 'no-such-trust-store') });
    expect(await run.exit).toBe(1);
    expectOneClearMessage(run, /GGZY_TRUST_STORE=.*no-such-trust-store does not exist/);
  });

  test('a bad DATABASE_URL ends with one clear message and never prints the password', async () => {
    const unreachable = start({ GGZY_DATA_DIR: dataDir, ...(await ports()), DATABASE_URL: `postgres://nobody:s3cret-pw@127.0.0.1:${await freePort()}/ggzy` });
    expect(await unreachable.exit).toBe(1);
    expectOneClearMessage(unreachable, /cannot reach the database: PostgreSQL 127\.0\.0\.1:\d+\/ggzy/);
    expect(unreachable.stderr() + unreachable.stdout()).not.toContain('s3cret-pw');

    const malformed = start({ GGZY_DATA_DIR: dataDir, ...(await ports()), DATABASE_URL: 'mysql://somewhere/db' });
    expect(await malformed.exit).toBe(1);
    expectOneClearMessage(malformed, /DATABASE_URL must start with postgres:\/\/, postgresql:\/\/ or sqlite:/);
  });

  test('a bad secret (GGZY_BID_KEY_SECRET, GGZY_GATEWAY_CALLBACK_SECRET) ends with one clear message and never prints it', async () => {
    const run = start({ GGZY_DATA_DIR: dataDir, ...(await ports()), GGZY_BID_KEY_SECRET: 'c2hvcnQtc2VjcmV0' });
    expect(await run.exit).toBe(1);
    expectOneClearMessage(run, /GGZY_BID_KEY_SECRET must be 32 random bytes in base64/);
    expect(run.stderr() + run.stdout()).not.toContain('c2hvcnQtc2VjcmV0');

    const short = start({ GGZY_DATA_DIR: dataDir, ...(await ports()), GGZY_GATEWAY_CALLBACK_SECRET: 'too-short-a-secret' });
    expect(await short.exit).toBe(1);
    expectOneClearMessage(short, /GGZY_GATEWAY_CALLBACK_SECRET must be at least 32 characters/);
    expect(short.stderr() + short.stdout()).not.toContain('too-short-a-secret');
  });

  test('a port in use ends with one clear message', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve()));
    const busy = (blocker.address() as net.AddressInfo).port;
    try {
      const api = start({ GGZY_DATA_DIR: dataDir, ...(await ports()), PORT: String(busy) });
      expect(await api.exit).toBe(1);
      expectOneClearMessage(api, new RegExp(`port ${busy} is already in use \\(PORT\\)`));

      const temporal = start({ GGZY_DATA_DIR: dataDir, ...(await ports()), TEMPORAL_PORT: String(busy) });
      expect(await temporal.exit).toBe(1);
      expectOneClearMessage(temporal, new RegExp(`port ${busy} is already in use, so the Temporal dev server cannot start there`));
    } finally {
      blocker.close();
    }
  });
});
