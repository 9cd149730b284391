import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import knexFactory, { type Knex } from 'knex';
import type { DatabaseConfig } from './config';

const load = createRequire(__filename);
type TransactionClass = new (...args: unknown[]) => { query(conn: unknown, sql: string): Promise<unknown>; begin(conn: unknown): Promise<unknown> };
type ClientClass = new (config: unknown) => { transaction(...args: unknown[]): unknown };
// knex's own SQLite client and transaction, which the platform's differ from in one statement only
const BetterSqlite3Client = load('knex/lib/dialects/better-sqlite3/index.js') as ClientClass;
const SqliteTransaction = load('knex/lib/dialects/sqlite3/execution/sqlite-transaction.js') as TransactionClass;

/**
 * A transaction that takes SQLite's write lock when it begins (BEGIN IMMEDIATE) rather than at its first write. The
 * embedded platform runs its api and its worker as two processes on one database file: a transaction that read first
 * and then wrote after the other process had written was refused at once (SQLITE_BUSY / BUSY_SNAPSHOT — SQLite cannot
 * wait there without a deadlock), while BEGIN IMMEDIATE waits its turn under the busy timeout. Writers queue; readers
 * outside a transaction are not held up (WAL).
 */
class ImmediateTransaction extends SqliteTransaction {
  override begin(conn: unknown) {
    return this.query(conn, 'BEGIN IMMEDIATE;');
  }
}

interface SqliteStatement {
  reader: boolean;
  safeIntegers(on: boolean): SqliteStatement;
  all(bindings: unknown[]): unknown[];
  run(bindings: unknown[]): { lastInsertRowid: number | bigint; changes: number };
}
interface SqliteConnection { prepare(sql: string): SqliteStatement }
interface QueryObject { sql?: string; bindings?: unknown[]; options?: unknown; response?: unknown; context?: unknown }

/** How many prepared statements a connection keeps: the platform's distinct statements, IN lists of every length. */
const STATEMENT_CACHE = 500;

/** Prepared statements per connection (not per client: knex runs a transaction's queries through a copy of it). */
const statements = new WeakMap<SqliteConnection, Map<string, SqliteStatement>>();

/**
 * knex's SQLite client with transactions that begin IMMEDIATE, and a prepared-statement cache per connection. knex
 * prepares every statement anew, which costs as much as running it for the short statements a step is made of;
 * SQLite re-prepares a cached statement itself when the schema changes.
 */
class PlatformSqliteClient extends BetterSqlite3Client {
  override transaction(...args: unknown[]) {
    return new ImmediateTransaction(this, ...args);
  }

  private statement(connection: SqliteConnection, sql: string): SqliteStatement {
    let cache = statements.get(connection);
    if (!cache) statements.set(connection, (cache = new Map()));
    let statement = cache.get(sql);
    if (statement) {
      // least recently used last: re-inserted on every use
      cache.delete(sql);
    } else {
      statement = connection.prepare(sql);
      if (cache.size >= STATEMENT_CACHE) cache.delete(cache.keys().next().value!);
    }
    cache.set(sql, statement);
    return statement;
  }

  // knex's own _query (better-sqlite3 dialect), with the statement taken from the cache
  async _query(connection: SqliteConnection, obj: QueryObject): Promise<QueryObject> {
    if (!obj.sql) throw new Error('The query is empty');
    if (!connection) throw new Error('No connection provided');
    const self = this as unknown as { _optSafeIntegers(o: unknown): boolean | undefined; _formatBindings(b: unknown): unknown[] };
    const statement = this.statement(connection, obj.sql);
    // a cached statement keeps what the last query set: every query sets it
    statement.safeIntegers(self._optSafeIntegers(obj.options) ?? false);
    const bindings = self._formatBindings(obj.bindings);
    if (statement.reader) {
      obj.response = statement.all(bindings);
      return obj;
    }
    const response = statement.run(bindings);
    obj.response = response;
    obj.context = { lastID: response.lastInsertRowid, changes: response.changes };
    return obj;
  }
}

// knex prints connection errors itself; the callers report them once, in their own words.
const quiet = { warn() {}, error() {}, deprecate() {}, debug() {} };

export type Db = Knex;

/** Opens the unified database. SQLite gets WAL, foreign keys and a busy timeout; PostgreSQL a pool. */
export function openDatabase(config: DatabaseConfig, options: { pool?: { min: number; max: number } } = {}): Db {
  if (config.client === 'sqlite') {
    if (config.filename !== ':memory:') mkdirSync(path.dirname(config.filename), { recursive: true });
    return knexFactory({
      client: PlatformSqliteClient as unknown as typeof Knex.Client,
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

/**
 * SQL aggregating `expression` of a group's rows into one comma-separated text (PostgreSQL's string_agg, SQLite's
 * group_concat): one row of ids where a row per id would cost more than the query.
 */
export function groupConcat(db: Db, expression: string, options: { distinct?: boolean } = {}): string {
  const distinct = options.distinct ? 'distinct ' : '';
  return isPostgres(db) ? `string_agg(${distinct}(${expression})::text, ',')` : `group_concat(${distinct}${expression})`;
}

/** The rows of a `knex.raw` answer, which has the driver's shape: pg a result object, better-sqlite3 the rows. */
export function rawRows(db: Db, result: unknown): Array<Record<string, unknown>> {
  return isPostgres(db) ? (result as { rows: Array<Record<string, unknown>> }).rows : (result as Array<Record<string, unknown>>);
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
