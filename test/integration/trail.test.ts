// The supervision trail is tamper-evident: single-row edits, deletions and reorderings made directly in the database
// are found at their exact sequence number, on SQLite and on PostgreSQL; a clean trail verifies.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { isPostgres, migrateLatest, type Db } from '@ggzy/db';
import { startCheckpointJob } from '@ggzy/worker';
import { appendSupervisionEvent, checkpointIfGrown, createCheckpoint, loadTrailKey, verifyTrail, merkleRoot, leafHash, type TrailKey } from '@ggzy/domain';
import { DATABASES, createSeededDatabase, type TestDatabase } from '../support/databases';

const repoRoot = path.resolve(__dirname, '..', '..');
const DEALS = ['E9901000001', 'E9901000002', 'E9901000003'];

async function fill(db: Db, n = 12): Promise<void> {
  for (let i = 1; i <= n; i++) {
    await db.transaction((trx) => appendSupervisionEvent(trx, {
      idempotencyKey: `wf-${i}:step`, dealCode: i % 4 === 0 ? null : DEALS[i % 3]!, regionCode: '990100',
      kind: i % 2 ? 'task.completed' : 'notice.published', actor: 'staff', payload: { step: i, 金额: i * 1000 },
    }));
  }
}

/** What an administrator with database access could do: take the append-only trigger away first. */
async function tamper(db: Db, sql: (db: Db) => Promise<unknown>): Promise<void> {
  if (isPostgres(db)) {
    await db.raw('ALTER TABLE supervision_events DISABLE TRIGGER USER');
    await sql(db);
    await db.raw('ALTER TABLE supervision_events ENABLE TRIGGER USER');
  } else {
    await db.raw('DROP TRIGGER supervision_events_no_update');
    await db.raw('DROP TRIGGER supervision_events_no_delete');
    await sql(db);
  }
}

