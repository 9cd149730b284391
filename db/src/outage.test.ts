// A database that is away is told apart from a statement that failed, on the errors the drivers really throw.
import { createServer } from 'node:net';
import { createPostgresDatabase, createSqliteDatabase } from '../../test/support/databases';
import { openDatabase } from './connection';
import { isDatabaseUnavailable } from './outage';

async function caught(work: () => Promise<unknown>): Promise<unknown> {
  try {
    await work();
  } catch (err) {
    return err;
  }
  throw new Error('expected the statement to fail');
}

/** A port nothing listens on. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe('isDatabaseUnavailable', () => {
  test('a PostgreSQL server that is not there, and one that ends the session (as a restart does)', async () => {
    // given a server nobody listens for
    const nowhere = openDatabase({ client: 'postgres', connectionString: `postgres://u:p@127.0.0.1:${await closedPort()}/none` });
    try {
      // then connecting fails as an outage
      expect(isDatabaseUnavailable(await caught(() => nowhere.raw('select 1')))).toBe(true);
    } finally {
      await nowhere.destroy();
    }
    const database = await createPostgresDatabase();
    try {
      // a statement that is wrong is not an outage
      expect(isDatabaseUnavailable(await caught(() => database.db.raw('select * from no_such_table')))).toBe(false);
      // when the server terminates the session (what a fast shutdown does to every open connection), it is
      const terminated = await caught(() => database.db.raw('select pg_terminate_backend(pg_backend_pid())'));
      expect(isDatabaseUnavailable(terminated)).toBe(true);
    } finally {
      await database.close();
    }
  });

  test('SQLite: a conflict or a bad statement is not an outage', async () => {
    const database = await createSqliteDatabase();
    try {
      await database.db.schema.createTable('t', (t) => { t.integer('id').primary(); });
      await database.db('t').insert({ id: 1 });
      expect(isDatabaseUnavailable(await caught(() => database.db('t').insert({ id: 1 })))).toBe(false);
      expect(isDatabaseUnavailable(await caught(() => database.db.raw('select from')))).toBe(false);
      expect(isDatabaseUnavailable(undefined)).toBe(false);
    } finally {
      await database.close();
    }
  });
});
