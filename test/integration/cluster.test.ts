// The production topology on one machine, as `npm run cluster` starts it: Temporal Server 1.32.2 on PostgreSQL, the
// platform's database on PostgreSQL, two workers and two apis with one set of secrets. A deal started through one api
// is run by the workers; one worker is killed with SIGKILL and the other carries the deal on; Ctrl-C stops everything.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { call, loginAs } from '../support/platform';
import { AGENT, TENDEREE } from '../support/deal-fixtures';
import { cstWorkday, until } from '../support/reference-harness';

jest.setTimeout(420_000);
const repoRoot = path.resolve(__dirname, '..', '..');
const dataRoot = path.resolve(repoRoot, process.env.GGZY_DATA_DIR || 'data');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('the cluster (Temporal Server on PostgreSQL, 2 workers, 2 apis)', () => {
  const name = `t${randomBytes(4).toString('hex')}`;
  const password = `Demo-${randomBytes(6).toString('hex')}`;
  let cli: ChildProcess;
  let output = '';
  let state: { urls: string[]; workers: number[]; apis: number[]; databases: Record<string, string> };

  beforeAll(async () => {
    const apiPort = await freePort();
    // Temporal Server uses the frontend port and the next ones up to +106, whose membership ports must stay below 32768
    const temporalPort = 21_000 + Math.floor(Math.random() * 9_000);
    cli = spawn(process.execPath, [path.join(repoRoot, 'scripts/cluster.mjs'), '--name', name, '--fresh', '--workers', '2', '--apis', '2',
      '--port', String(apiPort), '--temporal-port', String(temporalPort)], {
      cwd: repoRoot, env: { ...process.env, GGZY_DEMO_PASSWORD: password, DATABASE_URL: process.env.GGZY_TEST_PG_URL }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    cli.stdout!.on('data', (d) => { output += d; });
    cli.stderr!.on('data', (d) => { output += d; });
    await until('the cluster ready', async () => {
      if (cli.exitCode !== null) throw new Error(`the cluster command exited (${cli.exitCode}):\n${output}`);
      return /press Ctrl-C to stop/.test(output);
    }, 360_000);
    state = JSON.parse(readFileSync(path.join(dataRoot, name, 'cluster.json'), 'utf8'));
  });

  afterAll(async () => {
    if (cli && cli.exitCode === null) cli.kill('SIGKILL');
    rmSync(path.join(dataRoot, name), { recursive: true, force: true });
    if (!state) return;
    const admin = new Client({ connectionString: process.env.GGZY_TEST_PG_URL });
    await admin.connect();
    for (const db of Object.values(state.databases)) await admin.query(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`);
    await admin.end();
  });

  test('a deal runs on the cluster, survives a worker killed mid-deal, and Ctrl-C stops every process', async () => {
    expect(state.urls).toHaveLength(2);
    expect(state.workers).toHaveLength(2);
    expect(output).toMatch(/Temporal Server 127\.0\.0\.1:\d+ \(PostgreSQL\)/);
    const [first, second] = state.urls as [string, string];
    // one login works on both apis (sessions live in the shared database)
    const staff = await loginAs(first, 'staff', password);
    const started = await call(second, 'POST', '/api/process-instances', {
      token: staff,
      body: { processKey: 'construction_open_tender', variables: { title: '集群测试工程', estimateFen: 200_000_000, tenderee: TENDEREE, agent: AGENT, sections: [{ name: '施工', estimateFen: 200_000_000 }] } },
    });
    expect(started.status).toBe(201);
    const path_ = `/api/process-instances/${encodeURIComponent(started.body.workflowId)}`;
    const openTask = (url: string, nodeId: string) => until(`task ${nodeId}`, async () => {
      const s = await call(url, 'GET', path_, { token: staff });
      return (s.body.openTasks as Array<{ nodeId: string; taskId: string }> | undefined)?.find((t) => t.nodeId === nodeId);
    }, 120_000);
    const review = await openTask(first, 'review');

    // a worker dies as a machine would; the other one carries the deal on
    process.kill(state.workers[0]!, 'SIGKILL');
    await until('the first worker gone', async () => !alive(state.workers[0]!));
    const now = Date.now();
    const openingAt = cstWorkday(now, 22, 9);
    const evaluationAt = cstWorkday(Date.parse(openingAt), 1, 9);
    const done = await call(second, 'POST', `${path_}/tasks/complete`, {
      token: staff,
      body: { taskId: review.taskId, data: {
        openingAt, openingEndsAt: openingAt.replace('T09:', 'T11:'), evaluationAt, evaluationEndsAt: evaluationAt.replace('T09:', 'T17:'),
        evaluationVenue: '东湖市公共资源交易中心评标区', documentsOnSaleUntil: cstWorkday(now, 7, 17), noticeBody: '现对该项目施工进行公开招标。',
        committeeSize: 5, specialties: [{ specialtyCode: 'A01', count: 5 }],
      } },
    });
    expect(done.status).toBe(200);
    await openTask(first, 'issueDocuments'); // the venue booked and the notice published by the surviving worker

    cli.kill('SIGINT');
    const exit = await new Promise<number | null>((resolve) => cli.once('exit', (code) => resolve(code)));
    expect(exit).toBe(0);
    expect(output).toMatch(/stopped/);
    for (const pid of [...state.workers.slice(1), ...state.apis]) expect(alive(pid)).toBe(false);
    expect(existsSync(path.join(dataRoot, name, 'cluster.json'))).toBe(false);
  });
});
