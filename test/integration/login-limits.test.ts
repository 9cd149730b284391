// The login limiter holds across api processes and behind a proxy: two apps, each with its own connection pool to one
// database (as two api processes are), share the counts; and behind trusted proxies the count is keyed on the address
// the outermost trusted proxy saw, whatever the client wrote at the left of X-Forwarded-For.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createApp, RateLimiter, TemporalGateway } from '@ggzy/api';
import { openDatabase, type Db } from '@ggzy/db';
import { DATABASES, createSeededDatabase, type TestDatabase } from '../support/databases';
import { payloadKeys, temporalAddress } from '../support/platform';

const LIMIT = 4;

describe.each(DATABASES)('login limits on %s', (_name, create) => {
  let database: TestDatabase;
  let second: Db;
  let temporal: TemporalGateway;
  const servers: Server[] = [];
  const saved = process.env.GGZY_TRUSTED_PROXIES;

  async function serve(db: Db): Promise<string> {
    const app = createApp({ db, temporal, loginLimiter: new RateLimiter(db, LIMIT, 60_000) }, { logger: { info() {}, error() {} }, serveUis: false });
    const server = await new Promise<Server>((resolve) => { const s = app.listen(0, '127.0.0.1', () => resolve(s)); });
    servers.push(server);
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  beforeAll(async () => {
    database = await createSeededDatabase(create);
    second = openDatabase(database.config);
    temporal = await TemporalGateway.connect({ address: temporalAddress(), namespace: 'default', taskQueue: 'login-limits', payloadKeys: payloadKeys() });
    process.env.GGZY_TRUSTED_PROXIES = '127.0.0.1/32, 10.20.0.0/16'; // the api's own proxy and the load balancers
  });
  afterAll(async () => {
    if (saved === undefined) delete process.env.GGZY_TRUSTED_PROXIES; else process.env.GGZY_TRUSTED_PROXIES = saved;
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
    await temporal?.close();
    await second?.destroy();
    await database?.close();
  });

  const attempt = (base: string, username: string, forwardedFor: string) => fetch(`${base}/api/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
    body: JSON.stringify({ username, password: 'not-the-password' }),
  }).then(async (res) => ({ status: res.status, code: ((await res.json()) as { error?: { code: string } }).error?.code }));

  test('two api processes count one client together, keyed on the address the trusted proxy saw', async () => {
    const [a, b] = [await serve(database.db), await serve(second)];
    const client = '203.0.113.9';
    // the client writes a new address at the left each time; the load balancer (10.20.0.5, trusted) appended the real one
    const answers = [];
    for (let i = 0; i < LIMIT + 2; i++) {
      answers.push(await attempt(i % 2 ? b : a, `user${i}`, `198.51.100.${i + 1}, ${client}, 10.20.0.5`));
    }
    expect(answers.slice(0, LIMIT).map((x) => x.code)).toEqual(Array(LIMIT).fill('AUTH_INVALID_CREDENTIALS'));
    expect(answers.slice(LIMIT)).toEqual([{ status: 429, code: 'RATE_LIMITED' }, { status: 429, code: 'RATE_LIMITED' }]);
    // another client behind the same proxies is its own count
    expect((await attempt(b, 'someone', `${client}, 203.0.113.77, 10.20.0.5`)).code).toBe('AUTH_INVALID_CREDENTIALS');
    // the counts are rows of the shared database, keyed on the client's address (never on what it wrote)
    const keys = (await database.db('rate_windows').select('key', 'hits')).map((r: { key: string; hits: number }) => [r.key, Number(r.hits)]);
    expect(keys).toEqual(expect.arrayContaining([[`ip:${client}`, LIMIT + 2], ['ip:203.0.113.77', 1]]));
    expect(keys.some(([key]) => String(key).includes('198.51.100.'))).toBe(false);
  });

  test('one username is counted across processes and addresses', async () => {
    const [a, b] = [await serve(database.db), await serve(second)];
    const answers = await Promise.all(Array.from({ length: LIMIT + 3 }, (_, i) => attempt(i % 2 ? b : a, 'designer', `192.0.2.${i + 1}`)));
    // unlimited per address (each its own), but the username's count is shared: at most LIMIT got through to a check
    expect(answers.filter((x) => x.code === 'RATE_LIMITED').length).toBe(3);
  });
});
