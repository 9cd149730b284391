// User administration and separation of duties (三权分立) through the api, on SQLite and PostgreSQL: the security
// administrator administers the business users of its regions and nothing else; the system administrator appoints
// security administrators and administers no one else; nobody grants itself or another role's rights, nobody
// administers its own account; disabling, a new role and sign-out everywhere end the user's sessions; every act is on
// the trail with who did it to whom, never a password.
import { DATABASES, DEMO_PASSWORD, createSeededDatabase, type TestDatabase } from '../support/databases';
import { call, loginAs, startPlatform, type RunningPlatform } from '../support/platform';

jest.setTimeout(120_000);

interface TrailRow { actor: string; payload: Record<string, unknown> }

describe.each(DATABASES)('user administration on %s', (_name, create) => {
  let database: TestDatabase;
  let platform: RunningPlatform;
  let secadmin: string;
  let admin: string;
  beforeAll(async () => {
    database = await createSeededDatabase(create);
    platform = await startPlatform(database.db, { withWorker: false });
    secadmin = await loginAs(platform.baseUrl, 'secadmin', DEMO_PASSWORD);
    admin = await loginAs(platform.baseUrl, 'admin', DEMO_PASSWORD);
  });
  afterAll(async () => {
    await platform?.stop();
    await database?.close();
  });

  const base = () => platform.baseUrl;
  const login = (username: string, password: string) => call(base(), 'POST', '/api/auth/login', { body: { username, password } });
  async function trail(kind: string, user: string): Promise<TrailRow[]> {
    const rows = await database.db('supervision_events').where('kind', kind).select('actor', 'payload');
    return rows.map((r: { actor: string; payload: unknown }) => ({ actor: r.actor, payload: typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload as Record<string, unknown> }))
      .filter((r: TrailRow) => r.payload.user === user);
  }
  /** Creates a user as an administrator and signs it in with a changed password; answers the user's password. */
  async function created(token: string, username: string, role: string, regionCode: string): Promise<{ password: string; temporary: string }> {
    const res = await call(base(), 'POST', '/api/users', { token, body: { username, displayName: `测试 ${username}`, role, regionCode } });
    expect([res.status, res.body.user?.username]).toEqual([201, username]);
    const signedIn = await login(username, res.body.temporaryPassword);
    expect(signedIn.body.user.pendingStep).toBe('change-password');
    const password = `Changed-${[...username].reverse().join("")}-2031`;
    expect((await call(base(), 'POST', '/api/auth/password', { token: signedIn.body.token, body: { currentPassword: res.body.temporaryPassword, newPassword: password } })).status).toBe(200);
    return { password, temporary: res.body.temporaryPassword };
  }

  test('the security administrator creates a business user: a temporary password to change at the first sign-in, on the trail without it', async () => {
    const { password, temporary } = await created(secadmin, 'ua_staff', 'staff', '990100');
    expect((await login('ua_staff', password)).status).toBe(200);
    const events = await trail('user.created', 'ua_staff');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actor: 'secadmin', payload: { user: 'ua_staff', by: 'secadmin', grantedRole: 'staff', regionCode: '990100' } });
    expect(JSON.stringify(events)).not.toContain(temporary);
    const listed = await call(base(), 'GET', '/api/users?q=ua_staff', { token: secadmin });
    expect(listed.body.items.map((u: { username: string; createdBy: string }) => [u.username, u.createdBy])).toEqual([['ua_staff', 'secadmin']]);
    // the same name again, a bad name, a party, an empty change
    expect((await call(base(), 'POST', '/api/users', { token: secadmin, body: { username: 'ua_staff', displayName: 'x', role: 'staff', regionCode: '990100' } })).body.error.code).toBe('USERNAME_TAKEN');
    expect((await call(base(), 'POST', '/api/users', { token: secadmin, body: { username: 'Bad Name', displayName: 'x', role: 'staff', regionCode: '990100' } })).status).toBe(400);
    expect((await call(base(), 'POST', '/api/users', { token: secadmin, body: { username: 'ua_party', displayName: 'x', role: 'party', regionCode: '990100' } })).status).toBe(400);
    expect((await call(base(), 'PATCH', '/api/users/ua_staff', { token: secadmin, body: {} })).status).toBe(400);
  });

  test('no self-grant: the security administrator grants only the business roles, never to itself, and administers no officer', async () => {
    const code = async (method: string, path: string, body?: unknown) => {
      const res = await call(base(), method, path, { token: secadmin, ...(body !== undefined ? { body } : {}) });
      return `${res.status} ${res.body?.error?.code ?? ''}`.trim();
    };
    expect(await code('PATCH', '/api/users/secadmin', { role: 'admin' })).toBe('403 USER_ADMINISTER_OWN');
    expect(await code('POST', '/api/users/secadmin/password-reset')).toBe('403 USER_ADMINISTER_OWN');
    for (const role of ['security_admin', 'admin', 'auditor']) {
      expect(await code('POST', '/api/users', { username: `ua_${role}`, displayName: 'x', role, regionCode: '990100' })).toBe('403 ROLE_NOT_ASSIGNABLE');
      expect(await code('PATCH', '/api/users/staff', { role })).toBe('403 ROLE_NOT_ASSIGNABLE');
    }
    // the officers are out of its reach: as if they did not exist
    for (const officer of ['admin', 'auditor']) {
      expect(await code('POST', `/api/users/${officer}/password-reset`)).toBe('404 USER_NOT_FOUND');
      expect(await code('PATCH', `/api/users/${officer}`, { disabled: true })).toBe('404 USER_NOT_FOUND');
      expect(await code('DELETE', `/api/users/${officer}/sessions`)).toBe('404 USER_NOT_FOUND');
    }
    const listed = await call(base(), 'GET', '/api/users?limit=200', { token: secadmin });
    expect(new Set(listed.body.items.map((u: { role: string }) => u.role))).toEqual(new Set(['designer', 'staff', 'supervisor']));
    expect((await call(base(), 'GET', '/api/users?role=admin', { token: secadmin })).body.items).toEqual([]);
    // nothing of the refused acts happened
    expect((await login('admin', DEMO_PASSWORD)).status).toBe(200);
    expect(await trail('user.created', 'ua_admin')).toEqual([]);
  });

  test('the system administrator appoints security administrators and administers no one else; a security administrator cannot touch another', async () => {
    const { password } = await created(admin, 'ua_secadmin_dh', 'security_admin', '990100');
    const appointed = await loginAs(base(), 'ua_secadmin_dh', password);
    expect((await call(base(), 'POST', '/api/users', { token: admin, body: { username: 'ua_by_admin', displayName: 'x', role: 'staff', regionCode: '990100' } })).body.error.code).toBe('ROLE_NOT_ASSIGNABLE');
    expect((await call(base(), 'POST', '/api/users/staff/password-reset', { token: admin })).body.error.code).toBe('USER_NOT_FOUND');
    expect((await call(base(), 'PATCH', '/api/users/admin', { token: admin, body: { role: 'security_admin' } })).body.error.code).toBe('USER_ADMINISTER_OWN');
    expect((await call(base(), 'PATCH', '/api/users/ua_secadmin_dh', { token: admin, body: { role: 'staff' } })).body.error.code).toBe('ROLE_NOT_ASSIGNABLE');
    const listed = await call(base(), 'GET', '/api/users', { token: admin });
    expect(listed.body.items.map((u: { username: string }) => u.username).sort()).toEqual(['secadmin', 'ua_secadmin_dh']);
    // security administrators do not administer each other
    expect((await call(base(), 'PATCH', '/api/users/ua_secadmin_dh', { token: secadmin, body: { disabled: true } })).body.error.code).toBe('USER_NOT_FOUND');
    expect((await call(base(), 'POST', '/api/users/secadmin/password-reset', { token: appointed })).body.error.code).toBe('USER_NOT_FOUND');
    // the city's security administrator: its own city only
    expect((await call(base(), 'GET', '/api/users/staff2', { token: appointed })).body.error.code).toBe('USER_NOT_FOUND');
    expect((await call(base(), 'GET', '/api/users/staff', { token: appointed })).status).toBe(200);
    for (const regionCode of ['990200', '990000', '990900']) {
      expect((await call(base(), 'POST', '/api/users', { token: appointed, body: { username: `ua_r${regionCode}`, displayName: 'x', role: 'staff', regionCode } })).body.error.code).toBe('REGION_NOT_ASSIGNABLE');
    }
    expect((await call(base(), 'PATCH', '/api/users/staff', { token: appointed, body: { regionCode: '990200' } })).body.error.code).toBe('REGION_NOT_ASSIGNABLE');
    // the system administrator disables the security administrator it appointed: its session ends, it signs in no more
    expect((await call(base(), 'PATCH', '/api/users/ua_secadmin_dh', { token: admin, body: { disabled: true } })).body.disabled).toBe(true);
    expect((await call(base(), 'GET', '/api/users', { token: appointed })).body.error.code).toBe('SESSION_ENDED');
    expect((await login('ua_secadmin_dh', password)).body.error.code).toBe('ACCOUNT_DISABLED');
    expect((await trail('user.changed', 'ua_secadmin_dh')).map((e) => [e.actor, e.payload.changes])).toEqual([['admin', { disabled: { from: false, to: true } }]]);
  });

  test('each role keeps to its duty: no deals or trail for the administrators and designers, no users for the auditor', async () => {
    const designer = await loginAs(base(), 'designer', DEMO_PASSWORD);
    const auditor = await loginAs(base(), 'auditor', DEMO_PASSWORD);
    const status = async (token: string, path: string) => (await call(base(), 'GET', path, { token })).status;
    for (const token of [secadmin, admin, designer]) {
      expect(await status(token, '/api/process-instances')).toBe(403);
      expect(await status(token, '/api/supervision/events')).toBe(403);
    }
    expect(await status(designer, '/api/process-definitions')).toBe(200);
    expect(await status(secadmin, '/api/process-definitions')).toBe(403);
    expect(await status(auditor, '/api/users')).toBe(403);
    expect((await call(base(), 'POST', '/api/users/staff/unlock', { token: auditor })).status).toBe(403);
    expect(await status(auditor, '/api/supervision/events')).toBe(200);
    expect(await status(auditor, '/api/process-instances')).toBe(200);
  });

  test('disable and enable, a new role, unlock, sessions listed and ended: each ends what it must and is on the trail', async () => {
    const { password } = await created(secadmin, 'ua_worker', 'staff', '990100');
    const first = await loginAs(base(), 'ua_worker', password);
    const second = await loginAs(base(), 'ua_worker', password);
    const sessions = await call(base(), 'GET', '/api/users/ua_worker/sessions', { token: secadmin });
    expect(sessions.body.items).toHaveLength(3); // the password change kept its own session, and two sign-ins
    expect(JSON.stringify(sessions.body)).not.toMatch(/token|hash/i);
    const ended = await call(base(), 'DELETE', '/api/users/ua_worker/sessions', { token: secadmin });
    expect(ended.body.sessionsEnded).toBe(3);
    for (const token of [first, second]) expect((await call(base(), 'GET', '/api/auth/me', { token })).body.error.code).toBe('SESSION_ENDED');
    expect((await trail('user.sessions-ended', 'ua_worker'))[0]).toMatchObject({ actor: 'secadmin', payload: { sessions: 3 } });

    // a new role ends the sessions of the old one
    const asStaff = await loginAs(base(), 'ua_worker', password);
    const promoted = await call(base(), 'PATCH', '/api/users/ua_worker', { token: secadmin, body: { role: 'supervisor', displayName: '测试 监管' } });
    expect([promoted.status, promoted.body.role]).toEqual([200, 'supervisor']);
    expect((await call(base(), 'GET', '/api/auth/me', { token: asStaff })).body.error.code).toBe('SESSION_ENDED');
    const asSupervisor = await loginAs(base(), 'ua_worker', password);
    expect((await call(base(), 'GET', '/api/auth/me', { token: asSupervisor })).body.role).toBe('supervisor');
    expect((await trail('user.changed', 'ua_worker'))[0]).toMatchObject({
      actor: 'secadmin', payload: { changes: { role: { from: 'staff', to: 'supervisor' }, displayName: { from: '测试 ua_worker', to: '测试 监管' } } },
    });

    // disabled: the session ends, the right password is told so, a wrong one as any other
    await call(base(), 'PATCH', '/api/users/ua_worker', { token: secadmin, body: { disabled: true } });
    expect((await call(base(), 'GET', '/api/auth/me', { token: asSupervisor })).body.error.code).toBe('SESSION_ENDED');
    expect((await login('ua_worker', password)).body.error.code).toBe('ACCOUNT_DISABLED');
    expect((await login('ua_worker', 'wrong-password-1')).body.error.code).toBe('AUTH_INVALID_CREDENTIALS');
    expect((await call(base(), 'GET', '/api/users?status=disabled', { token: secadmin })).body.items.map((u: { username: string }) => u.username)).toEqual(['ua_worker']);
    await call(base(), 'PATCH', '/api/users/ua_worker', { token: secadmin, body: { disabled: false } });
    expect((await login('ua_worker', password)).status).toBe(200);

    // locked by wrong passwords, unlocked before the lock runs out
    for (let i = 0; i < 5; i++) await login('ua_worker', `wrong-${i}-password`);
    expect((await login('ua_worker', password)).body.error.code).toBe('AUTH_LOCKED');
    expect((await call(base(), 'GET', '/api/users?status=locked', { token: secadmin })).body.items.map((u: { username: string }) => u.username)).toEqual(['ua_worker']);
    expect((await call(base(), 'POST', '/api/users/ua_worker/unlock', { token: secadmin })).status).toBe(204);
    expect((await login('ua_worker', password)).status).toBe(200);
    expect((await trail('user.unlocked', 'ua_worker'))[0]).toMatchObject({ actor: 'secadmin', payload: { user: 'ua_worker', wasLocked: true } });

    // the second factor's reset and the password's, by the security administrator, on the trail
    expect((await call(base(), 'POST', '/api/users/ua_worker/second-factor-reset', { token: secadmin, body: { reason: '更换手机' } })).status).toBe(204);
    const reset = await call(base(), 'POST', '/api/users/ua_worker/password-reset', { token: secadmin });
    expect(reset.status).toBe(200);
    expect((await trail('auth.second-factor-reset', 'ua_worker')).map((e) => e.actor)).toEqual(['secadmin']);
    const resets = await trail('auth.password-reset', 'ua_worker');
    expect(resets.map((e) => e.actor)).toEqual(['secadmin']);
    const everything = JSON.stringify(await database.db('supervision_events').where('actor', 'secadmin').select('payload'));
    expect(everything).not.toContain(reset.body.temporaryPassword);
    expect(everything).not.toContain(password);
  });
});