describe.each(DATABASES)('supervision trail on %s', (_name, create) => {
  let key: TrailKey;
  const fresh = async (): Promise<TestDatabase> => {
    const database = await createSeededDatabase(create);
    await migrateLatest(database.db);
    await fill(database.db);
    return database;
  };
  const opened: TestDatabase[] = [];
  beforeAll(() => {
    key = loadTrailKey(path.join(process.env.GGZY_TEST_RUN_DIR!, 'trail-key'))!;
  });
  afterAll(async () => {
    for (const d of opened) await d.close();
  });
  const run = async (fn: (db: Db) => Promise<void>) => {
    const database = await fresh();
    opened.push(database);
    await fn(database.db);
    return database.db;
  };

  test('the periodic job signs a checkpoint only when the trail grew, and the verifier accepts it', async () => {
    await run(async (db) => {
      const first = await checkpointIfGrown(db, key);
      expect(first).toMatchObject({ size: 12 });
      expect(await checkpointIfGrown(db, key)).toBeNull();
      await appendSupervisionEvent(db, { idempotencyKey: 'wf-13:step', dealCode: DEALS[0]!, regionCode: '990100', kind: 'k', actor: 'a', payload: {} });
      const signed: Array<{ size: number }> = [];
      const job = startCheckpointJob(db, key, { intervalMs: 20, onCheckpoint: (cp) => signed.push(cp) });
      for (let i = 0; i < 1000 && signed.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
      await job.stop();
      expect(signed).toEqual([expect.objectContaining({ size: 13 })]);
      expect(Number((await db('supervision_checkpoints').count('* as n').first())!.n)).toBe(2);
      expect(await verifyTrail(db, key)).toMatchObject({ ok: true, size: 13 });
    });
  });

  test('a clean trail verifies, with the RFC 6962 root of its leaves; appends are idempotent', async () => {
    await run(async (db) => {
      const again = await appendSupervisionEvent(db, { idempotencyKey: 'wf-3:step', dealCode: DEALS[0]!, regionCode: '990100', kind: 'task.completed', actor: 'staff', payload: { step: 3 } });
      expect(again).toMatchObject({ seq: 3, created: false });
      // the same key for another deal's event is two executions sharing keys: refused, not silently skipped
      await expect(appendSupervisionEvent(db, { idempotencyKey: 'wf-3:step', dealCode: 'x', regionCode: '990100', kind: 'k', actor: 'a', payload: {} }))
        .rejects.toThrow(/trail key wf-3:step already records task.completed on E9901000001/);
      const checkpoint = await createCheckpoint(db, key);
      const verdict = await verifyTrail(db, key);
      expect(verdict).toEqual({ ok: true, size: 12, root: checkpoint.root });
      const leaves = (await db('supervision_events').orderBy('seq')).map((r: { leaf_hash: string }) => Buffer.from(r.leaf_hash, 'hex'));
      expect(merkleRoot(leaves).toString('hex')).toBe(checkpoint.root);
      expect(merkleRoot([leafHash('a')]).equals(leafHash('a'))).toBe(true);
    });
  });

  test('appends made outside a transaction, at the same time, still get one sequence number each', async () => {
    await run(async (db) => {
      const appended = await Promise.all(Array.from({ length: 16 }, (_, i) => appendSupervisionEvent(db, {
        idempotencyKey: `parallel-${i}`, dealCode: null, regionCode: '990100', kind: 'definition.migration', actor: 'designer', payload: { i },
      })));
      expect(appended.map((a) => a.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 16 }, (_, i) => 13 + i));
      expect(await verifyTrail(db, null)).toMatchObject({ ok: true, size: 28 });
    });
  });

  test('the table refuses UPDATE and DELETE', async () => {
    await run(async (db) => {
      const triggers = isPostgres(db)
        ? (await db.raw("select tgname as name from pg_trigger where tgrelid = 'supervision_events'::regclass and not tgisinternal")).rows
        : await db.raw("select name from sqlite_master where type = 'trigger' and tbl_name = 'supervision_events'");
      const before = await db('supervision_events').where('seq', 2).first();
      expect({ row: Boolean(before), triggers: (triggers as Array<{ name: string }>).map((t) => t.name).sort() }).toEqual({
        row: true,
        triggers: isPostgres(db) ? ['supervision_events_no_update_delete'] : ['supervision_events_no_delete', 'supervision_events_no_update'],
      });
      const refusal = async (attempt: Promise<unknown>) => attempt.then(() => 'not refused', (err: Error) => err.message);
      expect(await refusal(db('supervision_events').where('seq', 2).update({ actor: 'someone else' }).then((n) => n))).toMatch(/append-only/);
      expect(await refusal(db('supervision_events').where('seq', 2).delete().then((n) => n))).toMatch(/append-only/);
      expect(await db('supervision_events').where('seq', 2).first()).toEqual(before);
      expect((await verifyTrail(db, key)).ok).toBe(true);
    });
  });

  test.each([
    ['an edited payload', 5, (db: Db) => db('supervision_events').where('seq', 5).update({ payload: '{"step":5,"金额":1}' })],
    ['an edited actor', 7, (db: Db) => db('supervision_events').where('seq', 7).update({ actor: 'admin' })],
    ['a deleted event', 6, (db: Db) => db('supervision_events').where('seq', 6).delete()],
    ['two events swapped (reordered)', 3, async (db: Db) => {
      await db('supervision_events').where('seq', 3).update({ seq: 1000 });
      await db('supervision_events').where('seq', 9).update({ seq: 3 });
      await db('supervision_events').where('seq', 1000).update({ seq: 9 });
    }],
    ['an event moved to the end (renumbered)', 4, (db: Db) => db('supervision_events').where('seq', 4).update({ seq: 13 })],
    ['an edited event with forged hashes', 5, (db: Db) => db('supervision_events').where('seq', 5).update({ actor: 'x', chain_hash: 'f'.repeat(64), leaf_hash: 'f'.repeat(64) })],
  ])('%s is found at its sequence number', async (_what, badSeq, edit) => {
    await run(async (db) => {
      await tamper(db, edit as (db: Db) => Promise<unknown>);
      const verdict = await verifyTrail(db, key);
      expect(verdict).toMatchObject({ ok: false, first_bad_seq: badSeq });
    });
  });

  test('deleting the newest events is found by the signed checkpoint', async () => {
    await run(async (db) => {
      await createCheckpoint(db, key);
      await tamper(db, (d) => d('supervision_events').where('seq', '>=', 11).delete());
      expect(await verifyTrail(db, key)).toMatchObject({ ok: false, first_bad_seq: 11 });
      expect(await verifyTrail(db, null)).toMatchObject({ ok: false, first_bad_seq: 1 }); // no key: the checkpoint cannot be trusted
    });
  });

  test('npx ggzy trail verify reads the configured database: exit 0 when clean, 1 with the sequence number when not', async () => {
    const database = await fresh();
    opened.push(database);
    const env = {
      ...process.env,
      DATABASE_URL: database.config.client === 'sqlite' ? `sqlite:${database.config.filename}` : database.config.connectionString,
      GGZY_TRAIL_SIGNING_KEY: key.privateKey!.export({ type: 'pkcs8', format: 'pem' }).toString(),
    };
    const verify = () => spawnSync('npx', ['--no-install', 'ggzy', 'trail', 'verify'], { cwd: repoRoot, env, encoding: 'utf8' });
    const clean = verify();
    expect(clean.status).toBe(0);
    expect(JSON.parse(clean.stdout)).toMatchObject({ ok: true, size: 12, root: expect.stringMatching(/^[0-9a-f]{64}$/) });
    await tamper(database.db, (d) => d('supervision_events').where('seq', 10).update({ kind: 'task.cancelled' }));
    const bad = verify();
    expect(bad.status).toBe(1);
    expect(JSON.parse(bad.stdout)).toMatchObject({ ok: false, first_bad_seq: 10, reason: expect.any(String) });
  });
});
