import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './paths.mjs';
import { run } from './exec.mjs';
import { step } from './report.mjs';

/** Installs npm dependencies when they are missing or older than the lock file. */
export async function ensureDependencies() {
  const lock = path.join(repoRoot, 'package-lock.json');
  const installed = path.join(repoRoot, 'node_modules', '.package-lock.json');
  const fresh = existsSync(installed) && (!existsSync(lock) || statSync(installed).mtimeMs >= statSync(lock).mtimeMs);
  if (fresh) return;
  step('installing npm dependencies (first run: a few minutes, better-sqlite3 compiles)');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  await run(npm, [existsSync(lock) ? 'ci' : 'install', '--no-audit', '--no-fund'], { cwd: repoRoot });
}
