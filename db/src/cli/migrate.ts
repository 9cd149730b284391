// `node db/dist/cli/migrate.js`: brings the configured database to the latest schema (a one-shot job in production),
// connected as the role that owns the schema; with GGZY_DB_RUNTIME_ROLE set (PostgreSQL) it then grants that role —
// the one the api and the workers connect as — its rights, the trail append-only (database-roles.ts).
import { ConfigError, describeDatabase, loadRuntimeConfig } from '../config';
import { databaseAnswers, openDatabase } from '../connection';
import { migrateLatest } from '../migrate';
import { grantRuntimeRole } from '../database-roles';

async function main(): Promise<void> {
  const config = loadRuntimeConfig();
  const db = openDatabase(config.database);
  try {
    if (!(await databaseAnswers(db, 10_000))) throw new ConfigError(`cannot reach the database (${describeDatabase(config.database)})`);
    const applied = await migrateLatest(db);
    process.stdout.write(`[migrate] ${describeDatabase(config.database)}: ${applied.length ? applied.join(', ') : 'already up to date'}\n`);
    const runtimeRole = process.env.GGZY_DB_RUNTIME_ROLE?.trim();
    if (runtimeRole) {
      await grantRuntimeRole(db, runtimeRole);
      process.stdout.write(`[migrate] granted ${runtimeRole} the runtime rights (the trail append-only)\n`);
    }
  } finally {
    await db.destroy();
  }
}

main().catch((err: Error) => {
  process.stderr.write(`[migrate] error: ${err.message}\n`);
  process.exit(1);
});
