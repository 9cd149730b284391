#!/usr/bin/env node
// `npm run backup -- [--name <cluster>] [--out <dir>]`: Temporal's databases, the platform's database and the secrets
// in one directory with a manifest of SHA-256 sums — of a cluster (`npm run cluster`) or, without --name, of the
// embedded platform under the data directory. The directory holds secrets: keep it as safe as the secrets themselves.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { repoRoot } from './lib/paths.mjs';
import { runMain, step } from './lib/report.mjs';
import { backupCluster, backupEmbedded } from './lib/backup.mjs';

runMain(async () => {
  const { values } = parseArgs({ options: { name: { type: 'string' }, out: { type: 'string' } } });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const out = path.resolve(values.out ?? path.join(repoRoot, 'backups', `${values.name ?? 'embedded'}-${stamp}`));
  await (values.name ? backupCluster({ name: values.name, out }) : backupEmbedded({ out }));
  step(`backup written to ${out}`);
});
