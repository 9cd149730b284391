// Recovery codes for the second factor through the api, on SQLite and PostgreSQL: ten one-time codes at enrolment,
// kept only as keyed hashes; one stands in for the authenticator's code at one sign-in (on the trail with how many
// remain), a spent one is refused; new ones need a fresh code and void the old; the security administrator resets
// another's second factor for a reason (codes revoked, sessions ended, enrolment again), never its own.
import { RecoveryCode, User } from '@ggzy/db';
import { DEFAULT_POLICY } from '@ggzy/api';
import { DATABASES, DEMO_PASSWORD, createSeededDatabase, type TestDatabase } from '../support/databases';
import { call, startPlatform, type RunningPlatform } from '../support/platform';
import { secretOfUri, totpCode } from '../support/totp';

jest.setTimeout(120_000);

describe.each(DATABASES)('recovery codes on %s', (_name, create) => {
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
  const login = (username: string, extra: Record<string, string> = {}) => call(base(), 'POST', '/api/auth/login', { body: { username, password: DEMO_PASSWORD, ...extra } });
  const trail = async (kind: string) => (await database.db('supervision_events').where('kind', kind).orderBy('seq').select('actor', 'payload'))
    .map((e: { actor: string; payload: string | object }) => ({ actor: e.actor, payload: (typeof e.payload === 'string' ? JSON.parse(e.payload) : e.payload) as Record<string, unknown> }));

  /** Enrols the user (the policy asks it at the first sign-in); answers the secret, the session and the recovery codes. */
  async function enrol(username: string): Promise<{ secret: string; token: string; codes: string[] }> {
    const first = await login(username);
    expect(first.body.user.pendingStep).toBe('enrol-second-factor');
    const token = first.body.token as string;
    const secret = secretOfUri((await call(base(), 'POST', '/api/auth/second-factor/enrolment', { token })).body.uri);
    const confirmed = await call(base(), 'POST', '/api/auth/second-factor/enrolment/confirm', { token, body: { code: totpCode(secret) } });
    expect(confirmed.status).toBe(200);
    return { secret, token, codes: confirmed.body.recoveryCodes };
  }

  test('ten codes at enrolment, kept hashed; each signs in once in place of the code, on the trail with how many remain', async () => {
    const { secret, token, codes } = await enrol('supervisor');
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[0-9a-hjkmnp-tv-z]{5}-[0-9a-hjkmnp-tv-z]{5}$/);
    const user = (await User.query(database.db).findOne({ username: 'supervisor' }))!;
    const rows = await RecoveryCode.query(database.db).where('user_id', user.id);
    expect(rows).toHaveLength(10);
    const stored = JSON.stringify(rows);
    for (const code of codes) {
      expect(stored).not.toContain(code);
      expect(stored).not.toContain(code.replace('-', ''));
    }
    expect((await call(base(), 'GET', '/api/auth/second-factor/recovery-codes', { token })).body).toEqual({ enrolled: true, remaining: 10 });

    // the password alone is step one; a recovery code is step two
    expect((await login('supervisor')).body.error.code).toBe('SECOND_FACTOR_REQUIRED');
    const used = await login('supervisor', { recoveryCode: codes[0]! });
    expect(used.status).toBe(200);
    expect(used.body.recoveryCodesRemaining).toBe(9);
    expect(used.body.user.pendingStep).toBeUndefined();
    // spent: refused, counted as a failed second factor
    const again = await login('supervisor', { recoveryCode: codes[0]! });
    expect([again.status, again.body.error.code]).toEqual([401, 'RECOVERY_CODE_INVALID']);
    expect(again.headers.get('set-cookie')).toBeNull();
    expect((await login('supervisor', { recoveryCode: 'zzzzz-zzzzz' })).body.error.code).toBe('RECOVERY_CODE_INVALID');
    // as typed from paper: upper case, no hyphen, spaces
    const typed = codes[1]!.toUpperCase().replace('-', ' ');
    expect((await login('supervisor', { recoveryCode: typed })).body.recoveryCodesRemaining).toBe(8);
    // the code and a recovery code at once is a malformed request
    expect((await login('supervisor', { code: totpCode(secret), recoveryCode: codes[2]! })).status).toBe(400);

    const usedEvents = await trail('auth.recovery-code-used');
    expect(usedEvents).toEqual([
      { actor: 'supervisor', payload: expect.objectContaining({ remaining: 9 }) },
      { actor: 'supervisor', payload: expect.objectContaining({ remaining: 8 }) },
    ]);
    expect((await trail('auth.second-factor-failed')).filter((e) => e.payload.with === 'recovery-code')).toHaveLength(2);
    const everything = JSON.stringify(await database.db('supervision_events').select('payload'));
    for (const code of codes) expect(everything).not.toContain(code);
    expect((await call(base(), 'GET', '/api/auth/second-factor/recovery-codes', { token })).body.remaining).toBe(8);
  });

  test('new codes need a fresh authenticator code; the old ones, spent or not, stop working', async () => {
    const { secret, token, codes } = await enrol('auditor');
    const regenerate = (code: string) => call(base(), 'POST', '/api/auth/second-factor/recovery-codes', { token, body: { code } });
    // the code the enrolment was confirmed with is used already; a code of another time is wrong
    const stale = await regenerate(totpCode(secret));
    expect([stale.status, stale.body.error.code]).toEqual([403, 'RECOVERY_CODES_CODE_WRONG']);
    expect((await regenerate(totpCode(secret, Date.now(), 6))).body.error.code).toBe('RECOVERY_CODES_CODE_WRONG');
    const fresh = await regenerate(totpCode(secret, Date.now(), 1));
    expect(fresh.status).toBe(200);
    const renewed = fresh.body.recoveryCodes as string[];
    expect(renewed).toHaveLength(10);
    expect(renewed.filter((c) => codes.includes(c))).toEqual([]);
    expect((await login('auditor', { recoveryCode: codes[3]! })).body.error.code).toBe('RECOVERY_CODE_INVALID');
    expect((await login('auditor', { recoveryCode: renewed[0]! })).body.recoveryCodesRemaining).toBe(9);
    expect((await trail('auth.recovery-codes-regenerated')).map((e) => [e.actor, e.payload.unspentBefore])).toEqual([['auditor', 10]]);
  });

  test('the security administrator resets another\'s second factor for a reason: codes revoked, sessions ended, enrolment again; never its own', async () => {
    const { token: admin } = await enrol('secadmin');
    const { token: staffToken, codes } = await enrol('staff');
    const reset = (username: string, body?: unknown) => call(base(), 'POST', `/api/users/${username}/second-factor-reset`, { token: admin, ...(body !== undefined ? { body } : {}) });
    expect((await reset('staff')).status).toBe(400); // the reason is required
    expect((await reset('staff', { reason: ' ' })).status).toBe(400);
    const own = await reset('secadmin', { reason: '自己的手机丢了' });
    expect([own.status, own.body.error.code]).toEqual([403, 'USER_ADMINISTER_OWN']);
    expect((await User.query(database.db).findOne({ username: 'secadmin' }))!.totp_enabled_at).not.toBeNull();
    // the user cannot reset its own either: the route is the administrators'
    expect((await call(base(), 'POST', '/api/users/staff/second-factor-reset', { token: staffToken, body: { reason: '手机丢失' } })).status).toBe(403);

    expect((await reset('staff', { reason: '手机丢失，本人到窗口核实身份' })).status).toBe(204);
    expect((await call(base(), 'GET', '/api/auth/me', { token: staffToken })).body.error.code).toBe('SESSION_ENDED');
    const staff = (await User.query(database.db).findOne({ username: 'staff' }))!;
    expect(await RecoveryCode.query(database.db).where('user_id', staff.id)).toEqual([]);
    // the password signs in to the enrolment only; the old recovery codes are nothing now
    const next = await login('staff');
    expect(next.body.user.pendingStep).toBe('enrol-second-factor');
    expect((await call(base(), 'GET', '/api/tasks', { token: next.body.token })).body.error.code).toBe('SECOND_FACTOR_ENROLMENT_REQUIRED');
    expect((await login('staff', { recoveryCode: codes[0]! })).body.user.pendingStep).toBe('enrol-second-factor');
    expect(await RecoveryCode.query(database.db).where('user_id', staff.id).whereNotNull('used_at')).toEqual([]);
    expect((await trail('auth.second-factor-reset')).map((e) => [e.actor, e.payload.user, e.payload.reason, e.payload.recoveryCodesRevoked]))
      .toEqual([['secadmin', 'staff', '手机丢失，本人到窗口核实身份', 10]]);
  });
});
