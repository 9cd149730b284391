// The supervision trail is tamper-evident: single-row edits, deletions and reorderings made directly in the database
// are found at their exact sequence number, on SQLite and on PostgreSQL; a clean trail verifies.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { isPostgres, migrateLatest, type Db } from '@ggzy/db';
import { startCheckpointJob } from '@ggzy/worker';
import { appendSupervisionEvent, deferSupervisionEvent, writeDeferredSupervisionEvents, checkpointIfGrown, createCheckpoint, loadTrailKey, verifyTrail, merkleRoot, leafHash, type TrailKey } from '@ggzy/domain';
import { DATABASES, createSeededDatabase, type TestDatabase } from '../support/databases';
import { runTask } from '../support/activities';

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

  test('deferred events are written in the order announced: before an event appended later, and again after a savepoint that took them back', async () => {
    await run(async (db) => {
      const event = (key: string, payload: Record<string, unknown>) => ({ idempotencyKey: key, dealCode: DEALS[0]!, regionCode: '990100', kind: 'task.completed', actor: 'system:test', payload });
      const payload = { step: 'a' };
      await db.transaction(async (trx) => {
        deferSupervisionEvent(trx, event('deferred-a', payload));
        payload.step = 'changed after it was announced';
        expect(await trx('supervision_events').where('idempotency_key', 'deferred-a').first()).toBeUndefined();
        // a step's own append comes after what it announced before it
        expect(await appendSupervisionEvent(trx, event('direct-b', { step: 'b' }))).toMatchObject({ seq: 14, created: true });
        deferSupervisionEvent(trx, event('deferred-c', { step: 'c' }));
        // an append inside a savepoint writes the announced event there; the savepoint is rolled back
        await expect(trx.transaction(async (savepoint) => {
          await appendSupervisionEvent(savepoint, event('direct-d', { step: 'd' }));
          throw new Error('rolled back');
        })).rejects.toThrow('rolled back');
        deferSupervisionEvent(trx, event('deferred-e', { step: 'e' }));
        await writeDeferredSupervisionEvents(trx);
      });
      const written = await db('supervision_events').where('seq', '>', 12).orderBy('seq').select('seq', 'idempotency_key', 'payload');
      expect(written.map((r: { idempotency_key: string }) => r.idempotency_key)).toEqual(['deferred-a', 'direct-b', 'deferred-c', 'deferred-e']);
      expect(written.map((r: { seq: unknown }) => Number(r.seq))).toEqual([13, 14, 15, 16]);
      expect(JSON.parse(written[0].payload)).toEqual({ step: 'a' });
      expect(await verifyTrail(db, null)).toMatchObject({ ok: true, size: 16 });
      // outside a transaction there is nothing to defer to
      expect(() => deferSupervisionEvent(db, event('nowhere', {}))).toThrow(/belongs to a transaction/);
    });
  });

  test('an activity writes its events last, after its own rows and its activity run: the trail\'s lock is taken just before the commit', async () => {
    await run(async (db) => {
      const statements: string[] = [];
      const onQuery = (q: { sql: string }) => statements.push(q.sql.replace(/\s+/g, ' ').trim());
      db.on('query', onQuery);
      try {
        await runTask(db, { type: 'alerts.raise', dealCode: DEALS[1]!, input: { ruleId: 'MANUAL_CHECK', legalBasis: '《招标投标法实施条例》', messageZh: '人工预警', messageEn: 'a manual alert' } });
      } finally {
        db.removeListener('query', onQuery);
      }
      const at = (pattern: RegExp) => statements.findIndex((sql) => pattern.test(sql));
      const run = at(/^insert into .?activity_runs/);
      const alert = at(/^insert into .?supervision_alerts/);
      const event = at(/insert into .?supervision_events/);
      expect(Math.min(run, alert, event)).toBeGreaterThanOrEqual(0);
      expect(alert).toBeLessThan(run);
      expect(run).toBeLessThan(event);
      if (isPostgres(db)) expect(at(/pg_advisory_xact_lock/)).toBeGreaterThan(run);
      // after the event, only the commit
      expect(statements.slice(event + 1).map((sql) => sql.toLowerCase())).toEqual(['commit;']);
      expect(await verifyTrail(db, null)).toMatchObject({ ok: true, size: 13 });
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
