// The database roles on PostgreSQL (SQLite has none): a migration role that owns the schema, and the runtime role
// the api and workers connect as, which writes the business tables but only appends to the trail — its DELETE,
// UPDATE and TRUNCATE on the trail are refused, and it can neither drop nor disable the append-only triggers.
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { grantRuntimeRole, migrateLatest, openDatabase, seedDemo, type Db } from '@ggzy/db';
import { appendSupervisionEvent } from '@ggzy/domain';

const suffix = `${process.env.GGZY_TEST_RUN_ID ?? 'x'}_${randomBytes(3).toString('hex')}`.toLowerCase().replace(/[^a-z0-9_]/g, '_');
const OWNER = `ggzy_owner_${suffix}`;
const RUNTIME = `ggzy_runtime_${suffix}`;
const DATABASE = `ggzy_roles_${suffix}`;
const password = randomBytes(12).toString('hex');

function urlAs(role: string, database: string): string {
  const url = new URL(process.env.GGZY_TEST_PG_URL!);
  url.username = role;
  url.password = password;
  url.pathname = `/${database}`;
  return url.toString();
}

async function asClient<T>(url: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * How a statement was refused: SQLSTATE 42501 with PostgreSQL's own "permission denied" / "must be owner" (the role's
 * rights), or the append-only trigger's message; undefined when it went through.
 */
async function refusal(db: Db, sql: string): Promise<string | undefined> {
  try {
    await db.raw(sql);
  } catch (err) {
    const { code, message } = err as { code?: string; message: string };
    if (/permission denied|must be owner/.test(message)) return `${code} rights`;
    if (/append-only/.test(message)) return `${code} trigger`;
    return `${code} ${message}`;
  }
  return undefined;
}

describe('database roles on PostgreSQL', () => {
  let owner: Db;
  let runtime: Db;
  beforeAll(async () => {
    await asClient(process.env.GGZY_TEST_PG_URL!, async (admin) => {
      await admin.query(`CREATE ROLE ${OWNER} LOGIN CREATEDB PASSWORD '${password}'`);
      await admin.query(`CREATE ROLE ${RUNTIME} LOGIN PASSWORD '${password}'`);
    });
    // the migration role creates (and so owns) the database and its schema
    await asClient(urlAs(OWNER, 'postgres'), (c) => c.query(`CREATE DATABASE ${DATABASE}`));
    owner = openDatabase({ client: 'postgres', connectionString: urlAs(OWNER, DATABASE) }, { pool: { min: 0, max: 2 } });
    await migrateLatest(owner);
    await seedDemo(owner, 'demo-Passw0rd-for-tests');
    await grantRuntimeRole(owner, RUNTIME);
    runtime = openDatabase({ client: 'postgres', connectionString: urlAs(RUNTIME, DATABASE) }, { pool: { min: 0, max: 2 } });
  });
  afterAll(async () => {
    await runtime?.destroy();
    await owner?.destroy();
    await asClient(urlAs(OWNER, 'postgres'), (c) => c.query(`DROP DATABASE IF EXISTS ${DATABASE}`));
    await asClient(process.env.GGZY_TEST_PG_URL!, async (admin) => {
      await admin.query(`DROP ROLE IF EXISTS ${RUNTIME}`);
      await admin.query(`DROP ROLE IF EXISTS ${OWNER}`);
    });
  });

  test('the runtime role appends to the trail and writes business tables, but may not delete, change or unprotect the trail', async () => {
    // given an event the runtime role appended
    const { seq } = await runtime.transaction((trx) => appendSupervisionEvent(trx, {
      idempotencyKey: 'roles:1', dealCode: null, regionCode: '990100', kind: 'roles.checked', actor: 'test', payload: { ok: true },
    }));
    expect(seq).toBeGreaterThan(0);
    // it writes the business tables as the platform does
    await runtime('expert_draw_policies').insert({ scope: '990100', max_draws: 3, window_days: 30 });
    expect(await runtime('expert_draw_policies').where('scope', '990100').update({ max_draws: 4 })).toBe(1);
    expect(await runtime('expert_draw_policies').where('scope', '990100').delete()).toBe(1);
    // when it tries to remove or rewrite the trail, or take its protection away, PostgreSQL refuses
    for (const table of ['supervision_events', 'supervision_checkpoints', 'supervision_checkpoint_witnesses']) {
      expect(await refusal(runtime, `DELETE FROM ${table}`)).toBe('42501 rights');
      expect(await refusal(runtime, `TRUNCATE ${table}`)).toBe('42501 rights');
    }
    expect(await refusal(runtime, `UPDATE supervision_events SET kind = 'x' WHERE seq = ${seq}`)).toBe('42501 rights');
    expect(await refusal(runtime, 'DROP TRIGGER supervision_events_no_update_delete ON supervision_events')).toBe('42501 rights');
    expect(await refusal(runtime, 'ALTER TABLE supervision_events DISABLE TRIGGER USER')).toBe('42501 rights');
    expect(await refusal(runtime, 'DROP TABLE supervision_events')).toBe('42501 rights');
    expect(await refusal(runtime, 'CREATE TABLE shadow (id int)')).toBe('42501 rights');
    // then the event is still there, unchanged
    expect(await runtime('supervision_events').where('seq', seq).first()).toMatchObject({ kind: 'roles.checked' });
    // the owner (the migration role) is the one who could: the triggers are its own
    expect(await refusal(owner, `DELETE FROM supervision_events WHERE seq = ${seq}`)).toBe('42501 trigger'); // its own trigger still refuses it
  });

  test('the runtime role must be another role than the owner, with a plain name', async () => {
    await expect(grantRuntimeRole(owner, OWNER)).rejects.toThrow('must not be the role that owns the schema');
    await expect(grantRuntimeRole(owner, 'x; drop table deals')).rejects.toThrow('lower-case letters');
  });
});
