#!/usr/bin/env node
// `npm run chaos -- --deals N [--keep]`: the fault campaign. Starts the production topology (Temporal Server on
// PostgreSQL, several workers and apis) on a throwaway PostgreSQL server of its own, deploys the money drill through
// the api as a designer does, drives N deals through the apis at once while killing a random worker with SIGKILL
// every few seconds, restarting PostgreSQL once and the Temporal server once; then checks that every deal completed,
// every journal entry balances, every deposit was refunded exactly once, the escrow accounts stand at zero, nothing
// was written twice and the supervision trail verifies. The last line is the result as JSON; exit 1 when a check fails.
import { rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ensureDependencies } from './lib/deps.mjs';
import { buildAll } from './lib/build.mjs';
import { repoRoot } from './lib/paths.mjs';
import { SetupError, runMain, step } from './lib/report.mjs';
import { startCluster } from './lib/cluster.mjs';
import { startPrivatePostgres } from './lib/private-postgres.mjs';
import { ApiClient } from './lib/chaos/api-client.mjs';
import { DRILL_KEY, DrillDeal } from './lib/chaos/deals.mjs';
import { startFaults } from './lib/chaos/faults.mjs';
import { checkPlatform } from './lib/chaos/checks.mjs';

const require = createRequire(path.join(repoRoot, 'package.json'));
const DRILL_DIRECTORY = path.join(repoRoot, 'scripts', 'chaos');

function count(value, name, min, max) {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new SetupError(`--${name} must be a whole number from ${min} to ${max}`);
  return n;
}

function options() {
  const { values } = parseArgs({
    options: {
      deals: { type: 'string', default: '40' }, keep: { type: 'boolean', default: false },
      workers: { type: 'string', default: '3' }, apis: { type: 'string', default: '2' },
      port: { type: 'string', default: '3300' }, 'temporal-port': { type: 'string', default: '7533' },
      'postgres-port': { type: 'string', default: '55432' }, name: { type: 'string', default: 'chaos' },
      'timeout-minutes': { type: 'string', default: '30' },
    },
  });
  const workers = count(values.workers, 'workers', 2, 16);
  return {
    deals: count(values.deals, 'deals', 1, 1000), keep: values.keep, workers, apis: count(values.apis, 'apis', 1, 16),
    apiPort: count(values.port, 'port', 1024, 65000), temporalPort: count(values['temporal-port'], 'temporal-port', 1024, 32000),
    postgresPort: count(values['postgres-port'], 'postgres-port', 1024, 65000), name: values.name,
    timeoutMs: count(values['timeout-minutes'], 'timeout-minutes', 1, 600) * 60_000,
  };
}

/**
 * The money drill deployed through the api by the demo designer (the provincial default, as designers deploy it) and
 * approved by the second demo designer (four eyes: a version starts deals only once another person approved it).
 */
async function deployDrill(api, reviewer) {
  const [procedure, ...others] = require('@ggzy/domain').loadReferenceProcedures(DRILL_DIRECTORY);
  if (!procedure || others.length) throw new SetupError(`expected exactly one procedure under ${path.relative(repoRoot, DRILL_DIRECTORY)}`);
  const res = await api.request('POST', '/api/process-definitions', { xml: procedure.xml, forms: procedure.forms });
  if (res.status !== 201 && res.status !== 200) throw new SetupError(`deploying ${procedure.file} was refused: ${res.status} ${JSON.stringify(res.body)}`);
  const { key, regionCode, version } = res.body.definition;
  if (res.body.status === 'pending') {
    const approved = await reviewer.request('POST', `/api/process-definitions/${encodeURIComponent(key)}/${regionCode}/${version}/approval`);
    if (approved.status !== 200) throw new SetupError(`approving ${procedure.file} v${version} was refused: ${approved.status} ${JSON.stringify(approved.body)}`);
  }
  step(`deployed ${DRILL_KEY} v${version} for ${regionCode} through the api (approved by designer2)`);
}

const masked = (url) => url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1@');

