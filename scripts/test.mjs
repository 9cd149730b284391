#!/usr/bin/env node
// `npm test`: installs, builds, lints, provisions the real servers the tests use, then runs jest.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { ensureDependencies } from './lib/deps.mjs';
import { buildAll } from './lib/build.mjs';
import { repoRoot } from './lib/paths.mjs';
import { run } from './lib/exec.mjs';
import { runMain, step, SetupError } from './lib/report.mjs';
import { ensureTimeSkippingServer, resolveTemporal } from './lib/temporal.mjs';
import { dropStaleTestDatabases, ensurePostgres } from './lib/postgres.mjs';
import { ensureTemporalServer } from './lib/temporal-server.mjs';
import { ensureBrowser } from './lib/browser.mjs';
import { ensureCjkFont } from './lib/fonts.mjs';
import { ensureOpenssl } from './lib/openssl.mjs';
import { ensureSchemathesis } from './lib/schemathesis.mjs';

const bin = (name) => path.join(repoRoot, 'node_modules', '.bin', name);

runMain(async () => {
  const jestArgs = process.argv.slice(2);
  // GGZY_TEST_FAST=1 (a developer's shortcut while the workspace is mid-change): skip install, build and lint and go
  // straight to the servers and jest. CI never sets it.
  const fast = process.env.GGZY_TEST_FAST === '1';
  if (!fast) {
    await ensureDependencies();
    await buildAll();
    step('lint');
    await run(bin('eslint'), ['--max-warnings', '0', '.'], { cwd: repoRoot });
  }

  // The tests start their own dev servers, so they need a binary even when TEMPORAL_ADDRESS names a cluster.
  const { TEMPORAL_ADDRESS: _cluster, ...withoutCluster } = process.env;
  const temporal = await resolveTemporal({ binary: true });
  const timeSkipping = await ensureTimeSkippingServer();
  await ensureTemporalServer(); // the production server the cluster test runs (built once into .tools/)
  const pgUrl = await ensurePostgres();
  await dropStaleTestDatabases();
  const chromium = await ensureBrowser();
  await ensureCjkFont();
  await ensureOpenssl();
  const schemathesis = await ensureSchemathesis();

  const env = {
    ...withoutCluster,
    GGZY_TEST_TEMPORAL_CLI: temporal.path,
    GGZY_TEST_TIME_SKIPPING_SERVER: timeSkipping,
    GGZY_TEST_PG_URL: pgUrl,
    GGZY_TEST_CHROMIUM: chromium,
    GGZY_TEST_SCHEMATHESIS: schemathesis,
    NODE_OPTIONS: [process.env.NODE_OPTIONS, '--max-old-space-size=4096'].filter(Boolean).join(' '),
  };
  step('jest');
  const results = path.join(repoRoot, 'node_modules', '.ggzy-build', 'jest-results.json');
  rmSync(results, { force: true });
  const code = await new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(repoRoot, 'node_modules', 'jest', 'bin', 'jest.js'), '--json', `--outputFile=${results}`, ...jestArgs], {
      cwd: repoRoot, env, stdio: 'inherit',
    });
    child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0)));
  });
  if (existsSync(results)) {
    const summary = JSON.parse(readFileSync(results, 'utf8'));
    process.stdout.write(`${summary.numPassedTests} passed, ${summary.numFailedTests} failed, ${summary.numPendingTests} skipped\n`);
    if (summary.numTotalTests === 0) throw new SetupError('no test ran');
  }
  if (code !== 0) throw new SetupError(`tests failed (jest exit ${code})`);
});
