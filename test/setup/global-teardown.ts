import { rmSync } from 'node:fs';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Client } from 'pg';

export default async function globalTeardown(): Promise<void> {
  const env = (globalThis as { __ggzyTemporal?: TestWorkflowEnvironment }).__ggzyTemporal;
  await env?.teardown();
  const runId = process.env.GGZY_TEST_RUN_ID;
  if (runId && process.env.GGZY_TEST_PG_URL) {
    const admin = new Client({ connectionString: process.env.GGZY_TEST_PG_URL });
    await admin.connect();
    const { rows } = await admin.query<{ datname: string }>('select datname from pg_database where datname like $1', [`ggzy_t_${runId}_%`]);
    for (const { datname } of rows) await admin.query(`drop database if exists "${datname}" with (force)`);
    await admin.end();
  }
  if (process.env.GGZY_TEST_RUN_DIR) rmSync(process.env.GGZY_TEST_RUN_DIR, { recursive: true, force: true });
}
