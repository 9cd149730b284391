// The api's contract at its edges: one error envelope, no internals leaked, sessions, lockout, static apps.
import { ERRORS, apiRoutes, PERMISSIONS } from '@ggzy/api';
import { User, openDatabase } from '@ggzy/db';
import { DEMO_PASSWORD, createSeededDatabase, createSqliteDatabase, type TestDatabase } from '../support/databases';
import { call, loginAs, startPlatform, type RunningPlatform } from '../support/platform';
import { freePort } from '../support/cluster';

describe('api edges', () => {
  let database: TestDatabase;
  let platform: RunningPlatform;
  beforeAll(async () => {
    database = await createSeededDatabase(createSqliteDatabase);
    platform = await startPlatform(database.db, { withWorker: false });
  });
  afterAll(async () => {
    await platform?.stop();
    await database?.close();
  });

  test('unknown routes, bad JSON, wrong media type and oversized bodies get the envelope with a stable code', async () => {
    const notFound = await call(platform.baseUrl, 'GET', '/api/nothing-here');
    expect(notFound.status).toBe(404);
    expect(notFound.body.error).toMatchObject({ code: 'NOT_FOUND', message: ERRORS.NOT_FOUND.zh });
    expect(notFound.body.error.requestId).toMatch(/^[0-9a-f-]{36}$/);

    const english = await call(platform.baseUrl, 'GET', '/api/nothing-here', { headers: { 'accept-language': 'en-US,en;q=0.9' } });
    expect(english.body.error.message).toBe('Not found');

    const badJson = await fetch(`${platform.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"username":' });
    expect(badJson.status).toBe(400);
    expect(((await badJson.json()) as any).error.code).toBe('BAD_JSON');

    const form = await fetch(`${platform.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'username=admin' });
    expect(form.status).toBe(415);

    const huge = await call(platform.baseUrl, 'POST', '/api/auth/login', { body: { username: 'a', password: 'x'.repeat(2 * 1024 * 1024) } });
    expect(huge.status).toBe(413);
    expect(huge.body.error.code).toBe('PAYLOAD_TOO_LARGE');

    const extra = await call(platform.baseUrl, 'POST', '/api/auth/login', { body: { username: 'admin', password: 'x', role: 'admin' } });
    expect(extra.status).toBe(400);
    expect(extra.body.error.code).toBe('VALIDATION_FAILED');
  });

  test('an internal failure answers 500 INTERNAL without SQL or a stack trace', async () => {
    const token = await loginAs(platform.baseUrl, 'admin', DEMO_PASSWORD);
    await database.db.schema.renameTable('workflow_probes', 'workflow_probes_away');
    try {
      const res = await call(platform.baseUrl, 'GET', '/api/probes/1', { token });
      expect(res.status).toBe(500);
      expect(res.body.error.code).toBe('INTERNAL');
      const text = JSON.stringify(res.body);
      expect(text).not.toMatch(/select|workflow_probes|SQLITE|at .*\.ts/i);
    } finally {
      await database.db.schema.renameTable('workflow_probes_away', 'workflow_probes');
    }
  });

  test('a database that is away (restarting, unreachable) answers 503 DATABASE_UNAVAILABLE to try again, without internals', async () => {
    // given an api whose PostgreSQL server is not there (as while it restarts)
    const away = openDatabase({ client: 'postgres', connectionString: `postgres://ggzy:secret@127.0.0.1:${await freePort()}/ggzy` });
    const cut = await startPlatform(away, { withWorker: false });
    try {
      // when a user signs in, and an authenticated request comes
      const login = await call(cut.baseUrl, 'POST', '/api/auth/login', { body: { username: 'staff', password: DEMO_PASSWORD }, headers: { 'accept-language': 'en' } });
      const read = await call(cut.baseUrl, 'GET', '/api/tasks', { token: 'a'.repeat(43) });
      // then both are told to try again, with the stable code and nothing of the driver's message
      for (const res of [login, read]) {
        expect(res.status).toBe(503);
        expect(res.body.error.code).toBe('DATABASE_UNAVAILABLE');
        expect(res.headers.get('retry-after')).toBe('2');
        expect(JSON.stringify(res.body)).not.toMatch(/ECONNREFUSED|select|secret|127\.0\.0\.1/i);
      }
      expect(login.body.error.message).toBe(ERRORS.DATABASE_UNAVAILABLE.en);
      expect(read.body.error.message).toBe(ERRORS.DATABASE_UNAVAILABLE.zh);
    } finally {
      await cut.stop();
      await away.destroy();
    }
  });

  test('sessions: bearer token and cookie both work, logout ends the session, a forged token is 401', async () => {
    const login = await fetch(`${platform.baseUrl}/api/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'staff', password: DEMO_PASSWORD }),
    });
    const cookie = login.headers.get('set-cookie')!;
    expect(cookie).toMatch(/ggzy_session=[A-Za-z0-9_-]+; path=\/; expires=.*; samesite=strict; httponly/i);
    const { token, user } = (await login.json()) as any;
    expect(user).toMatchObject({ username: 'staff', role: 'staff', regionCode: '990100', visibleRegions: ['990100', '990900'] }); // its city and the province's sandbox
    expect(JSON.stringify(user)).not.toMatch(/password|hash/i);

    const byCookie = await fetch(`${platform.baseUrl}/api/auth/me`, { headers: { cookie: cookie.split(';')[0]! } });
    expect(byCookie.status).toBe(200);
    expect((await call(platform.baseUrl, 'GET', '/api/auth/me', { token })).status).toBe(200);
    expect((await call(platform.baseUrl, 'POST', '/api/auth/logout', { token })).status).toBe(204);
    expect((await call(platform.baseUrl, 'GET', '/api/auth/me', { token })).status).toBe(401);
    expect((await call(platform.baseUrl, 'GET', '/api/auth/me', { token: 'A'.repeat(43) })).status).toBe(401);

    const province = await loginAs(platform.baseUrl, 'admin', DEMO_PASSWORD);
    const me = await call(platform.baseUrl, 'GET', '/api/auth/me', { token: province });
    expect([...me.body.visibleRegions].sort()).toEqual(['990000', '990100', '990200', '990900']);
  });

  test('five wrong passwords lock the account; the right password is then refused until the lock ends', async () => {
    for (let i = 0; i < 4; i++) {
      const res = await call(platform.baseUrl, 'POST', '/api/auth/login', { body: { username: 'auditor', password: 'wrong' } });
      expect(res.body.error.code).toBe('AUTH_INVALID_CREDENTIALS');
    }
    const fifth = await call(platform.baseUrl, 'POST', '/api/auth/login', { body: { username: 'auditor', password: 'wrong' } });
    expect(fifth.status).toBe(423);
    const right = await call(platform.baseUrl, 'POST', '/api/auth/login', { body: { username: 'auditor', password: DEMO_PASSWORD } });
    expect(right.status).toBe(423);
    expect(right.body.error.code).toBe('AUTH_LOCKED');
    await User.query(database.db).patch({ locked_until: new Date(Date.now() - 1000).toISOString() }).where('username', 'auditor');
    expect((await call(platform.baseUrl, 'POST', '/api/auth/login', { body: { username: 'auditor', password: DEMO_PASSWORD } })).status).toBe(200);
  });

  test('an unknown user costs the same and answers the same as a wrong password', async () => {
    const res = await call(platform.baseUrl, 'POST', '/api/auth/login', { body: { username: 'nobody', password: 'x' } });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('AUTH_INVALID_CREDENTIALS');
  });

  test('the OpenAPI document lists every route with its permission', async () => {
    const res = await call(platform.baseUrl, 'GET', '/api/openapi.json');
    expect(res.status).toBe(200);
    const listed = Object.entries(res.body.paths as Record<string, Record<string, any>>)
      .flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => `${method} ${path} ${op['x-permission']}`));
    const routes = apiRoutes().map((r) => `${r.method} ${r.path.replace(/:([A-Za-z_]+)/g, '{$1}')} ${r.permission}`);
    expect(listed.sort()).toEqual(routes.sort());
    for (const route of apiRoutes()) {
      expect(route.permission === 'public' || route.permission === 'gateway' || route.permission === 'bank' || route.permission in PERMISSIONS).toBe(true);
    }
  });

  test('static apps: portal at /, designer at /designer/, no path traversal, api paths never fall back to the shell', async () => {
    const portal = await fetch(`${platform.baseUrl}/`);
    expect(portal.headers.get('content-type')).toMatch(/text\/html/);
    expect(await portal.text()).toContain('公共资源交易平台');
    const deepLink = await fetch(`${platform.baseUrl}/deals/123`);
    expect(await deepLink.text()).toContain('<div id="root">');
    const designer = await fetch(`${platform.baseUrl}/designer`, { redirect: 'manual' });
    expect(designer.status).toBe(302);
    expect(await (await fetch(`${platform.baseUrl}/designer/`)).text()).toContain('流程设计器');
    const traversal = await fetch(`${platform.baseUrl}/assets/..%2f..%2fpackage.json`);
    expect(traversal.status).toBe(404);
    expect(await traversal.text()).not.toContain('"name"');
    const missingAsset = await fetch(`${platform.baseUrl}/assets/missing.js`);
    expect(missingAsset.status).toBe(404);
    const api = await call(platform.baseUrl, 'GET', '/api/unknown/deep');
    expect(api.body.error.code).toBe('NOT_FOUND');
  });
});
