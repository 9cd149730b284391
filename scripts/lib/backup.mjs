// 灾备: one backup holds everything a platform needs to come back — Temporal's databases, the platform's database and
// the secrets (without the bid-key secret no sealed bid opens; without the trail key no checkpoint verifies; without
// the payload keys no workflow history opens, so no deal carries on) — with a manifest of SHA-256 sums that the restore checks first.
//
// Order matters for a backup taken while deals run: Temporal's databases are dumped first, the platform's last. Each
// dump is one consistent snapshot, so the platform's holds every business change whose completion Temporal recorded;
// a change made after Temporal's snapshot is repeated on restore, and the activity's idempotency record answers it
// with the stored result. The deal-code counter is likewise never behind the workflows Temporal knows.
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { repoRoot, dataDir } from './paths.mjs';
import { run, which } from './exec.mjs';
import { SetupError, step } from './report.mjs';
import { ensurePostgres, pgParts, withPostgres } from './postgres.mjs';
import { TEMPORAL_SERVER_VERSION } from './temporal-server.mjs';
import { clusterDatabases } from './cluster.mjs';

const require = createRequire(path.join(repoRoot, 'package.json'));
const FORMAT = 'ggzy-backup/1';

const sha256 = (file) => createHash('sha256').update(readFileSync(file)).digest('hex');

async function pgTool(name) {
  const found = await which(name);
  if (!found) throw new SetupError(`${name} is not installed`, 'Install the PostgreSQL client (Debian: postgresql-client).');
  return found;
}

