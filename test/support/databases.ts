// Real databases for tests: a fresh SQLite file, or a throwaway PostgreSQL database, migrated and seeded.
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { migrateLatest, openDatabase, seedDemo, type DatabaseConfig, type Db } from '@ggzy/db';

export const DEMO_PASSWORD = 'demo-Passw0rd-for-tests';

export interface TestDatabase {
  kind: 'sqlite' | 'postgres';
  config: DatabaseConfig;
  db: Db;
  close(): Promise<void>;
}

function runDir(): string {
  const dir = process.env.GGZY_TEST_RUN_DIR;
  if (!dir) throw new Error('GGZY_TEST_RUN_DIR is unset: run the tests with npm test');
  return dir;
}

export async function createSqliteDatabase(): Promise<TestDatabase> {
  const config: DatabaseConfig = { client: 'sqlite', filename: path.join(runDir(), `db-${randomBytes(6).toString('hex')}.sqlite`) };
  const db = openDatabase(config);
  return { kind: 'sqlite', config, db, close: () => db.destroy() };
}

export async function createPostgresDatabase(): Promise<TestDatabase> {
  const adminUrl = process.env.GGZY_TEST_PG_URL;
  if (!adminUrl) throw new Error('GGZY_TEST_PG_URL is unset: run the tests with npm test');
  const name = `ggzy_t_${process.env.GGZY_TEST_RUN_ID}_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database "${name}"`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const config: DatabaseConfig = { client: 'postgres', connectionString: url.toString() };
  const db = openDatabase(config, { pool: { min: 0, max: 5 } });
  return { kind: 'postgres', config, db, close: () => db.destroy() };
}

export const DATABASES = [
  ['SQLite', createSqliteDatabase],
  ['PostgreSQL', createPostgresDatabase],
] as const;

/** A migrated database with the demo province and its users (password DEMO_PASSWORD). */
export async function createSeededDatabase(create: () => Promise<TestDatabase>): Promise<TestDatabase> {
  const database = await create();
  await migrateLatest(database.db);
  await seedDemo(database.db, DEMO_PASSWORD);
  return database;
}
