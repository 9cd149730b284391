import { mkdirSync } from 'node:fs';
import path from 'node:path';
import knexFactory, { type Knex } from 'knex';
import type { DatabaseConfig } from './config';

// knex prints connection errors itself; the callers report them once, in their own words.
const quiet = { warn() {}, error() {}, deprecate() {}, debug() {} };

export type Db = Knex;

/** Opens the unified database. SQLite gets WAL, foreign keys and a busy timeout; PostgreSQL a pool. */
export function openDatabase(config: DatabaseConfig, options: { pool?: { min: number; max: number } } = {}): Db {
  if (config.client === 'sqlite') {
    if (config.filename !== ':memory:') mkdirSync(path.dirname(config.filename), { recursive: true });
    return knexFactory({
      client: 'better-sqlite3',
      connection: { filename: config.filename },
      useNullAsDefault: true,
      log: quiet,
      pool: {
        min: 1,
        max: 1,
        afterCreate(conn: { pragma(sql: string): unknown }, done: (err: Error | null, conn: unknown) => void) {
          try {
            conn.pragma('journal_mode = WAL');
            conn.pragma('foreign_keys = ON');
            conn.pragma('busy_timeout = 5000');
            conn.pragma('synchronous = NORMAL');
            done(null, conn);
          } catch (err) {
            done(err as Error, conn);
          }
        },
      },
    });
  }
  return knexFactory({
    client: 'pg',
    connection: { connectionString: config.connectionString, connectionTimeoutMillis: 5000 },
    pool: options.pool ?? { min: 0, max: 10 },
    acquireConnectionTimeout: 10_000,
    log: quiet,
  });
}

export function isPostgres(db: Db): boolean {
  return db.client.config.client === 'pg';
}

/** Answers true when the database executes a statement; never throws. */
export async function databaseAnswers(db: Db, timeoutMs = 2000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      db.raw('select 1'),
      new Promise((_, reject) => { timer = setTimeout(() => reject(new Error('timeout')), timeoutMs); }),
    ]);
    return true;
  } catch {
    return false;
  } finally {
    if (timer) clearTimeout(timer);
  }
}
