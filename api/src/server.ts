// The api process: migrates, optionally seeds the demo province, and serves the api and the two web apps.
import type { Server } from 'node:http';
import { databaseAnswers, describeDatabase, loadPayloadKeys, loadRuntimeConfig, migrateLatest, openDatabase, seedDemo, type PayloadKeyRing } from '@ggzy/db';
import { createApp } from './app';
import { TemporalGateway } from './temporal';
import { RateLimiter } from './auth/rate-limit';
import { gatewaySecretFromEnv } from './auth/gateway-signature';

function fail(message: string): never {
  process.stderr.write(`[api] error: ${message}\n`);
  process.exit(1);
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
  try {
    config = loadRuntimeConfig();
    gatewaySecret = gatewaySecretFromEnv();
    payloadKeys = loadPayloadKeys(config.dataDir); // the workers' keys: what the api hands Temporal is sealed
  } catch (err) {
    fail((err as Error).message);
  }
  const db = openDatabase(config.database);
  if (!(await databaseAnswers(db, 5000))) fail(`cannot reach the database (${describeDatabase(config.database)}); check DATABASE_URL`);
  await migrateLatest(db);
  if (process.env.GGZY_SEED_DEMO === '1') {
    const seeded = await seedDemo(db, process.env.GGZY_DEMO_PASSWORD || undefined);
    if (seeded.generatedPassword) {
      process.stdout.write(`[api] demo users created (designer, staff, supervisor, admin, auditor, staff2); password: ${seeded.generatedPassword}\n`);
      process.stdout.write('[api] this password is shown once and stored only as a hash; set GGZY_DEMO_PASSWORD to choose another.\n');
    } else if (seeded.passwordUpdated) {
      process.stdout.write('[api] demo users now use the password from GGZY_DEMO_PASSWORD\n');
    }
  }
  let temporal: TemporalGateway;
  try {
    const stuckStepAfterMs = config.engine.stuckStepMinutes * 60_000;
    temporal = await TemporalGateway.connect({ ...config.temporal, payloadKeys, ...(stuckStepAfterMs ? { stuckStepAfterMs } : {}) });
  } catch (err) {
    fail(`cannot reach Temporal at ${config.temporal.address}: ${(err as Error).message}`);
  }
  const app = createApp({ db, temporal, loginLimiter: new RateLimiter(20, 60_000), gatewaySecret });
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
