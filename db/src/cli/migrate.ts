// `node db/dist/cli/migrate.js`: brings the configured database to the latest schema (a one-shot job in production).
import { ConfigError, describeDatabase, loadRuntimeConfig } from '../config';
import { databaseAnswers, openDatabase } from '../connection';
import { migrateLatest } from '../migrate';

async function main(): Promise<void> {
  const config = loadRuntimeConfig();
  const db = openDatabase(config.database);
  try {
    if (!(await databaseAnswers(db, 10_000))) throw new ConfigError(`cannot reach the database (${describeDatabase(config.database)})`);
    const applied = await migrateLatest(db);
    process.stdout.write(`[migrate] ${describeDatabase(config.database)}: ${applied.length ? applied.join(', ') : 'already up to date'}\n`);
  } finally {
    await db.destroy();
  }
}

main().catch((err: Error) => {
  process.stderr.write(`[migrate] error: ${err.message}\n`);
  process.exit(1);
});
