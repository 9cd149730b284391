// The lockout counts every wrong password, however many arrive at once (twenty parallel guesses used to count as
// one: the counter was read before the password check and written after it), on SQLite and PostgreSQL.
import { User } from '@ggzy/db';
import { DATABASES, DEMO_PASSWORD, createSeededDatabase, type TestDatabase } from '../../../test/support/databases';
import { AppError } from '../http/errors';
import { LOCK_MS, MAX_FAILED_LOGINS, login } from './sessions';

describe.each(DATABASES)('login lockout on %s', (_name, create) => {
  let database: TestDatabase;
  beforeEach(async () => { database = await createSeededDatabase(create); });
  afterEach(async () => { await database.close(); });

  const codeOf = (p: Promise<unknown>) => p.then(() => 'OK', (err: unknown) => (err instanceof AppError ? err.code : String(err)));

  test('twenty parallel wrong passwords lock the account once; the right password is then refused too', async () => {
    const now = new Date();
    const answers = await Promise.all(Array.from({ length: 20 }, () => codeOf(login(database.db, 'supervisor', 'wrong-password', now))));
    expect(answers.filter((a) => a === 'AUTH_LOCKED').length).toBeGreaterThanOrEqual(20 - (MAX_FAILED_LOGINS - 1));
    expect(answers.filter((a) => a === 'AUTH_INVALID_CREDENTIALS').length).toBe(MAX_FAILED_LOGINS - 1);
    const user = (await User.query(database.db).findOne({ username: 'supervisor' }))!;
    expect(new Date(user.locked_until!).getTime()).toBe(now.getTime() + LOCK_MS);
    expect(user.failed_logins).toBe(0);
    // one lockout on the trail for a privileged user, not one per guess
    expect((await database.db('supervision_events').where('kind', 'auth.locked')).length).toBe(1);
    expect(await codeOf(login(database.db, 'supervisor', DEMO_PASSWORD, new Date(now.getTime() + 1000)))).toBe('AUTH_LOCKED');
    // after the lock runs out, the right password works and clears the count
    expect(await codeOf(login(database.db, 'supervisor', DEMO_PASSWORD, new Date(now.getTime() + LOCK_MS + 1000)))).toBe('OK');
  });

  test('fewer wrong passwords than the limit are each counted, and a success clears them', async () => {
    await Promise.all([1, 2, 3].map(() => codeOf(login(database.db, 'staff', 'nope'))));
    expect((await User.query(database.db).findOne({ username: 'staff' }))!.failed_logins).toBe(3);
    expect(await codeOf(login(database.db, 'staff', DEMO_PASSWORD))).toBe('OK');
    expect((await User.query(database.db).findOne({ username: 'staff' }))!.failed_logins).toBe(0);
  });
});
