// Defence in depth (OWASP ASVS 5 level 2): state-changing requests a browser sends with its cookie from another site
// are refused, bearer clients and the signed callbacks are not; behind TLS (configured, or said by a trusted proxy —
// never by anyone's X-Forwarded-Proto) the session cookie is Secure and __Host- and HSTS is sent; an unknown name and
// a user's name get the same answers at about the same time; undeclared methods are 405.
import { request } from 'node:http';
import { DATABASES, DEMO_PASSWORD, createSeededDatabase, type TestDatabase } from '../support/databases';
import { call, startPlatform, type RunningPlatform } from '../support/platform';

function sessionCookieOf(res: Response): string {
  const header = res.headers.get('set-cookie') ?? '';
  return header.split(';')[0]!;
}

async function login(baseUrl: string, username: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ username, password: DEMO_PASSWORD }) });
}

describe.each(DATABASES)('defence in depth on %s', (_name, create) => {
  let database: TestDatabase;
  let platform: RunningPlatform;
  beforeAll(async () => {
    database = await createSeededDatabase(create);
    platform = await startPlatform(database.db, { withWorker: false, gatewaySecret: 'g'.repeat(40), bankKeys: new Map([['demo-bank', 'b'.repeat(40)]]) });
  });
  afterAll(async () => {
    await platform?.stop();
    await database?.close();
  });

  test('a cookie-authenticated write from another site is refused; the platform\'s own pages, bearer clients and callbacks are not', async () => {
    const cookie = sessionCookieOf(await login(platform.baseUrl, 'staff'));
    expect(cookie).toMatch(/^ggzy_session=/);
    const write = (headers: Record<string, string>) => call(platform.baseUrl, 'POST', '/api/auth/logout-everywhere', { headers: { cookie, ...headers } });
    for (const headers of [{ origin: 'https://evil.example' }, { 'sec-fetch-site': 'cross-site' }, { 'sec-fetch-site': 'same-site' }, { origin: 'null' }]) {
      const refused = await write(headers);
      expect(refused.status).toBe(403);
      expect(refused.body.error.code).toBe('CROSS_ORIGIN_REFUSED');
    }
    // the session is untouched by the refused writes: reads (not state-changing) still work from anywhere
    expect((await call(platform.baseUrl, 'GET', '/api/auth/me', { headers: { cookie, origin: 'https://evil.example' } })).status).toBe(200);
    // a cross-site sign-in (login CSRF) is refused too
    expect((await login(platform.baseUrl, 'staff', { origin: 'https://evil.example' })).status).toBe(403);

    // a bearer client sends what it likes: the browser never attaches a bearer token on its own
    const token = ((await (await login(platform.baseUrl, 'staff2')).json()) as { token: string }).token;
    expect((await call(platform.baseUrl, 'POST', '/api/auth/logout', { token, headers: { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' } })).status).toBe(204);
    // the bank and the gateways are servers: no Origin, their signatures are checked as before
    const bank = await call(platform.baseUrl, 'POST', '/api/bank/deposit-notifications', { body: { transactionId: 'x' }, headers: { 'x-ggzy-bank': 'demo-bank' } });
    expect([bank.status, bank.body.error.code]).toEqual([401, 'SIGNATURE_INVALID']);
    const gateway = await call(platform.baseUrl, 'POST', '/api/gateway/expert-answers', { body: { answers: [] } });
    expect([gateway.status, gateway.body.error.code]).toEqual([401, 'SIGNATURE_INVALID']);

    // from the platform's own page: accepted
    const own = await write({ origin: platform.baseUrl, 'sec-fetch-site': 'same-origin' });
    expect(own.status).toBe(200);
  });

  test('TRACE and other undeclared methods are 405 in the envelope', async () => {
    // fetch will not send TRACE: a plain request does
    const send = (method: string) => new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(`${platform.baseUrl}/api/auth/me`, { method }, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => { body += chunk.toString(); });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.end();
    });
    for (const method of ['TRACE', 'PROPFIND']) {
      const res = await send(method);
      expect(res.status).toBe(405);
      expect((JSON.parse(res.body) as { error: { code: string } }).error.code).toBe('METHOD_NOT_ALLOWED');
    }
  });

  test('an unknown name and a user\'s name with a wrong password: the same answers, up to the lock, at about the same time', async () => {
    const attempt = async (username: string) => {
      const started = performance.now();
      const res = await call(platform.baseUrl, 'POST', '/api/auth/login', { body: { username, password: 'Not-the-passw0rd!' } });
      const { requestId: _r, ...error } = res.body.error;
      return { answer: { status: res.status, error }, ms: performance.now() - started };
    };
    const known: Awaited<ReturnType<typeof attempt>>[] = [];
    const unknown: Awaited<ReturnType<typeof attempt>>[] = [];
    for (let i = 0; i < 7; i++) {
      known.push(await attempt('supervisor2'));
      unknown.push(await attempt('supervisor9'));
    }
    expect(unknown.map((a) => a.answer)).toEqual(known.map((a) => a.answer));
    expect(known.map((a) => a.answer.status)).toEqual([401, 401, 401, 401, 423, 423, 423]);
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const [k, u] = [median(known.map((a) => a.ms)), median(unknown.map((a) => a.ms))];
    // both are one scrypt and a write or two: the difference is noise, not a tell (a skipped scrypt would be ~5x)
    expect(Math.max(k, u) / Math.min(k, u)).toBeLessThan(2.5);
  });
});

describe('the session cookie behind TLS', () => {
  let database: TestDatabase;
  const saved = process.env.GGZY_TRUSTED_PROXIES;
  const platforms: RunningPlatform[] = [];
  beforeAll(async () => {
    database = await createSeededDatabase(DATABASES[0][1]);
  });
  afterAll(async () => {
    if (saved === undefined) delete process.env.GGZY_TRUSTED_PROXIES; else process.env.GGZY_TRUSTED_PROXIES = saved;
    for (const p of platforms) await p.stop();
    await database?.close();
  });
  async function platformWith(options: { publicOrigin?: string; trustedProxies?: string }): Promise<RunningPlatform> {
    if (options.trustedProxies) process.env.GGZY_TRUSTED_PROXIES = options.trustedProxies; else delete process.env.GGZY_TRUSTED_PROXIES;
    const p = await startPlatform(database.db, { withWorker: false, ...(options.publicOrigin ? { publicOrigin: options.publicOrigin } : {}) });
    platforms.push(p);
    return p;
  }

  test('configured public address on https: a Secure __Host- cookie, HSTS, and only that cookie counts', async () => {
    const p = await platformWith({ publicOrigin: 'https://ggzy.example' });
    const res = await login(p.baseUrl, 'staff', { origin: 'https://ggzy.example' });
    expect(res.status).toBe(200);
    expect(res.headers.get('strict-transport-security')).toMatch(/^max-age=\d{7,}/);
    const header = res.headers.get('set-cookie') ?? '';
    expect(header).toMatch(/^__Host-ggzy_session=[A-Za-z0-9_-]{43}; path=\/; expires=[^;]+; samesite=strict; secure; httponly$/i);
    const token = header.split(';')[0]!.split('=')[1]!;
    expect((await call(p.baseUrl, 'GET', '/api/auth/me', { headers: { cookie: `__Host-ggzy_session=${token}` } })).status).toBe(200);
    // the same token under the plain name (as a sibling host could plant it) is no session here
    expect((await call(p.baseUrl, 'GET', '/api/auth/me', { headers: { cookie: `ggzy_session=${token}` } })).status).toBe(401);
  });

  test('X-Forwarded-Proto counts from a trusted proxy only', async () => {
    const untrusted = await platformWith({ trustedProxies: '10.9.9.9' });
    const spoofed = await login(untrusted.baseUrl, 'staff', { 'x-forwarded-proto': 'https' });
    expect(spoofed.headers.get('strict-transport-security')).toBeNull();
    expect(spoofed.headers.get('set-cookie')).toMatch(/^ggzy_session=/);
    expect(spoofed.headers.get('set-cookie')).not.toMatch(/secure/i);

    const trusted = await platformWith({ trustedProxies: '127.0.0.1' });
    // a client wrote "https" first, our proxy appended the scheme it saw: the proxy's word counts
    const plain = await login(trusted.baseUrl, 'staff', { 'x-forwarded-proto': 'https, http' });
    expect(plain.headers.get('set-cookie')).toMatch(/^ggzy_session=/);
    const tls = await login(trusted.baseUrl, 'staff', { 'x-forwarded-proto': 'https' });
    expect(tls.headers.get('set-cookie')).toMatch(/^__Host-ggzy_session=.*; secure; httponly$/i);
    expect(tls.headers.get('strict-transport-security')).not.toBeNull();
  });
});
