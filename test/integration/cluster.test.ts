// The production topology on one machine, as `npm run cluster` starts it: Temporal Server 1.32.2 on PostgreSQL, the
// platform's database on PostgreSQL, two workers and two apis with one set of secrets. A deal started through one api
// is run by the workers; one worker is killed with SIGKILL and the other carries the deal on; Ctrl-C stops everything.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { call, loginAs } from '../support/platform';
import { alive, dataRoot, removeCluster, startClusterCommand, type RunningCluster } from '../support/cluster';
import { openTaskOf, reviewData, startTender } from '../support/cluster-deals';
import { until } from '../support/reference-harness';

jest.setTimeout(420_000);

describe('the cluster (Temporal Server on PostgreSQL, 2 workers, 2 apis)', () => {
  const name = `t${randomBytes(4).toString('hex')}`;
  const password = `Demo-${randomBytes(6).toString('hex')}`;
  let cluster: RunningCluster;

  beforeAll(async () => {
    cluster = await startClusterCommand(name, password, { fresh: true });
  });
  afterAll(async () => {
    await removeCluster(cluster, name);
  });

  test('a deal runs on the cluster, survives a worker killed mid-deal, and Ctrl-C stops every process', async () => {
    const { state } = cluster;
    expect(state.urls).toHaveLength(2);
    expect(state.workers).toHaveLength(2);
    expect(cluster.output()).toMatch(/Temporal Server 127\.0\.0\.1:\d+ \(PostgreSQL\)/);
    // one set of secrets for every process, held in the file the backups copy — none generated per process beside it
    const secrets = JSON.parse(readFileSync(path.join(dataRoot, name, 'secrets.json'), 'utf8')) as Record<string, string>;
    expect(Object.keys(secrets).sort()).toEqual(['GGZY_BID_KEY_SECRET', 'GGZY_GATEWAY_CALLBACK_SECRET', 'GGZY_PAYLOAD_KEYS', 'GGZY_SEAL_KEYS', 'GGZY_SECOND_FACTOR_KEYS', 'GGZY_TRAIL_SIGNING_KEY']);
    for (const file of ['bid-key-secret', 'trail-signing-key.pem', 'payload-keys', 'second-factor-keys', 'seal-keys']) expect(existsSync(path.join(dataRoot, name, file))).toBe(false);
    const [first, second] = state.urls as [string, string];
    // one login works on both apis (sessions live in the shared database)
    const staff = await loginAs(first, 'staff', password);
    const workflowId = await startTender(second, staff, '集群测试工程');
    const review = await openTaskOf(first, staff, workflowId, 'review');

    // a worker dies as a machine would; the other one carries the deal on
    process.kill(state.workers[0]!, 'SIGKILL');
    await until('the first worker gone', async () => !alive(state.workers[0]!));
    const done = await call(second, 'POST', `/api/process-instances/${encodeURIComponent(workflowId)}/tasks/complete`, { token: staff, body: { taskId: review.taskId, data: reviewData() } });
    expect(done.status).toBe(200);
    await openTaskOf(first, staff, workflowId, 'issueDocuments'); // the venue booked and the notice published by the surviving worker

    expect(await cluster.stop()).toBe(0);
    expect(cluster.output()).toMatch(/stopped/);
    for (const pid of [...state.workers.slice(1), ...state.apis]) expect(alive(pid)).toBe(false);
    expect(existsSync(path.join(dataRoot, name, 'cluster.json'))).toBe(false);
  });
});
