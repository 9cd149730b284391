#!/usr/bin/env node
// `npm run restore -- --from <dir> --name <new cluster>` (then `npm run cluster -- --name <new cluster>`), or for an
// embedded backup `npm run restore -- --from <dir>` into an empty GGZY_DATA_DIR (then `npm start`). Every file is
// checked against the backup's manifest before anything is written; nothing existing is overwritten.
import { parseArgs } from 'node:util';
import { dataDir } from './lib/paths.mjs';
import { SetupError, runMain, step } from './lib/report.mjs';
import { readBackup, restoreCluster, restoreEmbedded } from './lib/backup.mjs';

runMain(async () => {
  const { values } = parseArgs({ options: { from: { type: 'string' }, name: { type: 'string' } } });
  if (!values.from) throw new SetupError('--from <backup directory> is required');
  const manifest = readBackup(values.from);
  if (manifest.kind === 'cluster') {
    if (!values.name) throw new SetupError('a cluster backup is restored as a new cluster: --name <name>');
    await restoreCluster({ from: values.from, name: values.name });
    step(`restored as cluster "${values.name}": start it with npm run cluster -- --name ${values.name}`);
  } else {
    await restoreEmbedded({ from: values.from, into: dataDir() });
    step(`restored into ${dataDir()}: start it with npm start`);
  }
});
