// 灾备 round trip: a cluster backed up while a deal waits on staff, the backup restored as a new cluster, and the deal
// carried on there — the same secrets, the same trail. A backup with one altered byte is refused before anything is
// written, and a restore never overwrites an existing cluster.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { openDatabase, migrateLatest, seedDemo } from '@ggzy/db';
import { call, loginAs } from '../support/platform';
import { dataRoot, removeCluster, runScript, startClusterCommand, type RunningCluster } from '../support/cluster';
import { openTaskOf, reviewData, startTender } from '../support/cluster-deals';

jest.setTimeout(600_000);


describe('backup and restore of a cluster', () => {
  const source = `b${randomBytes(4).toString('hex')}`;
  const target = `r${randomBytes(4).toString('hex')}`;
  const password = `Demo-${randomBytes(6).toString('hex')}`;
  const backups = mkdtempSync(path.join(os.tmpdir(), 'ggzy-backup-'));
  let first: RunningCluster | undefined;
  let second: RunningCluster | undefined;

  afterAll(async () => {
    await removeCluster(first, source);
    await removeCluster(second, target);
    rmSync(backups, { recursive: true, force: true });
  });

  test('backed up while running, restored as a new cluster, the deal continues there', async () => {
    first = await startClusterCommand(source, password, { fresh: true, workers: 1, apis: 1 });
    const url = first.state.urls[0]!;
    const staff = await loginAs(url, 'staff', password);
    const workflowId = await startTender(url, staff, '灾备演练工程');
    const review = await openTaskOf(url, staff, workflowId, 'review');
    const out = path.join(backups, 'full');
    const backup = await runScript('backup.mjs', ['--name', source, '--out', out]);
    expect({ code: backup.code, output: backup.output }).toMatchObject({ code: 0 });
    const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8'));
    expect(Object.keys(manifest.files).sort()).toEqual(['platform.dump', 'secrets.json', 'temporal.dump', 'visibility.dump']);
    const secrets = readFileSync(path.join(dataRoot, source, 'secrets.json'), 'utf8');
    expect(await first.stop()).toBe(0);

    // one altered byte: refused before anything is written
    const damaged = path.join(backups, 'damaged');
    cpSync(out, damaged, { recursive: true });
    const dump = readFileSync(path.join(damaged, 'platform.dump'));
    dump[dump.length - 10] ^= 0xff;
    writeFileSync(path.join(damaged, 'platform.dump'), dump);
    const refused = await runScript('restore.mjs', ['--from', damaged, '--name', target]);
    expect(refused.code).toBe(1);
    expect(refused.output).toMatch(/platform\.dump does not match its SHA-256/);
    expect(existsSync(path.join(dataRoot, target))).toBe(false);
    // never over an existing cluster
    const over = await runScript('restore.mjs', ['--from', out, '--name', source]);
    expect(over.code).toBe(1);
    expect(over.output).toMatch(/already exists/);

    const restored = await runScript('restore.mjs', ['--from', out, '--name', target]);
    expect({ code: restored.code, output: restored.output }).toMatchObject({ code: 0 });
    expect(readFileSync(path.join(dataRoot, target, 'secrets.json'), 'utf8')).toBe(secrets);
    second = await startClusterCommand(target, password, { workers: 1, apis: 1 });
    const url2 = second.state.urls[0]!;
    const staff2 = await loginAs(url2, 'staff', password);
    expect((await openTaskOf(url2, staff2, workflowId, 'review')).taskId).toBe(review.taskId);
    const done = await call(url2, 'POST', `/api/process-instances/${encodeURIComponent(workflowId)}/tasks/complete`, { token: staff2, body: { taskId: review.taskId, data: reviewData() } });
    expect(done.status).toBe(200);
    await openTaskOf(url2, staff2, workflowId, 'issueDocuments');
    const auditor = await loginAs(url2, 'auditor', password);
    const verdict = await call(url2, 'GET', '/api/supervision/trail/verify', { token: auditor });
    expect(verdict.body).toMatchObject({ ok: true });
    // the deal's timeline runs on from before the backup into the restored cluster
    const timeline = await call(url2, 'GET', `/api/process-instances/${encodeURIComponent(workflowId)}/timeline`, { token: auditor });
    const kinds = (timeline.body.items as Array<{ kind: string }>).map((e) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['process.started', 'deal.registered', 'task.completed']));
    expect(await second.stop()).toBe(0);
  });
});

describe('backup and restore of the embedded platform', () => {
  test('the SQLite database and the secret files, restored into an empty data directory only', async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'ggzy-embedded-'));
    const source = path.join(home, 'data');
    const knex = openDatabase({ client: 'sqlite', filename: path.join(source, 'ggzy.sqlite') });
    await migrateLatest(knex);
    await seedDemo(knex, 'Demo-embedded-1');
    await knex.destroy();
    writeFileSync(path.join(source, 'bid-key-secret'), `${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
    const out = path.join(home, 'backup');
    const sqliteEnv = { GGZY_DATA_DIR: source, DATABASE_URL: '' };
    const backup = await runScript('backup.mjs', ['--out', out], sqliteEnv);
    expect({ code: backup.code, output: backup.output }).toMatchObject({ code: 0 });
    const target = path.join(home, 'restored');
    const restored = await runScript('restore.mjs', ['--from', out], { GGZY_DATA_DIR: target, DATABASE_URL: '' });
    expect({ code: restored.code, output: restored.output }).toMatchObject({ code: 0 });
    expect(readFileSync(path.join(target, 'bid-key-secret'), 'utf8')).toBe(readFileSync(path.join(source, 'bid-key-secret'), 'utf8'));
    const copy = openDatabase({ client: 'sqlite', filename: path.join(target, 'ggzy.sqlite') });
    expect((await copy('users').select('username').orderBy('username')).map((u: { username: string }) => u.username)).toContain('staff2');
    await copy.destroy();
    const again = await runScript('restore.mjs', ['--from', out], { GGZY_DATA_DIR: target, DATABASE_URL: '' });
    expect(again.code).toBe(1);
    expect(again.output).toMatch(/already holds a platform database/);
    rmSync(home, { recursive: true, force: true });
  });
});
