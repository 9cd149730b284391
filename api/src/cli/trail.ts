import { ConfigError, databaseAnswers, describeDatabase, loadRuntimeConfig, openDatabase } from '@ggzy/db';
import { loadTrailKey, verifyTrail } from '@ggzy/domain';
import type { CliIo } from './validate';

const USAGE = 'usage: ggzy trail verify   (reads DATABASE_URL, else the SQLite file under GGZY_DATA_DIR)';

/**
 * `ggzy trail verify`: recomputes the supervision trail of the configured database. Prints one JSON object;
 * exit 0 when it is intact, 1 when it was tampered with, 2 when the database cannot be read.
 */
export async function trailCommand(args: string[], io: CliIo): Promise<number> {
  if (args[0] !== 'verify' || args.length > 1) {
    io.err(USAGE);
    return 2;
  }
  let config;
  try {
    config = loadRuntimeConfig();
  } catch (err) {
    if (err instanceof ConfigError) { io.err(`ggzy: ${err.message}`); return 2; }
    throw err;
  }
  const db = openDatabase(config.database);
  try {
    if (!(await databaseAnswers(db, 5000))) {
      io.err(`ggzy: cannot reach the database (${describeDatabase(config.database)})`);
      return 2;
    }
    const verdict = await verifyTrail(db, loadTrailKey(config.dataDir, process.env, false));
    io.out(JSON.stringify(verdict));
    return verdict.ok ? 0 : 1;
  } catch (err) {
    io.err(`ggzy: cannot read the trail: ${(err as Error).message.split('\n')[0]}`);
    return 2;
  } finally {
    await db.destroy();
  }
}
