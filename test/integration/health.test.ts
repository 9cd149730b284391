// /healthz names the failing part with 503 when Temporal or the database does not answer.
import { createApp, RateLimiter, TemporalGateway } from '@ggzy/api';
import { openDatabase } from '@ggzy/db';
import type { AddressInfo } from 'node:net';
import { createSeededDatabase, createSqliteDatabase, type TestDatabase } from '../support/databases';
import { freePort, startOwnedDevServer } from '../support/dev-server';
import { call, payloadKeys, temporalAddress } from '../support/platform';
import path from 'node:path';

async function serve(deps: Parameters<typeof createApp>[0]) {
  const app = createApp(deps, { logger: { info() {}, error() {} } });
  const server = await new Promise<import('node:http').Server>((resolve) => { const s = app.listen(0, '127.0.0.1', () => resolve(s)); });
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((r) => server.close(r)) };
}

describe('healthz', () => {
  let database: TestDatabase;
  beforeAll(async () => { database = await createSeededDatabase(createSqliteDatabase); });
  afterAll(async () => { await database?.close(); });

  test('503 naming the database when it does not answer', async () => {
    const temporal = await TemporalGateway.connect({ address: temporalAddress(), namespace: 'default', taskQueue: 'h', payloadKeys: payloadKeys() });
    const broken = openDatabase({ client: 'postgres', connectionString: `postgres://x:y@127.0.0.1:${await freePort()}/none` });
    const app = await serve({ db: broken, temporal, loginLimiter: new RateLimiter(broken, 10, 1000) });
    try {
      const res = await call(app.base, 'GET', '/healthz');
      expect(res.status).toBe(503);
      expect(res.body).toEqual({ status: 'degraded', temporal: 'ok', db: 'unavailable' });
    } finally {
      await app.close();
      await temporal.close();
      await broken.destroy();
    }
  });

  test('503 naming Temporal when the server goes away, 200 again when it is back', async () => {
    const port = await freePort();
    const dbFile = path.join(process.env.GGZY_TEST_RUN_DIR!, 'health-temporal.db');
    let server = await startOwnedDevServer(dbFile, port);
    const temporal = await TemporalGateway.connect({ address: server.address, namespace: 'default', taskQueue: 'h', payloadKeys: payloadKeys() });
    const app = await serve({ db: database.db, temporal, loginLimiter: new RateLimiter(database.db, 10, 1000) });
    try {
      expect((await call(app.base, 'GET', '/healthz')).status).toBe(200);
      await server.kill('SIGKILL');
      const down = await call(app.base, 'GET', '/healthz');
      expect(down.status).toBe(503);
      expect(down.body).toEqual({ status: 'degraded', temporal: 'unavailable', db: 'ok' });
      server = await startOwnedDevServer(dbFile, port);
      let status = 0;
      for (let i = 0; i < 50 && status !== 200; i++) {
        status = (await call(app.base, 'GET', '/healthz')).status;
        if (status !== 200) await new Promise((r) => setTimeout(r, 200));
      }
      expect(status).toBe(200);
    } finally {
      await app.close();
      await temporal.close();
      await server.kill();
    }
  });
});