function writeManifest(out, manifest) {
  for (const file of Object.keys(manifest.files)) manifest.files[file] = sha256(path.join(out, file));
  writeFileSync(path.join(out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
}

function secureDir(dir) {
  if (existsSync(dir) && readdirSync(dir).length) throw new SetupError(`${dir} is not empty: a backup goes into a new directory`);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
}

/** A cluster's backup: its three PostgreSQL databases (custom-format dumps) and its secrets. */
export async function backupCluster({ name, out }) {
  const stateDir = path.join(dataDir(), name);
  const secrets = path.join(stateDir, 'secrets.json');
  if (!existsSync(secrets)) throw new SetupError(`no cluster "${name}" here (${secrets} is missing)`);
  const pg = pgParts(await ensurePostgres());
  const dbs = clusterDatabases(name);
  const pgDump = await pgTool('pg_dump');
  secureDir(out);
  const env = { ...process.env, PGPASSWORD: pg.password };
  const files = {};
  for (const [role, database] of [['temporal', dbs.main], ['visibility', dbs.visibility], ['platform', dbs.platform]]) {
    const file = `${role}.dump`;
    step(`backup: ${database} → ${file}`);
    await run(pgDump, ['-h', pg.host, '-p', String(pg.port), '-U', pg.user, '-Fc', '--no-owner', '--no-privileges', '-f', path.join(out, file), database], { env, quiet: true });
    chmodSync(path.join(out, file), 0o600);
    files[file] = null;
  }
  copyFileSync(secrets, path.join(out, 'secrets.json'));
  chmodSync(path.join(out, 'secrets.json'), 0o600);
  files['secrets.json'] = null;
  writeManifest(out, { format: FORMAT, kind: 'cluster', name, temporalServer: TEMPORAL_SERVER_VERSION, createdAt: new Date().toISOString(), files });
  return out;
}

/** The embedded platform's backup: both SQLite files through SQLite's online backup, and the secret files. */
export async function backupEmbedded({ out }) {
  const dir = dataDir();
  const Database = require('better-sqlite3');
  if (!existsSync(path.join(dir, 'ggzy.sqlite'))) throw new SetupError(`no platform database under ${dir}`);
  secureDir(out);
  const files = {};
  for (const file of ['temporal.db', 'ggzy.sqlite']) { // Temporal's first, for the reason above
    if (!existsSync(path.join(dir, file))) continue;
    step(`backup: ${file}`);
    const db = new Database(path.join(dir, file), { readonly: true, fileMustExist: true });
    try {
      await db.backup(path.join(out, file));
    } finally {
      db.close();
    }
    chmodSync(path.join(out, file), 0o600);
    files[file] = null;
  }
  for (const file of ['bid-key-secret', 'trail-signing-key.pem', 'payload-keys', 'second-factor-keys', 'seal-keys']) {
    if (!existsSync(path.join(dir, file))) continue;
    copyFileSync(path.join(dir, file), path.join(out, file));
    chmodSync(path.join(out, file), 0o600);
    files[file] = null;
  }
  writeManifest(out, { format: FORMAT, kind: 'embedded', createdAt: new Date().toISOString(), files });
  return out;
}

/** Reads a backup's manifest and checks every file against its SHA-256 before anything is restored. */
export function readBackup(from) {
  const manifestFile = path.join(from, 'manifest.json');
  if (!existsSync(manifestFile)) throw new SetupError(`${from} holds no backup (manifest.json is missing)`);
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
  if (manifest.format !== FORMAT) throw new SetupError(`${from}: unknown backup format ${manifest.format}`);
  for (const [file, sum] of Object.entries(manifest.files)) {
    const full = path.join(from, file);
    if (!existsSync(full)) throw new SetupError(`${from}: ${file} is missing`);
    if (sha256(full) !== sum) throw new SetupError(`${from}: ${file} does not match its SHA-256 in the manifest (damaged or altered); nothing was restored`);
  }
  return manifest;
}

/** Restores a cluster backup as the new cluster `name`: its databases must not exist yet; then `npm run cluster -- --name`. */
export async function restoreCluster({ from, name }) {
  const manifest = readBackup(from);
  if (manifest.kind !== 'cluster') throw new SetupError(`${from} is a backup of the embedded platform, not of a cluster`);
  const stateDir = path.join(dataDir(), name);
  if (existsSync(path.join(stateDir, 'secrets.json'))) throw new SetupError(`cluster "${name}" already exists here: restore into a new name`);
  const adminUrl = await ensurePostgres();
  const pg = pgParts(adminUrl);
  const dbs = clusterDatabases(name);
  await withPostgres(adminUrl, async (admin) => {
    for (const database of Object.values(dbs)) {
      const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
      if (found.rowCount) throw new SetupError(`database ${database} already exists: restore into a new cluster name`);
    }
    for (const database of Object.values(dbs)) await admin.query(`CREATE DATABASE "${database}"`);
  });
  const pgRestore = await pgTool('pg_restore');
  const env = { ...process.env, PGPASSWORD: pg.password };
  for (const [file, database] of [['temporal.dump', dbs.main], ['visibility.dump', dbs.visibility], ['platform.dump', dbs.platform]]) {
    step(`restore: ${file} → ${database}`);
    await run(pgRestore, ['-h', pg.host, '-p', String(pg.port), '-U', pg.user, '--no-owner', '--no-privileges', '--exit-on-error', '-d', database, path.join(from, file)], { env, quiet: true });
  }
  // Temporal's sql tool and server look their schema version up by database name: the restored rows carry the old one
  for (const database of [dbs.main, dbs.visibility]) {
    await withPostgres({ ...pg, database }, (client) => client.query('UPDATE schema_version SET db_name = $1 WHERE version_partition = 0', [database]));
  }
  mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  copyFileSync(path.join(from, 'secrets.json'), path.join(stateDir, 'secrets.json'));
  chmodSync(path.join(stateDir, 'secrets.json'), 0o600);
  return { name, databases: dbs };
}

/** Restores an embedded backup into an empty data directory. */
export async function restoreEmbedded({ from, into }) {
  const manifest = readBackup(from);
  if (manifest.kind !== 'embedded') throw new SetupError(`${from} is a cluster backup: restore it with --name`);
  if (existsSync(path.join(into, 'ggzy.sqlite'))) throw new SetupError(`${into} already holds a platform database: restore into an empty data directory`);
  mkdirSync(into, { recursive: true, mode: 0o700 });
  for (const file of Object.keys(manifest.files)) {
    copyFileSync(path.join(from, file), path.join(into, file));
    chmodSync(path.join(into, file), 0o600);
  }
  return { into };
}
