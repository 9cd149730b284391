// The external checkpoint witness on SQLite and PostgreSQL: every checkpoint is appended to a file (JSON lines) or
// POSTed to a real local HTTP server; deleting the newest events together with their checkpoint — which the
// database alone cannot see — is found by comparing with the witness (in code and through `npx ggzy trail verify`);
// an unreachable witness loses no checkpoint: it is sent again at the next pass, and the gap is reported meanwhile.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { isPostgres, type Db } from '@ggzy/db';
import { startCheckpointJob } from '@ggzy/worker';
import {
  appendSupervisionEvent, checkpointIfGrown, compareWithWitness, fileWitness, httpWitness, loadTrailKey, verifyTrail, witnessCheckpoints,
  witnessFromEnv, type TrailKey, type WitnessPass,
} from '@ggzy/domain';
import { DATABASES, createSeededDatabase, type TestDatabase } from '../support/databases';

const repoRoot = path.resolve(__dirname, '..', '..');
let counter = 0;

async function append(db: Db, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    counter++;
    await db.transaction((trx) => appendSupervisionEvent(trx, {
      idempotencyKey: `witness-${counter}`, dealCode: 'E9901000009', regionCode: '990100', kind: 'task.completed', actor: 'staff', payload: { step: counter },
    }));
  }
}

/** What someone with the database's owner rights could do: take the append-only triggers away, delete the newest events and the checkpoint that covered them. */
async function deleteNewest(db: Db, fromSeq: number): Promise<void> {
  if (isPostgres(db)) {
    await db.raw('ALTER TABLE supervision_events DISABLE TRIGGER USER');
    await db.raw('ALTER TABLE supervision_checkpoints DISABLE TRIGGER USER');
  } else {
    for (const t of ['supervision_events', 'supervision_checkpoints']) for (const op of ['update', 'delete']) await db.raw(`DROP TRIGGER IF EXISTS ${t}_no_${op}`);
  }
  const covering = await db('supervision_checkpoints').where('size', '>=', fromSeq).pluck('id');
  await db('supervision_checkpoint_witnesses').whereIn('checkpoint_id', covering).delete();
  await db('supervision_checkpoints').whereIn('id', covering).delete();
  await db('supervision_events').where('seq', '>=', fromSeq).delete();
}

