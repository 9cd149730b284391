// The limiter's count is one upsert per attempt in the database: parallel attempts through separate connections (as
// from separate api processes) are each counted, and a new window starts afresh.
import { openDatabase } from '@ggzy/db';
import { DATABASES, createSeededDatabase, type TestDatabase } from '../../../test/support/databases';
import { RateLimiter } from './rate-limit';

describe.each(DATABASES)('the database rate limiter on %s', (_name, create) => {
  let database: TestDatabase;
  beforeAll(async () => { database = await createSeededDatabase(create); });
  afterAll(async () => { await database.close(); });

  test('a key over its limit is refused until the window ends, however the attempts are spread; other keys are unaffected', async () => {
    let now = 1_000_000;
    const other = openDatabase(database.config);
    try {
      const one = new RateLimiter(database.db, 5, 1000, () => now);
      const two = new RateLimiter(other, 5, 1000, () => now);
      const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 ? one : two).take('ip:a')));
      expect(answers.filter(Boolean).length).toBe(5);
      expect(await one.count('ip:a')).toBe(12);
      expect(await two.take('ip:b')).toBe(true);
      now += 1000;
      expect(await one.take('ip:a')).toBe(true);
      await one.sweep();
      now += 5000;
      await one.sweep();
      expect(await database.db('rate_windows').where('key', 'ip:a').select('hits')).toEqual([]);
    } finally {
      await other.destroy();
    }
  });
});
