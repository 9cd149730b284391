// Starts one real Temporal dev server for the whole run and bundles the workflow code once.
import os from 'node:os';
import path from 'node:path';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { CityKey, DealCodeKey, ProcessKeyKey, StatusKey } from '@ggzy/workflows';
import { buildWorkflowBundle } from '@ggzy/worker';

const REQUIRED = ['GGZY_TEST_TEMPORAL_CLI', 'GGZY_TEST_TIME_SKIPPING_SERVER', 'GGZY_TEST_PG_URL'] as const;

const runIdOf = (dir: string): string => path.basename(dir).replace(/[^a-z0-9]/gi, '').toLowerCase();

export default async function globalSetup(): Promise<void> {
  const missing = REQUIRED.filter((name) => !process.env[name]);
  if (missing.length) {
    throw new Error(`the tests need real servers that "npm test" provisions (${missing.join(', ')} unset). Run the tests with: npm test [-- jest args]`);
  }
  const runDir = mkdtempSync(path.join(os.tmpdir(), 'ggzy-test-'));
  // while this process lives, the run is going: the next run's setup leaves its databases alone (scripts/lib/postgres.mjs)
  writeFileSync(path.join(runDir, 'runner.pid'), String(process.pid));
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: process.env.GGZY_TEST_TEMPORAL_CLI! },
      ip: '127.0.0.1',
      searchAttributes: [DealCodeKey, CityKey, ProcessKeyKey, StatusKey],
      log: { format: 'pretty', level: 'error' },
    },
  });
  (globalThis as { __ggzyTemporal?: TestWorkflowEnvironment }).__ggzyTemporal = env;
  process.env.GGZY_TEST_TEMPORAL_ADDRESS = env.address;
  process.env.GGZY_TEST_RUN_DIR = runDir;
  // the platform's own state (secrets generated on first use) goes to the run directory, never the developer's data/
  process.env.GGZY_DATA_DIR ??= path.join(runDir, 'data');
  process.env.GGZY_TEST_RUN_ID = runIdOf(runDir);
  process.env.GGZY_TEST_WORKFLOW_BUNDLE = await buildWorkflowBundle(path.join(runDir, 'workflow-bundle.js'));
}