/** A witness over HTTP: keeps what is POSTed, answers it to a GET as JSON lines; `failing` answers 503 to POSTs. */
async function httpWitnessServer() {
  const kept: unknown[] = [];
  const state = { failing: false, authorization: [] as Array<string | undefined> };
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => { raw += c; });
    req.on('end', () => {
      state.authorization.push(req.headers.authorization);
      if (req.method === 'POST') {
        if (state.failing) { res.statusCode = 503; res.end('down'); return; }
        kept.push(JSON.parse(raw));
        res.statusCode = 201;
        res.end('{}');
        return;
      }
      res.setHeader('content-type', 'application/x-ndjson');
      res.end(kept.map((e) => JSON.stringify(e)).join('\n'));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/witness`, kept, state, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe.each(DATABASES)('the external checkpoint witness on %s', (_name, create) => {
  let key: TrailKey;
  let database: TestDatabase;
  let db: Db;
  beforeAll(() => {
    key = loadTrailKey(path.join(process.env.GGZY_TEST_RUN_DIR!, 'trail-key'))!;
  });
  beforeEach(async () => {
    database = await createSeededDatabase(create);
    db = database.db;
  });
  afterEach(async () => {
    await database.close();
  });

  test('a witness file gets every checkpoint as a synced JSON line; deleting the newest events with their checkpoint is found', async () => {
    const file = path.join(process.env.GGZY_TEST_RUN_DIR!, `witness-${database.kind}-${Date.now()}.jsonl`);
    const witness = witnessFromEnv({ GGZY_TRAIL_WITNESS: file })!;
    expect(witness.description).toBe(path.resolve(file));
    const base = Number((await db('supervision_events').count({ n: '*' }).first())!.n);
    await append(db, 6);
    await checkpointIfGrown(db, key);
    expect(await witnessCheckpoints(db, witness)).toEqual({ sent: 1, pending: [], error: null });
    await append(db, 4);
    await checkpointIfGrown(db, key);
    expect(await witnessCheckpoints(db, witness)).toEqual({ sent: 1, pending: [], error: null });
    expect(await witnessCheckpoints(db, witness)).toEqual({ sent: 0, pending: [], error: null });
    const lines = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.size)).toEqual([base + 6, base + 10]);
    expect(lines[1]).toMatchObject({ v: 1, keyId: key.keyId, root: expect.stringMatching(/^[0-9a-f]{64}$/), signature: expect.any(String) });
    expect(await compareWithWitness(db, key, witness)).toEqual({ ok: true, witnessed: 2, problems: [], notWitnessed: [] });

    await deleteNewest(db, base + 7);
    // the database alone still looks intact: its remaining checkpoint covers what remains
    expect(await verifyTrail(db, key)).toMatchObject({ ok: true, size: base + 6 });
    const compared = await compareWithWitness(db, key, witness);
    expect(compared.ok).toBe(false);
    expect(compared.problems).toEqual([`the witness holds a checkpoint of ${base + 10} events but the database has ${base + 6}: events ${base + 7}–${base + 10} were deleted, with their checkpoint`]);

    // the auditor's command compares with the witness GGZY_TRAIL_WITNESS names (or --witness)
    const env = {
      ...process.env,
      DATABASE_URL: database.config.client === 'sqlite' ? `sqlite:${database.config.filename}` : database.config.connectionString,
      GGZY_TRAIL_SIGNING_KEY: key.privateKey!.export({ type: 'pkcs8', format: 'pem' }).toString(),
    };
    const cli = (args: string[], extra: Record<string, string> = {}) => spawnSync('npx', ['--no-install', 'ggzy', 'trail', 'verify', ...args], { cwd: repoRoot, env: { ...env, ...extra }, encoding: 'utf8' });
    const byEnv = cli([], { GGZY_TRAIL_WITNESS: file });
    expect(byEnv.status).toBe(1);
    expect(JSON.parse(byEnv.stdout)).toMatchObject({ ok: false, witness: { at: path.resolve(file), ok: false, problems: compared.problems } });
    const byFlag = cli(['--witness', file]);
    expect(byFlag.status).toBe(1);
    const alone = cli([]);
    expect(alone.status).toBe(0); // without the witness the deletion is invisible — which is why it exists
  });

  test('an HTTP witness gets each checkpoint as a POST; while it is down nothing is lost and the gap is reported', async () => {
    const server = await httpWitnessServer();
    try {
      const witness = httpWitness(server.url, 'witness-token');
      await append(db, 5);
      const first = await checkpointIfGrown(db, key);
      server.state.failing = true;
      const down = await witnessCheckpoints(db, witness);
      expect(down).toEqual({ sent: 0, pending: [first!.size], error: expect.stringContaining('503') });
      expect(await compareWithWitness(db, key, witness)).toEqual({ ok: true, witnessed: 0, problems: [], notWitnessed: [first!.size] });
      // the worker's job: a checkpoint of the grown trail, still not witnessed, reported as the gap
      await append(db, 3);
      const gaps: WitnessPass[] = [];
      const job = startCheckpointJob(db, key, { intervalMs: 50, witness, onWitnessGap: (pass) => gaps.push(pass) });
      const deadline = Date.now() + 10_000;
      while (gaps.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      await job.stop();
      expect(gaps[0]).toMatchObject({ sent: 0, pending: [first!.size, first!.size + 3] });
      expect(server.kept).toEqual([]);

      server.state.failing = false;
      expect(await witnessCheckpoints(db, witness)).toEqual({ sent: 2, pending: [], error: null });
      expect(server.kept.map((e) => (e as { size: number }).size)).toEqual([first!.size, first!.size + 3]);
      expect(server.state.authorization.every((a) => a === 'Bearer witness-token')).toBe(true);
      expect(await compareWithWitness(db, key, witness)).toEqual({ ok: true, witnessed: 2, problems: [], notWitnessed: [] });

      await deleteNewest(db, first!.size + 1);
      expect(await verifyTrail(db, key)).toMatchObject({ ok: true });
      expect(await compareWithWitness(db, key, witness)).toMatchObject({ ok: false, problems: [expect.stringContaining('were deleted, with their checkpoint')] });
    } finally {
      await server.close();
    }
  });

  test('a witnessed checkpoint must be signed by the trail key, and the events must still add up to it', async () => {
    const file = path.join(process.env.GGZY_TEST_RUN_DIR!, `witness-forged-${database.kind}-${Date.now()}.jsonl`);
    const witness = fileWitness(file);
    await append(db, 4);
    const cp = await checkpointIfGrown(db, key);
    await witnessCheckpoints(db, witness);
    await witness.append({ v: 1, size: cp!.size, root: cp!.root, signature: Buffer.alloc(64).toString('base64'), keyId: key.keyId, createdAt: new Date().toISOString() });
    expect((await compareWithWitness(db, key, witness)).problems).toEqual([`the witnessed checkpoint {size ${cp!.size}} does not carry a valid signature of the trail key`]);
    expect(() => witnessFromEnv({ GGZY_TRAIL_WITNESS: 'ftp://example.org/x' })).toThrow('GGZY_TRAIL_WITNESS');
  });
});
