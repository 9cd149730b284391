#!/usr/bin/env node
// `npm run cluster -- --workers 2 --apis 2`: the production topology on one machine — Temporal Server on PostgreSQL,
// the platform's database on PostgreSQL, N workers and M apis with one shared set of secrets — until Ctrl-C.
import { writeFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ensureDependencies } from './lib/deps.mjs';
import { buildAll } from './lib/build.mjs';
import { SetupError, runMain, step } from './lib/report.mjs';
import { startCluster } from './lib/cluster.mjs';

function count(value, name, max) {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new SetupError(`--${name} must be a whole number from 1 to ${max}`);
  return n;
}

runMain(async () => {
  const { values } = parseArgs({
    options: {
      workers: { type: 'string', default: '2' }, apis: { type: 'string', default: '2' }, port: { type: 'string', default: '3100' },
      'temporal-port': { type: 'string', default: '7333' }, name: { type: 'string', default: 'cluster' }, fresh: { type: 'boolean', default: false },
    },
  });
  await ensureDependencies();
  await buildAll();
  const cluster = await startCluster({
    name: values.name, workers: count(values.workers, 'workers', 16), apis: count(values.apis, 'apis', 16),
    apiPort: count(values.port, 'port', 65000), temporalPort: count(values['temporal-port'], 'temporal-port', 65000), fresh: values.fresh,
  });
  step(`cluster "${cluster.name}" ready: Temporal Server ${cluster.temporalAddress}, ${cluster.workers.length} worker(s), ${cluster.apis.length} api(s)`);
  for (const url of cluster.urls) step(`api: ${url}/  (designer ${url}/designer/)`);
  step(`logs: ${cluster.logs}`);
  if (cluster.seeded?.generatedPassword) step(`demo password (shown once, stored only as a hash): ${cluster.seeded.generatedPassword}`);
  // what is running, for tools that act on the cluster (the fault campaign, its test): urls and process ids
  const stateFile = path.join(cluster.stateDir, 'cluster.json');
  writeFileSync(stateFile, JSON.stringify({
    urls: cluster.urls, temporalAddress: cluster.temporalAddress, databases: cluster.databases,
    workers: cluster.workers.map((w) => w.pid), apis: cluster.apis.map((a) => a.pid), logs: cluster.logs,
  }, null, 2));
  step('press Ctrl-C to stop');
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await cluster.stop();
    rmSync(stateFile, { force: true });
    step('stopped');
    process.exit(0);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => void stop());
  for (const [i, child] of [...cluster.workers, ...cluster.apis].entries()) {
    child.once('exit', (code, signal) => {
      if (!stopping) process.stderr.write(`[ggzy] process ${i + 1} of the cluster stopped (${signal ?? `exit ${code}`}); see ${cluster.logs}\n`);
    });
  }
});
