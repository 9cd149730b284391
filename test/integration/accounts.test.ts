// Passwords and the second factor through the api, on SQLite and PostgreSQL: the policy, a change that ends the other
// sessions, an administrator's reset that forces a change at the next sign-in, and TOTP (RFC 6238) — enrolment
// confirmed with a first code, sign-in in two steps, a code good once, wrong codes counted toward the lockout; all on
// the trail without a password, a code or a secret.
import { User } from '@ggzy/db';
import { DATABASES, DEMO_PASSWORD, createSeededDatabase, type TestDatabase } from '../support/databases';
import { call, loginAs, startPlatform, type RunningPlatform } from '../support/platform';
import { secretOfUri, totpCode } from '../support/totp';
import { DEFAULT_POLICY } from '@ggzy/api';

jest.setTimeout(120_000);

describe.each(DATABASES)('accounts on %s', (_name, create) => {
  let database: TestDatabase;
  let platform: RunningPlatform;
  beforeAll(async () => {
    database = await createSeededDatabase(create);
    platform = await startPlatform(database.db, { withWorker: false, accountPolicy: { ...DEFAULT_POLICY, requireSecondFactor: true } });
  });
  afterAll(async () => {
    await platform?.stop();
    await database?.close();
  });

  const base = () => platform.baseUrl;
  const trail = async (kind: string) => database.db('supervision_events').where('kind', kind).select('actor', 'payload');
  const login = (username: string, password: string, code?: string) => call(base(), 'POST', '/api/auth/login', { body: { username, password, ...(code ? { code } : {}) } });

  /** Signs in as a user who must enrol (the policy requires it) and enrols; answers the secret. */
  async function enrol(username: string, password = DEMO_PASSWORD): Promise<{ secret: string; token: string }> {
    const first = await login(username, password);
    expect(first.status).toBe(200);
    expect(first.body.user.pendingStep).toBe('enrol-second-factor');
    const token = first.body.token as string;
    const started = await call(base(), 'POST', '/api/auth/second-factor/enrolment', { token });
    expect(started.status).toBe(201);
    expect(started.body.uri).toMatch(/^otpauth:\/\/totp\/.+\?.*secret=[A-Z2-7]+/);
    const secret = secretOfUri(started.body.uri);
    expect(secret).toBe(started.body.secret);
    expect((await call(base(), 'POST', '/api/auth/second-factor/enrolment/confirm', { token, body: { code: totpCode(secret, Date.now(), 5) } })).body.error.code).toBe('SECOND_FACTOR_CONFIRMATION_FAILED');
    expect((await call(base(), 'POST', '/api/auth/second-factor/enrolment/confirm', { token, body: { code: totpCode(secret) } })).status).toBe(200);
    return { secret, token };
  }

  test('with the second factor required, a sign-in without one reaches only the enrolment; then the code is asked every time, once each', async () => {
    const first = await login('supervisor', DEMO_PASSWORD);
    const refused = await call(base(), 'GET', '/api/tasks', { token: first.body.token });
    expect([refused.status, refused.body.error.code]).toEqual([403, 'SECOND_FACTOR_ENROLMENT_REQUIRED']);
    const { secret, token } = await enrol('supervisor');
    expect((await call(base(), 'GET', '/api/tasks', { token })).status).toBe(200);
    // the secret is kept sealed: not in the row in clear
    const row = (await User.query(database.db).findOne({ username: 'supervisor' }))!;
    expect(row.totp_secret).not.toContain(secret);
    expect(row.totp_enabled_at).not.toBeNull();

    // step one: the password; answered 401 SECOND_FACTOR_REQUIRED and no session
    const stepOne = await login('supervisor', DEMO_PASSWORD);
    expect([stepOne.status, stepOne.body.error.code]).toEqual([401, 'SECOND_FACTOR_REQUIRED']);
    expect(stepOne.headers.get('set-cookie')).toBeNull();
    // the code just used for the confirmation is not good again; the next step's is
    expect((await login('supervisor', DEMO_PASSWORD, totpCode(secret))).body.error.code).toBe('SECOND_FACTOR_INVALID');
    const next = totpCode(secret, Date.now(), 1);
    const signedIn = await login('supervisor', DEMO_PASSWORD, next);
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.user).toMatchObject({ secondFactor: true });
    expect(signedIn.body.user.pendingStep).toBeUndefined();
    // the same code again (not the code of whatever step the clock has reached meanwhile): used, refused
    expect((await login('supervisor', DEMO_PASSWORD, next)).body.error.code).toBe('SECOND_FACTOR_INVALID');
    // re-enrolment needs the administrator
    expect((await call(base(), 'POST', '/api/auth/second-factor/enrolment', { token: signedIn.body.token })).body.error.code).toBe('SECOND_FACTOR_ALREADY_ENROLLED');
    // wrong codes count toward the lockout, as wrong passwords do
    const answers: string[] = [];
    for (let i = 0; i < 6; i++) answers.push((await login('supervisor', DEMO_PASSWORD, '000000')).body.error.code);
    expect(answers.slice(-2)).toEqual(['AUTH_LOCKED', 'AUTH_LOCKED']);
    expect(answers.filter((a) => a === 'SECOND_FACTOR_INVALID').length).toBeGreaterThanOrEqual(3);
    expect((await login('supervisor', DEMO_PASSWORD, totpCode(secret, Date.now(), -1))).body.error.code).toBe('AUTH_LOCKED');
    const events = JSON.stringify([...await trail('auth.second-factor-failed'), ...await trail('auth.second-factor-enrolled'), ...await trail('auth.locked')]);
    expect(events).toContain('supervisor');
    expect(events).not.toContain(secret);
    expect(events).not.toContain('000000');
    expect(events).not.toContain(DEMO_PASSWORD);
  });

  test('a password change needs the current one and passes the policy; the user\'s other sessions end', async () => {
    const { secret, token } = await enrol('auditor');
    const other = await login('auditor', DEMO_PASSWORD, totpCode(secret, Date.now(), 1));
    expect(other.status).toBe(200);
    const change = (body: unknown) => call(base(), 'POST', '/api/auth/password', { token, body });
    expect((await change({ currentPassword: 'wrong', newPassword: 'Harbour-lights-2031' })).body.error.code).toBe('PASSWORD_WRONG');
    const weak = await change({ currentPassword: DEMO_PASSWORD, newPassword: 'Password123!' });
    expect([weak.status, weak.body.error.code]).toEqual([422, 'PASSWORD_POLICY']);
    expect(weak.body.error.details.map((d: { code: string }) => d.code)).toEqual(['common']);
    const changed = await change({ currentPassword: DEMO_PASSWORD, newPassword: 'Harbour-lights-2031' });
    expect(changed.status).toBe(200);
    expect(changed.body.sessionsEnded).toBe(1);
    const ended = await call(base(), 'GET', '/api/auth/me', { token: other.body.token });
    expect([ended.status, ended.body.error.code]).toEqual([401, 'SESSION_ENDED']);
    expect((await call(base(), 'GET', '/api/auth/me', { token })).status).toBe(200);
    // the new password is the one now (the code of this step was used already: a right password is asked for the code)
    expect((await login('auditor', 'Harbour-lights-2031')).body.error.code).toBe('SECOND_FACTOR_REQUIRED');
    expect((await login('auditor', DEMO_PASSWORD)).body.error.code).toBe('AUTH_INVALID_CREDENTIALS');
    expect(JSON.stringify(await trail('auth.password-changed'))).not.toContain('Harbour');
  });

  test('a wrong current password is a counted guess: the fifth locks the account', async () => {
    const signedIn = await login('staff2', DEMO_PASSWORD); // pending enrolment: the password change is reachable still
    const answers: Array<[number, string]> = [];
    for (let i = 0; i < 5; i++) {
      const res = await call(base(), 'POST', '/api/auth/password', { token: signedIn.body.token, body: { currentPassword: `guess-${i}`, newPassword: 'Harbour-lights-2031' } });
      answers.push([res.status, res.body.error.code]);
    }
    expect(answers).toEqual([...Array(4).fill([403, 'PASSWORD_WRONG']), [423, 'AUTH_LOCKED']]);
    expect((await login('staff2', DEMO_PASSWORD)).body.error.code).toBe('AUTH_LOCKED');
    expect(JSON.stringify(await trail('auth.login-failed'))).not.toContain('guess-');
  });

  test('the security administrator\'s reset: a temporary password, the user\'s sessions end, a change is forced at the next sign-in', async () => {
    const { token: adminToken } = await enrol('secadmin');
    const staffSession = await enrol('staff');
    // the system administrator administers no business user
    expect((await call(base(), 'POST', '/api/users/staff/password-reset', { token: (await enrol('admin')).token })).status).toBe(404);
    const reset = await call(base(), 'POST', '/api/users/staff/password-reset', { token: adminToken });
    expect(reset.status).toBe(200);
    const temporary = reset.body.temporaryPassword as string;
    expect(temporary).toHaveLength(20);
    expect((await call(base(), 'GET', '/api/auth/me', { token: staffSession.token })).body.error.code).toBe('SESSION_ENDED');
    const signedIn = await login('staff', temporary, totpCode(staffSession.secret, Date.now(), 1));
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.user.pendingStep).toBe('change-password');
    const token = signedIn.body.token as string;
    expect((await call(base(), 'GET', '/api/tasks', { token })).body.error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    expect((await call(base(), 'POST', '/api/auth/password', { token, body: { currentPassword: temporary, newPassword: 'Quiet-river-4096' } })).status).toBe(200);
    expect((await call(base(), 'GET', '/api/tasks', { token })).status).toBe(200);
    // one's own password is changed, not reset; a user of no region of the administrator's is not found
    expect((await call(base(), 'POST', '/api/users/secadmin/password-reset', { token: adminToken })).body.error.code).toBe('USER_ADMINISTER_OWN');
    expect((await call(base(), 'POST', '/api/users/nobody/password-reset', { token: adminToken })).status).toBe(404);
    const byStaff = await call(base(), 'POST', '/api/users/secadmin/password-reset', { token });
    expect(byStaff.status).toBe(403);
    // the second factor reset: the user enrols again at the next sign-in
    expect((await call(base(), 'POST', '/api/users/staff/second-factor-reset', { token: adminToken, body: { reason: '手机丢失' } })).status).toBe(204);
    expect((await login('staff', 'Quiet-river-4096')).body.user.pendingStep).toBe('enrol-second-factor');
    const reasons = await trail('auth.password-reset');
    expect(reasons.map((e: { actor: string }) => e.actor)).toEqual(['secadmin']);
    expect(JSON.stringify(reasons)).not.toContain(temporary);
    // tests elsewhere sign in as the demo users: the administrator's own sessions stay usable
    expect(await loginAs(base(), 'designer', DEMO_PASSWORD)).toBeTruthy();
  });
});
