// The lockout counts every guess, however many arrive at once (twenty parallel guesses used to count as one: the
// counter was read before the password check and written after it), on SQLite and PostgreSQL; and sessions end when
// idle, when too many are open, when the user signs out everywhere, each refusal with its own code.
import { Session, User } from '@ggzy/db';
import { DATABASES, DEMO_PASSWORD, createSeededDatabase, type TestDatabase } from '../../../test/support/databases';
import { AppError } from '../http/errors';
import { DEFAULT_POLICY } from './account-policy';
import { LOCK_MS, MAX_FAILED_LOGINS, login, logoutEverywhere, resolveSession, sessionOpen } from './sessions';

describe.each(DATABASES)('login lockout and sessions on %s', (_name, create) => {
  let database: TestDatabase;
  beforeEach(async () => { database = await createSeededDatabase(create); });
  afterEach(async () => { await database.close(); });

  const codeOf = (p: Promise<unknown>) => p.then(() => 'OK', (err: unknown) => (err instanceof AppError ? err.code : String(err)));
  const events = async (kind: string) => database.db('supervision_events').where('kind', kind);

  test('twenty parallel wrong passwords lock the account once; the right password is then refused too', async () => {
    const now = new Date();
    const answers = await Promise.all(Array.from({ length: 20 }, () => codeOf(login(database.db, 'supervisor', 'wrong-password', { now }))));
    // every guess was counted before its password was checked: at most MAX-1 were told "wrong", the rest "locked"
    expect(answers.filter((a) => a === 'AUTH_INVALID_CREDENTIALS').length).toBeLessThanOrEqual(MAX_FAILED_LOGINS - 1);
    expect(answers.filter((a) => a === 'AUTH_LOCKED').length).toBeGreaterThanOrEqual(20 - (MAX_FAILED_LOGINS - 1));
    expect(answers.every((a) => a === 'AUTH_LOCKED' || a === 'AUTH_INVALID_CREDENTIALS')).toBe(true);
    const user = (await User.query(database.db).findOne({ username: 'supervisor' }))!;
    expect(new Date(user.locked_until!).getTime()).toBe(now.getTime() + LOCK_MS);
    // one lockout on the trail, not one per guess; the failures short of it are there too, without the password
    expect((await events('auth.locked')).length).toBe(1);
    const failed = await events('auth.login-failed');
    expect(failed.length).toBeGreaterThanOrEqual(1);
    expect(JSON.stringify(failed)).not.toContain('wrong-password');
    expect(await codeOf(login(database.db, 'supervisor', DEMO_PASSWORD, { now: new Date(now.getTime() + 1000) }))).toBe('AUTH_LOCKED');
    // after the lock runs out, the right password works and clears the count
    expect(await codeOf(login(database.db, 'supervisor', DEMO_PASSWORD, { now: new Date(now.getTime() + LOCK_MS + 1000) }))).toBe('OK');
    expect((await User.query(database.db).findOne({ username: 'supervisor' }))!.failed_logins).toBe(0);
  });

  test('fewer wrong passwords than the limit are each counted, and a success clears them', async () => {
    await Promise.all([1, 2, 3].map(() => codeOf(login(database.db, 'staff', 'nope'))));
    expect((await User.query(database.db).findOne({ username: 'staff' }))!.failed_logins).toBe(3);
    expect(await codeOf(login(database.db, 'staff', DEMO_PASSWORD))).toBe('OK');
    expect((await User.query(database.db).findOne({ username: 'staff' }))!.failed_logins).toBe(0);
  });

  test('an unknown name is answered as an existing one: wrong, then locked after as many guesses', async () => {
    const answers: string[] = [];
    for (let i = 0; i < MAX_FAILED_LOGINS + 1; i++) answers.push(await codeOf(login(database.db, 'nobody-here', 'guess')));
    const existing: string[] = [];
    for (let i = 0; i < MAX_FAILED_LOGINS + 1; i++) existing.push(await codeOf(login(database.db, 'auditor', 'guess')));
    expect(answers).toEqual(existing);
    expect(answers.at(-1)).toBe('AUTH_LOCKED');
  });

  test('a session ends when idle, when the user opens too many, and everywhere at once; each says why', async () => {
    const policy = { ...DEFAULT_POLICY, idleMs: 30 * 60_000, maxSessionsPerUser: 2 };
    const t0 = new Date('2026-03-02T01:00:00Z');
    const first = await login(database.db, 'staff', DEMO_PASSWORD, { policy, now: t0 });
    const second = await login(database.db, 'staff', DEMO_PASSWORD, { policy, now: new Date(t0.getTime() + 1000) });
    const third = await login(database.db, 'staff', DEMO_PASSWORD, { policy, now: new Date(t0.getTime() + 2000) });
    const at = (ms: number) => new Date(t0.getTime() + ms);
    expect(await resolveSession(database.db, first.token, at(3000), policy)).toEqual({ refusal: 'SESSION_REPLACED' });
    expect('principal' in (await resolveSession(database.db, second.token, at(3000), policy))).toBe(true);
    // used 20 minutes later: still open, and the use counts; 31 idle minutes after a use: ended
    expect('principal' in (await resolveSession(database.db, third.token, at(20 * 60_000), policy))).toBe(true);
    expect('principal' in (await resolveSession(database.db, third.token, at(45 * 60_000), policy))).toBe(true);
    expect(await resolveSession(database.db, second.token, at(45 * 60_000), policy)).toEqual({ refusal: 'SESSION_IDLE_TIMEOUT' });
    expect(await resolveSession(database.db, second.token, at(46 * 60_000), policy)).toEqual({ refusal: 'SESSION_IDLE_TIMEOUT' });
    // a live answer being watched (the opening hall's events) keeps its session in use
    expect(await sessionOpen(database.db, third.token, at(70 * 60_000), policy)).toBe(true);
    expect('principal' in (await resolveSession(database.db, third.token, at(95 * 60_000), policy))).toBe(true);
    // signing out everywhere ends the live one too
    const principal = (await resolveSession(database.db, third.token, at(96 * 60_000), policy) as { principal: { userId: number } }).principal;
    expect(await logoutEverywhere(database.db, { ...principal, sessionToken: third.token } as never, at(97 * 60_000))).toBe(1);
    expect(await resolveSession(database.db, third.token, at(97 * 60_000), policy)).toEqual({ refusal: 'SESSION_ENDED' });
    // a session past its absolute length, however busy
    const fourth = await login(database.db, 'staff', DEMO_PASSWORD, { policy, now: at(0) });
    for (let h = 1; h <= 7; h++) await resolveSession(database.db, fourth.token, at(h * 25 * 60_000), policy);
    expect(await resolveSession(database.db, fourth.token, at(8 * 60 * 60_000 + 1), policy)).toEqual({ refusal: 'SESSION_EXPIRED' });
    expect(await resolveSession(database.db, 'never-issued-token-000000', at(0), policy)).toEqual({ refusal: 'AUTH_REQUIRED' });
    const reasons = (await events('auth.session-ended')).map((e: { payload: string | { reason: string } }) => (typeof e.payload === 'string' ? JSON.parse(e.payload) : e.payload).reason);
    expect(reasons).toEqual(expect.arrayContaining(['replaced', 'idle', 'signed-out-everywhere', 'expired']));
    expect(await Session.query(database.db).where('user_id', principal.userId).whereNull('ended_at').resultSize()).toBe(0);
  });
});
