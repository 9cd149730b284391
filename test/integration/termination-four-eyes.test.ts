// Four eyes on termination, through the api on a real dev server, SQLite and PostgreSQL: a supervisor's terminate
// directive waits until a second supervisor who oversees the deal confirms it — not the one who issued it, not one of
// another city — or takes effect at once with a fresh second-factor code of the issuing supervisor (a wrong or reused
// code changes nothing). One termination waits per deal; every step is on the deal's trail with who did it.
import { DATABASES, DEMO_PASSWORD, createSeededDatabase, type TestDatabase } from '../support/databases';
import { buildBpmn } from '../support/bpmn-builder';
import { call, loginAs, startPlatform, type RunningPlatform } from '../support/platform';
import { deployApprovedVia } from '../support/definitions';
import { secretOfUri, totpCode } from '../support/totp';

jest.setTimeout(180_000);

describe.each(DATABASES)('four eyes on termination on %s', (_name, create) => {
  let database: TestDatabase;
  let platform: RunningPlatform;
  const tokens: Record<string, string> = {};
  const processKey = `four_eyes_${Date.now().toString(36)}`;

  beforeAll(async () => {
    database = await createSeededDatabase(create);
    platform = await startPlatform(database.db);
    for (const user of ['designer', 'staff', 'supervisor', 'supervisor2', 'auditor']) tokens[user] = await loginAs(platform.baseUrl, user, DEMO_PASSWORD);
    const xml = buildBpmn({
      id: processKey,
      nodes: [{ id: 'start', type: 'startEvent' }, { id: 'accept', type: 'userTask', role: 'staff' }, { id: 'end', type: 'endEvent' }],
      flows: [['start', 'accept'], ['accept', 'end']],
    });
    expect((await deployApprovedVia(platform.baseUrl, tokens.designer, { xml, regionCode: '990100' })).status).toBe(201);
  });
  afterAll(async () => {
    await platform?.stop();
    await database?.close();
  });

  async function startDeal(): Promise<string> {
    const started = await call(platform.baseUrl, 'POST', '/api/process-instances', { token: tokens.staff, body: { processKey } });
    expect(started.status).toBe(201);
    return `/api/process-instances/${encodeURIComponent(started.body.workflowId)}`;
  }
  const lifecycle = async (path: string) => (await call(platform.baseUrl, 'GET', path, { token: tokens.staff })).body.lifecycle as string;
  const terminate = (path: string, token: string, directiveId: string, extra: Record<string, unknown> = {}) =>
    call(platform.baseUrl, 'POST', `${path}/directives`, { token, body: { directiveId, kind: 'terminate', reason: '招标人存在违法行为', ...extra } });
  const confirm = (path: string, token: string, directiveId: string) => call(platform.baseUrl, 'POST', `${path}/termination-confirmations`, { token, body: { directiveId } });
  async function trailOf(path: string) {
    const items = (await call(platform.baseUrl, 'GET', `${path}/timeline`, { token: tokens.auditor })).body.items as Array<{ kind: string; actor: string; payload: Record<string, unknown> }>;
    return items.filter((e) => e.kind.startsWith('directive.terminate'));
  }

  test('a termination takes effect only when a second supervisor of the city confirms it', async () => {
    const path = await startDeal();
    const requested = await terminate(path, tokens.supervisor, 'dir-four-eyes-1');
    expect([requested.status, requested.body]).toEqual([202, { directiveId: 'dir-four-eyes-1', lifecycle: 'active', applied: false, awaitingConfirmation: true }]);
    expect(await lifecycle(path)).toBe('active');
    // sent again: the same answer; another termination meanwhile: refused
    expect((await terminate(path, tokens.supervisor, 'dir-four-eyes-1')).status).toBe(202);
    expect((await terminate(path, tokens.supervisor2, 'dir-four-eyes-2')).body.error.code).toBe('TERMINATION_PENDING');
    // not by the one who issued it, not by a supervisor of another city, not by staff
    expect((await confirm(path, tokens.supervisor, 'dir-four-eyes-1')).body.error.code).toBe('FOUR_EYES_SAME_PERSON');
    const westSupervisor = 'm_supervisor_990200';
    await database.db('users').insert({ username: westSupervisor, display_name: '西山市监管人员', role: 'supervisor', region_code: '990200', password_hash: (await database.db('users').where('username', 'supervisor').first()).password_hash, is_demo: false });
    expect((await confirm(path, await loginAs(platform.baseUrl, westSupervisor, DEMO_PASSWORD), 'dir-four-eyes-1')).status).toBe(404);
    expect((await confirm(path, tokens.staff, 'dir-four-eyes-1')).status).toBe(403);
    expect((await confirm(path, tokens.supervisor2, 'dir-no-such-one')).body.error.code).toBe('TERMINATION_REQUEST_NOT_FOUND');
    expect(await lifecycle(path)).toBe('active');
    const waiting = await call(platform.baseUrl, 'GET', `${path}/termination-requests`, { token: tokens.supervisor2 });
    expect(waiting.body.items).toMatchObject([{ directiveId: 'dir-four-eyes-1', requestedBy: 'supervisor', status: 'pending', confirmedBy: null }]);

    const confirmed = await confirm(path, tokens.supervisor2, 'dir-four-eyes-1');
    expect([confirmed.status, confirmed.body]).toEqual([200, { directiveId: 'dir-four-eyes-1', lifecycle: 'terminated', applied: true, awaitingConfirmation: false }]);
    expect(await lifecycle(path)).toBe('terminated');
    // confirmed twice: answered, applied once
    expect((await confirm(path, tokens.supervisor2, 'dir-four-eyes-1')).body).toMatchObject({ applied: false });
    const trail = await trailOf(path);
    expect(trail.find((e) => e.kind === 'directive.terminate-requested')).toMatchObject({ actor: 'supervisor', payload: { directiveId: 'dir-four-eyes-1', requestedBy: 'supervisor' } });
    expect(trail.filter((e) => e.kind === 'directive.terminate-confirmed')).toMatchObject([{ actor: 'supervisor2', payload: { requestedBy: 'supervisor', confirmedBy: 'supervisor2', confirmation: 'second-supervisor' } }]);
  });

  test('or at once with a fresh second-factor code of the supervisor who issues it', async () => {
    const path = await startDeal();
    // without an authenticator there is no such way
    expect((await terminate(path, tokens.supervisor2, 'dir-four-eyes-3', { secondFactorCode: '123456' })).body.error.code).toBe('SECOND_FACTOR_NOT_ENROLLED');
    const started = await call(platform.baseUrl, 'POST', '/api/auth/second-factor/enrolment', { token: tokens.supervisor });
    const secret = secretOfUri(started.body.uri);
    expect((await call(platform.baseUrl, 'POST', '/api/auth/second-factor/enrolment/confirm', { token: tokens.supervisor, body: { code: totpCode(secret) } })).status).toBe(200);
    // the code just used for the enrolment, and a wrong one: refused, nothing happens
    for (const code of [totpCode(secret), totpCode(secret, Date.now(), 7)]) {
      expect((await terminate(path, tokens.supervisor, `dir-four-eyes-code-${code}`, { secondFactorCode: code })).body.error.code).toBe('REAUTHENTICATION_FAILED');
    }
    expect(await lifecycle(path)).toBe('active');
    expect((await call(platform.baseUrl, 'POST', `${path}/directives`, { token: tokens.supervisor, body: { directiveId: 'dir-four-eyes-s', kind: 'suspend', reason: 'x', secondFactorCode: '123456' } })).status).toBe(400);
    const done = await terminate(path, tokens.supervisor, 'dir-four-eyes-4', { secondFactorCode: totpCode(secret, Date.now(), 1) });
    expect([done.status, done.body]).toEqual([200, { directiveId: 'dir-four-eyes-4', lifecycle: 'terminated', applied: true, awaitingConfirmation: false }]);
    const trail = await trailOf(path);
    expect(trail.filter((e) => e.kind === 'directive.terminate-confirmed')).toMatchObject([{ actor: 'supervisor', payload: { confirmedBy: 'supervisor', confirmation: 'second-factor' } }]);
    expect(JSON.stringify(trail)).not.toContain(totpCode(secret, Date.now(), 1));
  });
});
