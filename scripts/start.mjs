#!/usr/bin/env node
// `npm start`: everything from a fresh clone to a running platform, and a clean stop on Ctrl-C.
import path from 'node:path';
import { ensureDependencies } from './lib/deps.mjs';
import { buildAll } from './lib/build.mjs';
import { repoRoot, dataDir } from './lib/paths.mjs';
import { SetupError, runMain, step } from './lib/report.mjs';
import { resolveTemporal, startDevServer, tcpAnswers, splitAddress } from './lib/temporal.mjs';
import { prepareDatabase, startChild, stopChild, waitForHealth } from './lib/platform.mjs';
import { ensureCjkFont } from './lib/fonts.mjs';
import { demoPartnersEnv } from './lib/demo-partners.mjs';
import { makeSandboxDeals, sandboxDealsMade } from './lib/sandbox-deals.mjs';

function portFromEnv(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0 || value > 65535) throw new SetupError(`${name}=${raw} is not a TCP port`);
  return value;
}

async function ensurePortFree(port, name, host = '127.0.0.1') {
  if (await tcpAnswers(host, port, 500)) {
    throw new SetupError(`port ${port} is already in use (${name}).`, `Stop whatever listens on ${port}, or set ${name} to a free port.`);
  }
}

runMain(async () => {
  const started = Date.now();
  const apiPort = portFromEnv('PORT', 3000);
  const temporalPort = portFromEnv('TEMPORAL_PORT', 7233);
  const uiPort = portFromEnv('TEMPORAL_UI_PORT', 8233);
  const host = process.env.HOST || '127.0.0.1';
  const stateDir = dataDir();

  await ensureDependencies();
  await buildAll();
  await ensureCjkFont();
  await ensurePortFree(apiPort, 'PORT', host === '0.0.0.0' ? '127.0.0.1' : host);

  const production = process.env.NODE_ENV === 'production';
  // the demo bank and guarantee issuer, unless real ones are configured (never in production mode)
  const partners = production ? { env: {}, issuer: null } : await demoPartnersEnv(stateDir, process.env);
  const baseEnv = { ...process.env, ...partners.env, GGZY_DATA_DIR: stateDir, PORT: String(apiPort), HOST: host };
  const seeded = await prepareDatabase(baseEnv);

  const temporal = await resolveTemporal();
  let devServer = null;
  let temporalAddress;
  if (temporal.kind === 'address') {
    const { host: th, port: tp } = splitAddress(temporal.address);
    if (!(await tcpAnswers(th, tp, 3000))) {
      throw new SetupError(`cannot reach the Temporal cluster at TEMPORAL_ADDRESS=${temporal.address}.`, 'Check that it runs and is reachable, or unset TEMPORAL_ADDRESS to start the embedded dev server.');
    }
    temporalAddress = temporal.address;
  } else {
    devServer = await startDevServer({
      binary: temporal.path, dbFile: path.join(stateDir, 'temporal.db'), port: temporalPort, uiPort, logLevel: 'error',
    });
    temporalAddress = devServer.address;
    step(`Temporal dev server on ${temporalAddress} (state in ${path.relative(repoRoot, path.join(stateDir, 'temporal.db'))})`);
  }

  const env = { ...baseEnv, TEMPORAL_ADDRESS: temporalAddress };

  const children = {
    worker: startChild('worker', 'worker', env),
    api: startChild('api', 'api', env),
  };
  let stopping = false;
  const stopAll = async (code) => {
    if (stopping) return;
    stopping = true;
    step('stopping: api, worker, Temporal');
    await stopChild(children.api);
    await stopChild(children.worker);
    await partners.issuer?.close();
    if (devServer) await stopChild(devServer.child, 'SIGTERM', 10_000);
    step('stopped');
    process.exit(code);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => void stopAll(0));
  for (const [name, child] of Object.entries({ ...children, ...(devServer ? { 'Temporal dev server': devServer.child } : {}) })) {
    child.once('exit', (code, signal) => {
      if (stopping) return;
      process.stderr.write(`[ggzy] error: the ${name} stopped unexpectedly (${signal ?? `exit ${code}`}); stopping the rest\n`);
      void stopAll(1);
    });
  }

  const shownHost = host === '0.0.0.0' ? '127.0.0.1' : host;
  try {
    await waitForHealth(`http://${shownHost}:${apiPort}/healthz`, 120_000, children);
  } catch (err) {
    process.stderr.write(`[ggzy] error: ${err.message}\n`);
    await stopAll(1);
    return;
  }
  const base = `http://${shownHost}:${apiPort}`;
  step(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  step(`portal:        ${base}/`);
  step(`designer:      ${base}/designer/`);
  step(`api (OpenAPI): ${base}/api/openapi.json`);
  if (devServer?.uiUrl) step(`Temporal Web UI: ${devServer.uiUrl}`);
  else step(`Temporal: ${temporalAddress}`);
  if (seeded?.generatedPassword) {
    step(`demo users: designer, staff, supervisor, supervisor2, admin, secadmin, auditor (东湖市/省) and staff2 (西山市)`);
    step(`demo password (shown once, stored only as a hash): ${seeded.generatedPassword}`);
  } else if (seeded?.passwordUpdated) {
    step('demo users now use the password from GGZY_DEMO_PASSWORD');
  }
  if (seeded?.parties) {
    step(`parties sign in with a certificate key file (证书登录): ${path.relative(repoRoot, seeded.parties.keyDir) || seeded.parties.keyDir}/`);
    step('  SM2: bidder-dhjg-sm2.pem, bidder-sfzn-sm2.pem, agency-sfdl-sm2.pem; P-256: bidder-xslq-ecdsa.pem, tenderee-dhct-ecdsa.pem; refused: expired-*, revoked-*');
  }
  if (partners.issuer) step(`demo bank (${partners.bankId}) and guarantee issuer (${partners.issuer.url}); their keys: ${path.relative(repoRoot, partners.dir)}/`);
  step('training sandbox (演练区 990900): npm run demo:tender -- --until sealed|opened drives a tender there');
  step('press Ctrl-C to stop');
  // a fresh platform gets two sandbox tenders in flight, once: work for every demo user
  const password = seeded?.generatedPassword ?? process.env.GGZY_DEMO_PASSWORD;
  if (!production && password && !sandboxDealsMade(stateDir)) {
    step('sandbox: making two tenders in flight (one taking bids, one going to its evaluation) …');
    void makeSandboxDeals({ baseUrl: base, dataDir: stateDir, password, env });
  }
});
