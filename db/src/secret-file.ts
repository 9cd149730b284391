// A secret generated once into the data directory, safe when several processes start at once (the api and the worker
// of the embedded platform, the replicas of a cluster): the file appears whole or not at all — written beside it and
// hard-linked into place, which fails if another process got there first — and every process reads the one that won.
import { randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Answers the content of `file`, creating it (mode 0600) with `make()` first if it does not exist. */
export function secretFileOnce(file: string, make: () => string): string {
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    const draft = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    writeFileSync(draft, make(), { mode: 0o600 });
    try {
      linkSync(draft, file);
    } catch (err) {
      // another process created it first: theirs is read below
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    } finally {
      rmSync(draft, { force: true });
    }
  }
  return readFileSync(file, 'utf8');
}
