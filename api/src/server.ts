// The api process: migrates, optionally seeds the demo province, and serves the api and the two web apps.
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import { guaranteeIssuersFromEnv, loadTrustStore, objectStoreFromEnv, type GuaranteeIssuers, type TrustStore } from '@ggzy/domain';
import { databaseAnswers, describeDatabase, loadKeyRing, loadPayloadKeys, loadRuntimeConfig, migrateLatest, openDatabase, seedDemo, type PayloadKeyRing } from '@ggzy/db';
import { createApp } from './app';
import { ocdsPrefix } from './services/ocds';
import { TemporalGateway } from './temporal';
import { RateLimiter } from './auth/rate-limit';
import { accountPolicyFromEnv, type AccountPolicy } from './auth/account-policy';
import { SECOND_FACTOR_KEYS_FILE, SECOND_FACTOR_KEYS_VARIABLE } from './auth/second-factor';
import { gatewaySecretFromEnv } from './auth/gateway-signature';
import { bankKeysFromEnv, type BankKeys } from './auth/bank-signature';

function fail(message: string): never {
  process.stderr.write(`[api] error: ${message}\n`);
  process.exit(1);
}

/** GGZY_MAX_UPLOAD_MB (default 500): the largest file an upload may announce. */
function uploadLimitFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.GGZY_MAX_UPLOAD_MB;
  const mb = raw === undefined || raw === '' ? 500 : Number(raw);
  if (!Number.isInteger(mb) || mb < 1 || mb > 100_000) throw new Error(`GGZY_MAX_UPLOAD_MB=${raw} must be a whole number of megabytes from 1 to 100000`);
  return mb * 1024 * 1024;
}

function listen(app: ReturnType<typeof createApp>, host: string, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host);
    server.once('listening', () => resolve(server));
    server.once('error', reject);
  });
}

async function main(): Promise<void> {
  let config;
  let gatewaySecret: string | null;
  let payloadKeys: PayloadKeyRing;
  let bankKeys: BankKeys;
  let guaranteeIssuers: GuaranteeIssuers;
  try {
    config = loadRuntimeConfig();
    gatewaySecret = gatewaySecretFromEnv();
    payloadKeys = loadPayloadKeys(config.dataDir); // the workers' keys: what the api hands Temporal is sealed
    bankKeys = bankKeysFromEnv();
    guaranteeIssuers = guaranteeIssuersFromEnv();
    ocdsPrefix(); // refused at start rather than at the first OCDS request
  } catch (err) {
    fail((err as Error).message);
  }
  const db = openDatabase(config.database);
  if (!(await databaseAnswers(db, 5000))) fail(`cannot reach the database (${describeDatabase(config.database)}); check DATABASE_URL`);
  await migrateLatest(db);
  if (process.env.GGZY_SEED_DEMO === '1') {
    const seeded = await seedDemo(db, process.env.GGZY_DEMO_PASSWORD || undefined);
    if (seeded.generatedPassword) {
      process.stdout.write(`[api] demo users created (designer, staff, supervisor, supervisor2, admin, secadmin, auditor, staff2); password: ${seeded.generatedPassword}\n`);
      process.stdout.write('[api] this password is shown once and stored only as a hash; set GGZY_DEMO_PASSWORD to choose another.\n');
    } else if (seeded.passwordUpdated) {
      process.stdout.write('[api] demo users now use the password from GGZY_DEMO_PASSWORD\n');
    }
  }
  let trustStore: TrustStore;
  try {
    if (config.pki.configured && !existsSync(config.pki.trustStore)) throw new Error(`GGZY_TRUST_STORE=${config.pki.trustStore} does not exist`);
    trustStore = loadTrustStore(config.pki.trustStore, { warn: (message) => process.stderr.write(`[api] warning: ${message}\n`) });
  } catch (err) {
    fail(`certificate sign-in: ${(err as Error).message}`);
  }
  const cas = trustStore.cas();
  process.stdout.write(`[api] certificate sign-in trusts ${cas.length} CA(s)${cas.length ? `: ${cas.map((c) => c.id).join(', ')}` : ''} (${config.pki.trustStore})\n`);
  let temporal: TemporalGateway;
  try {
    const stuckStepAfterMs = config.engine.stuckStepMinutes * 60_000;
    temporal = await TemporalGateway.connect({ ...config.temporal, payloadKeys, ...(stuckStepAfterMs ? { stuckStepAfterMs } : {}) });
  } catch (err) {
    fail(`cannot reach Temporal at ${config.temporal.address}: ${(err as Error).message}`);
  }
  let accountPolicy: AccountPolicy;
  let secondFactorKeys: PayloadKeyRing;
  try {
    accountPolicy = accountPolicyFromEnv();
    secondFactorKeys = loadKeyRing(config.dataDir, SECOND_FACTOR_KEYS_VARIABLE, SECOND_FACTOR_KEYS_FILE);
  } catch (err) {
    fail(`accounts: ${(err as Error).message}`);
  }
  process.stdout.write(`[api] second factor ${accountPolicy.requireSecondFactor ? 'required' : 'optional'} for the centre's roles; sessions end after ${accountPolicy.idleMs / 60_000} idle minutes\n`);
  const publicOrigin = process.env.GGZY_PUBLIC_BASE_URL ? new URL(process.env.GGZY_PUBLIC_BASE_URL).origin : null;
  const objects = objectStoreFromEnv(config.dataDir);
  const maxUploadBytes = uploadLimitFromEnv();
  process.stdout.write(`[api] files are kept in the ${objects.description}\n`);
  const app = createApp({ db, temporal, loginLimiter: new RateLimiter(db, 20, 60_000), accountPolicy, secondFactorKeys, gatewaySecret, bankKeys, guaranteeIssuers, trustStore, publicOrigin, objects, maxUploadBytes, production: config.production });
  let server: Server;
  try {
    server = await listen(app, config.api.host, config.api.port);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') fail(`port ${config.api.port} is already in use; set PORT to a free port`);
    fail(`cannot listen on ${config.api.host}:${config.api.port}: ${(err as Error).message}`);
  }
  process.stdout.write(`[api] listening on http://${config.api.host}:${config.api.port} (${describeDatabase(config.database)})\n`);
  const stop = () => {
    server.close(() => {
      void Promise.allSettled([temporal.close(), db.destroy()]).then(() => process.exit(0));
    });
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: Error) => fail(err.message));
