import type { Db } from './connection';
import { migrationSource } from './migrations';

/** Brings the schema to the latest version; safe to run from several processes (knex takes a lock). */
export async function migrateLatest(db: Db): Promise<string[]> {
  const [, applied] = (await db.migrate.latest({ migrationSource, tableName: 'knex_migrations' })) as [number, string[]];
  return applied;
}
