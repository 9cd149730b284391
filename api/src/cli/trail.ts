import { ConfigError, databaseAnswers, describeDatabase, loadRuntimeConfig, openDatabase } from '@ggzy/db';
import { compareWithWitness, fileWitness, httpWitness, loadTrailKey, verifyTrail, witnessFromEnv, type TrailWitness } from '@ggzy/domain';
import type { CliIo } from './validate';

const USAGE = 'usage: ggzy trail verify [--witness <file|http(s) URL>]   (reads DATABASE_URL, else the SQLite file under GGZY_DATA_DIR; the witness defaults to GGZY_TRAIL_WITNESS)';

function witnessOf(args: string[]): TrailWitness | null | 'usage' {
  if (args.length === 1) return witnessFromEnv();
  if (args.length !== 3 || args[1] !== '--witness' || !args[2]) return 'usage';
  return /^https?:\/\//i.test(args[2]) ? httpWitness(args[2], process.env.GGZY_TRAIL_WITNESS_TOKEN || undefined) : fileWitness(args[2]);
}

/**
 * `ggzy trail verify`: recomputes the supervision trail of the configured database and, when a witness is configured
 * or given, compares its checkpoints with the witness's (which shows the newest events deleted together with their
 * checkpoint). Prints one JSON object; exit 0 when it is intact, 1 when it was tampered with, 2 when the database or
 * the witness cannot be read.
 */
export async function trailCommand(args: string[], io: CliIo): Promise<number> {
  let witness: TrailWitness | null | 'usage' = 'usage';
  try {
    if (args[0] === 'verify') witness = witnessOf(args);
  } catch (err) {
    io.err(`ggzy: ${(err as Error).message}`);
    return 2;
  }
  if (witness === 'usage') {
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
    const key = loadTrailKey(config.dataDir, process.env, false);
    const verdict = await verifyTrail(db, key);
    if (!witness) {
      io.out(JSON.stringify(verdict));
      return verdict.ok ? 0 : 1;
    }
    let compared;
    try {
      compared = await compareWithWitness(db, key, witness);
    } catch (err) {
      io.err(`ggzy: cannot read the trail witness ${witness.description}: ${(err as Error).message.split('\n')[0]}`);
      return 2;
    }
    const ok = verdict.ok && compared.ok;
    io.out(JSON.stringify({ ...verdict, ok, witness: { at: witness.description, ...compared } }));
    return ok ? 0 : 1;
  } catch (err) {
    io.err(`ggzy: cannot read the trail: ${(err as Error).message.split('\n')[0]}`);
    return 2;
  } finally {
    await db.destroy();
  }
}
