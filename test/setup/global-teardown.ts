import { rmSync } from 'node:fs';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Client } from 'pg';

/**
 * Drops a run's database. FORCE ends the sessions still open on it, but a non-superuser may not end an autovacuum
 * worker's (insufficient privilege, 42501): then the plain DROP, which asks autovacuum to stop by itself, retried a
 * few times. A database that still cannot go is reported, not fatal: the tests have already passed or failed.
 */
async function dropDatabase(admin: Client, name: string): Promise<void> {
  try {
    await admin.query(`drop database if exists "${name}" with (force)`);
    return;
  } catch (err) {
    if ((err as { code?: string }).code !== '42501') throw err;
  }
  for (let attempt = 1; ; attempt++) {
    try {
      await admin.query(`drop database if exists "${name}"`);
      return;
    } catch (err) {
      if (attempt >= 5) {
        process.stderr.write(`[ggzy] warning: could not drop the test database ${name}: ${(err as Error).message}\n`);
        return;
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

export default async function globalTeardown(): Promise<void> {
  const env = (globalThis as { __ggzyTemporal?: TestWorkflowEnvironment }).__ggzyTemporal;
  await env?.teardown();
  const runId = process.env.GGZY_TEST_RUN_ID;
  if (runId && process.env.GGZY_TEST_PG_URL) {
    const admin = new Client({ connectionString: process.env.GGZY_TEST_PG_URL });
    await admin.connect();
    const { rows } = await admin.query<{ datname: string }>('select datname from pg_database where datname like $1', [`ggzy_t_${runId}_%`]);
    for (const { datname } of rows) await dropDatabase(admin, datname);
    await admin.end();
  }
  if (process.env.GGZY_TEST_RUN_DIR) rmSync(process.env.GGZY_TEST_RUN_DIR, { recursive: true, force: true });
}