runMain(async () => {
  const opts = options();
  await ensureDependencies();
  await buildAll();
  const began = Date.now();
  const password = `Chaos-${randomBytes(9).toString('base64url')}`;
  process.env.GGZY_DEMO_PASSWORD = password;
  // checkpoints signed while the faults go on, so the verifier checks signatures made under them too
  process.env.GGZY_TRAIL_CHECKPOINT_MINUTES = '1';

  const postgres = await startPrivatePostgres({ port: opts.postgresPort });
  step(`private PostgreSQL on 127.0.0.1:${postgres.port} (${postgres.root})`);
  let cluster = null;
  let faults = null;
  let stopped = false;
  let keepFiles = opts.keep;
  const cleanUp = async () => {
    await faults?.stop();
    if (cluster && !stopped) {
      stopped = true;
      await cluster.stop();
    }
    if (!opts.keep) await postgres.remove();
    if (cluster && !keepFiles) rmSync(cluster.stateDir, { recursive: true, force: true });
  };
  // Ctrl-C stops the campaign's processes too (they run in process groups of their own)
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.once(signal, () => {
      step(`${signal}: stopping the campaign`);
      keepFiles = true;
      void cleanUp().finally(() => process.exit(130));
    });
  }
  try {
    cluster = await startCluster({
      name: opts.name, workers: opts.workers, apis: opts.apis, apiPort: opts.apiPort, temporalPort: opts.temporalPort, fresh: true, postgresUrl: postgres.url,
    });
    step(`cluster "${cluster.name}" ready in ${Math.round((Date.now() - began) / 1000)} s: ${cluster.workers.length} workers, apis ${cluster.urls.join(' ')}, logs ${cluster.logs}`);
    await deployDrill(new ApiClient(cluster.urls, { username: 'designer', password }), new ApiClient(cluster.urls, { username: 'designer2', password }));

    const api = new ApiClient(cluster.urls, { username: 'staff', password }, { patienceMs: opts.timeoutMs });
    const log = (message) => step(`[${((Date.now() - t0) / 1000).toFixed(1)} s] ${message}`);
    const t0 = Date.now();
    faults = startFaults(cluster, postgres, { log });
    // the server restarts happen with the deals under way: PostgreSQL at a quarter of the steps, Temporal past half
    const totalSteps = opts.deals * 4;
    let steps = 0;
    let postgresDone = false;
    let temporalDone = false;
    const restarts = [];
    const onProgress = () => {
      steps++;
      if (!postgresDone && steps >= totalSteps * 0.25) { postgresDone = true; restarts.push(faults.restartPostgres()); }
      if (!temporalDone && steps >= totalSteps * 0.55) { temporalDone = true; restarts.push(faults.restartTemporal()); }
      if (steps % Math.max(1, Math.round(totalSteps / 10)) === 0) log(`${steps}/${totalSteps} steps of the deals done`);
    };
    const runId = `c${randomBytes(3).toString('hex')}`;
    const deals = [];
    const claimed = new Set();
    for (let i = 0; i < opts.deals; i++) {
      deals.push(new DrillDeal(api, runId, i, { deadlineMs: opts.timeoutMs, onProgress, claimed }).run());
      await new Promise((r) => setTimeout(r, 100));
    }
    const finished = await Promise.all(deals);
    // a run too short to reach a threshold still gets its restarts, after the deals
    if (!postgresDone) restarts.push(faults.restartPostgres());
    if (!temporalDone) restarts.push(faults.restartTemporal());
    await Promise.all(restarts);
    await faults.stop();
    const seconds = Math.round((Date.now() - t0) / 1000);
    log(`deals ended; ${api.retries} request(s) retried across the faults`);
    for (const d of finished.filter((d) => d.error || d.lifecycle !== 'completed')) step(`deal ${d.ref} ${d.workflowId ?? '(not started)'}: ${d.error ?? d.lifecycle}`);

    await cluster.stop();
    stopped = true;
    const dealCodes = finished.map((d) => d.dealCode).filter(Boolean);
    const found = await checkPlatform(cluster.databaseUrl, cluster.env, dealCodes);
    const completed = finished.filter((d) => d.lifecycle === 'completed').length;
    const duplicated = Object.keys(found.duplicates);
    step(`deposits: ${found.deposits} in ${found.dealsWithDeposits} deals; completed in the database: ${found.completedInDatabase}; worker crashes: ${faults.counts.worker_crashes}`);
    if (found.strays.length) step(`deals of the drill the campaign did not know of: ${JSON.stringify(found.strays)}`);
    if (found.unbalanced.length) step(`unbalanced entries: ${JSON.stringify(found.unbalanced.slice(0, 10))}`);
    if (found.refunds.length) step(`deposits not refunded exactly once: ${JSON.stringify(found.refunds.slice(0, 10))}`);
    if (found.openBalances.length) step(`escrow/payable accounts not at zero: ${JSON.stringify(found.openBalances.slice(0, 10))}`);
    if (duplicated.length) step(`duplicate rows: ${JSON.stringify(found.duplicates)}`);
    step(`trail: ${JSON.stringify(found.trail.verdict)}${found.trail.stderr ? ` ${found.trail.stderr}` : ''}`);

    const ok = completed === opts.deals && found.completedInDatabase === opts.deals && found.strays.length === 0 && found.unbalanced.length === 0
      && found.refunds.length === 0 && found.openBalances.length === 0 && duplicated.length === 0 && found.trail.ok
      && faults.counts.postgres_restarts === 1 && faults.counts.temporal_restarts === 1;
    keepFiles = opts.keep || !ok;
    let databaseUrl = masked(cluster.databaseUrl);
    if (opts.keep) {
      const passfile = path.join(postgres.root, 'pgpass');
      const { password: pgPassword } = new URL(postgres.url);
      writeFileSync(passfile, `127.0.0.1:${postgres.port}:*:postgres:${decodeURIComponent(pgPassword)}\n`, { mode: 0o600 });
      step(`kept: PGPASSFILE=${passfile} psql ${databaseUrl}`);
      step(`stop it with: runuser -u postgres -- ${postgres.ctlCommand('stop')}; then rm -rf ${postgres.root} ${cluster.stateDir}`);
    } else {
      databaseUrl = `${databaseUrl} (removed)`;
    }
    if (!ok) step(`a check failed: logs kept in ${cluster.logs}`);
    process.stdout.write(`${JSON.stringify({
      deals: opts.deals, completed, worker_kills: faults.counts.worker_kills, postgres_restarts: faults.counts.postgres_restarts,
      temporal_restarts: faults.counts.temporal_restarts, unbalanced_entries: found.unbalanced.length, unrefunded_deposits: found.refunds.length,
      trail_ok: found.trail.ok, seconds, database_url: databaseUrl,
    })}\n`);
    process.exitCode = ok ? 0 : 1;
  } finally {
    await cleanUp();
  }
});

