// The complete audit (等保2.0 level 3, 安全审计), on both databases: deploys, calendar writes, failed sign-ins short of
// a lockout (the name only when it is a user's, never the password), refusals of routes and objects the caller may
// not reach (route, user, object), files taken out of the platform — each on the trail with the person who acted —
// and the access log, one line per request without tokens, cookies or bodies.
import type { AccessLogEntry } from '@ggzy/api';
import { DATABASES, DEMO_PASSWORD, createSeededDatabase, type TestDatabase } from '../support/databases';
import { buildBpmn } from '../support/bpmn-builder';
import { call, loginAs, startPlatform, uploadFile, type RunningPlatform } from '../support/platform';
import { deployApprovedVia } from '../support/definitions';

interface TrailRow { kind: string; actor: string; region_code: string; deal_code: string | null; payload: Record<string, unknown> }

describe.each(DATABASES)('the audit on %s', (_name, create) => {
  let database: TestDatabase;
  let platform: RunningPlatform;
  const access: AccessLogEntry[] = [];

  beforeAll(async () => {
    database = await createSeededDatabase(create);
    platform = await startPlatform(database.db, { withWorker: false, accessLog: (entry) => access.push(entry) });
  });
  afterAll(async () => {
    await platform?.stop();
    await database?.close();
  });

  async function events(kind: string): Promise<TrailRow[]> {
    const rows = await database.db('supervision_events').where({ kind }).orderBy('seq').select('kind', 'actor', 'region_code', 'deal_code', 'payload');
    return rows.map((r: TrailRow & { payload: string }) => ({ ...r, payload: JSON.parse(r.payload) as Record<string, unknown> }));
  }

  test('a deploy and a calendar write are on the trail with the person who made them', async () => {
    const designer = await loginAs(platform.baseUrl, 'designer', DEMO_PASSWORD);
    const xml = buildBpmn({ id: 'audit_demo', name: '审计演示', nodes: [{ id: 'start', type: 'startEvent' }, { id: 'end', type: 'endEvent' }], flows: [['start', 'end']] });
    const deployed = await deployApprovedVia(platform.baseUrl, designer, { xml, regionCode: '990100' });
    expect(deployed.status).toBe(201);
    // the same content again is no new version, and no new event
    expect((await call(platform.baseUrl, 'POST', '/api/process-definitions', { token: designer, body: { xml, regionCode: '990100' } })).status).toBe(200);
    const deploys = (await events('definition.deployed')).filter((e) => e.payload.key === 'audit_demo');
    expect(deploys).toEqual([expect.objectContaining({
      actor: 'designer', region_code: '990100', deal_code: null,
      payload: expect.objectContaining({ version: 1, hash: deployed.body.definition.hash, name: '审计演示' }),
    })]);

    const admin = await loginAs(platform.baseUrl, 'admin', DEMO_PASSWORD);
    const calendar = { holidays: ['2031-10-01', '2031-10-02'], workdays: ['2031-09-28'] };
    expect((await call(platform.baseUrl, 'PUT', '/api/work-calendars/990100/2031', { token: admin, body: calendar })).status).toBe(204);
    expect(await events('calendar.written')).toEqual([expect.objectContaining({
      actor: 'admin', region_code: '990100', payload: expect.objectContaining({ year: 2031, ...calendar, replaced: false }),
    })]);
    // a refused calendar writes nothing
    expect((await call(platform.baseUrl, 'PUT', '/api/work-calendars/990100/2031', { token: admin, body: { holidays: ['2030-01-01'], workdays: [] } })).status).toBe(400);
    expect(await events('calendar.written')).toHaveLength(1);
  });

  test('failed sign-ins short of a lockout: the name only when it is a user\'s, never the password', async () => {
    const wrong = 'Wrong-Passw0rd-typed-here';
    expect((await call(platform.baseUrl, 'POST', '/api/auth/login', { body: { username: 'supervisor2', password: wrong } })).status).toBe(401);
    expect((await call(platform.baseUrl, 'POST', '/api/auth/login', { body: { username: 'no-such-person-7', password: wrong } })).status).toBe(401);
    const failed = await events('auth.login-failed');
    expect(failed).toEqual(expect.arrayContaining([
      expect.objectContaining({ actor: 'supervisor2', region_code: '990100', payload: expect.objectContaining({ attempt: 1, knownUser: true, client: '127.0.0.1' }) }),
      expect.objectContaining({ actor: 'anonymous', region_code: '990000', payload: { knownUser: false, client: '127.0.0.1' } }),
    ]));
    const text = JSON.stringify(await database.db('supervision_events').select('actor', 'payload'));
    expect(text).not.toContain(wrong);
    expect(text).not.toContain('no-such-person-7');
  });

  test('refusals of a route and of objects the caller may not see: who, which route, which object', async () => {
    const staff = await loginAs(platform.baseUrl, 'staff', DEMO_PASSWORD);
    const secadmin = await loginAs(platform.baseUrl, 'secadmin', DEMO_PASSWORD);
    expect((await call(platform.baseUrl, 'GET', '/api/users/staff2', { token: staff })).status).toBe(403); // no such permission
    expect((await call(platform.baseUrl, 'GET', '/api/work-calendars/990200/2031', { token: staff })).status).toBe(404); // another city's
    expect((await call(platform.baseUrl, 'GET', '/api/users/admin', { token: secadmin })).status).toBe(404); // not administered by it
    const refused = await events('access.refused');
    expect(refused).toEqual([
      expect.objectContaining({ actor: 'staff', region_code: '990000', payload: expect.objectContaining({ method: 'GET', route: '/api/users/:username', params: { username: 'staff2' }, status: 403, code: 'FORBIDDEN', role: 'staff' }) }),
      expect.objectContaining({ actor: 'staff', payload: expect.objectContaining({ route: '/api/work-calendars/:regionCode/:year', params: { regionCode: '990200', year: '2031' }, status: 404, code: 'NOT_FOUND' }) }),
      expect.objectContaining({ actor: 'secadmin', payload: expect.objectContaining({ route: '/api/users/:username', params: { username: 'admin' }, status: 404, code: 'USER_NOT_FOUND' }) }),
    ]);
    // an anonymous caller is not refused an object (it is asked to sign in), and a success is no refusal
    expect((await call(platform.baseUrl, 'GET', '/api/users/admin')).status).toBe(401);
    expect((await call(platform.baseUrl, 'GET', '/api/users/staff', { token: secadmin })).status).toBe(200);
    expect(await events('access.refused')).toHaveLength(3);
  });

  test('a file taken out of the platform is on the trail with who took it', async () => {
    const staff = await loginAs(platform.baseUrl, 'staff', DEMO_PASSWORD);
    const digest = await uploadFile(platform.baseUrl, staff, 'audit.pdf', Buffer.from('%PDF-1.4 audit'));
    const before = (await events('document.downloaded')).length;
    const res = await fetch(`${platform.baseUrl}/api/files/${digest}`, { headers: { authorization: `Bearer ${staff}` } });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('%PDF-1.4 audit');
    // a resumed download's later range is the same download
    expect((await fetch(`${platform.baseUrl}/api/files/${digest}`, { headers: { authorization: `Bearer ${staff}`, range: 'bytes=5-' } })).status).toBe(206);
    const downloads = (await events('document.downloaded')).slice(before);
    expect(downloads).toEqual([expect.objectContaining({ actor: 'staff', payload: expect.objectContaining({ what: 'file', sha256: digest, role: 'staff' }) })]);
  });

  test('the access log: one line per request with who, the route pattern, status, time and address; no token, cookie or body', async () => {
    access.length = 0;
    const login = await call(platform.baseUrl, 'POST', '/api/auth/login', { body: { username: 'auditor', password: DEMO_PASSWORD } });
    const token = login.body.token as string;
    await call(platform.baseUrl, 'GET', '/api/auth/me', { token });
    await call(platform.baseUrl, 'GET', '/api/work-calendars/990100/2031?x=secret-query', { token });
    await call(platform.baseUrl, 'GET', '/api/nothing-here');
    expect(access).toEqual([
      expect.objectContaining({ user: null, role: null, method: 'POST', route: '/api/auth/login', status: 200, client: '127.0.0.1' }),
      expect.objectContaining({ user: 'auditor', role: 'auditor', method: 'GET', route: '/api/auth/me', status: 200 }),
      expect.objectContaining({ user: 'auditor', route: '/api/work-calendars/:regionCode/:year' }),
      expect.objectContaining({ user: null, method: 'GET', route: null, status: 404 }),
    ]);
    for (const entry of access) {
      expect(entry.time).toMatch(/^\d{4}-\d\d-\d\dT/);
      expect(typeof entry.durationMs).toBe('number');
      expect(entry.requestId).toMatch(/^[0-9a-f-]{36}$/);
    }
    const text = JSON.stringify(access);
    for (const secret of [token, DEMO_PASSWORD, 'secret-query', 'ggzy_session', '990100/2031']) expect(text).not.toContain(secret);
  });
});
