// The object store: files named by their SHA-256 (content-addressed), so a file is written once however often it is
// sent, and a name says exactly which bytes it holds. The default is a folder under the data directory
// (objects/ab/cd/<sha256>); GGZY_OBJECT_STORE names another folder. Writes go to a temporary file first and are
// renamed into place, so a crash never leaves half a file under a name.
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';

export const SHA256 = /^[0-9a-f]{64}$/;

export interface ObjectStore {
  /** Where it keeps its files (for messages). */
  readonly description: string;
  /** The size of a stored file, or null when the store does not hold it. */
  size(sha256: string): Promise<number | null>;
  /** The bytes of a stored file, optionally a range [start, end] (inclusive, as HTTP Range). */
  read(sha256: string, range?: { start: number; end: number }): Readable;
  /** Moves a complete local file in under its digest (verified here); answers the digest. */
  putFile(localPath: string, expectedSha256?: string): Promise<{ sha256: string; sizeBytes: number }>;
  /** Stores bytes held in memory (generated documents). */
  putBytes(bytes: Buffer): Promise<{ sha256: string; sizeBytes: number }>;
}

export class ObjectStoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ObjectStoreError';
  }
}

async function digestOf(file: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(file), hash);
  return hash.digest('hex');
}

export class FolderObjectStore implements ObjectStore {
  readonly description: string;
  constructor(readonly root: string) {
    this.description = `folder ${root}`;
    mkdirSync(path.join(root, 'objects'), { recursive: true });
    mkdirSync(path.join(root, 'tmp'), { recursive: true });
  }

  private pathOf(sha256: string): string {
    if (!SHA256.test(sha256)) throw new ObjectStoreError(`not a SHA-256 digest: ${sha256}`);
    return path.join(this.root, 'objects', sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  /** A fresh temporary path inside the store (same file system, so the final rename is atomic). */
  tempPath(): string {
    return path.join(this.root, 'tmp', randomUUID());
  }

  async size(sha256: string): Promise<number | null> {
    try {
      return statSync(this.pathOf(sha256)).size;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  read(sha256: string, range?: { start: number; end: number }): Readable {
    return createReadStream(this.pathOf(sha256), range ? { start: range.start, end: range.end } : {});
  }

  async putFile(localPath: string, expectedSha256?: string): Promise<{ sha256: string; sizeBytes: number }> {
    const sha256 = await digestOf(localPath);
    if (expectedSha256 && expectedSha256 !== sha256) throw new ObjectStoreError(`the file's SHA-256 is ${sha256}, not the ${expectedSha256} announced`);
    const target = this.pathOf(sha256);
    const sizeBytes = statSync(localPath).size;
    if (existsSync(target)) {
      rmSync(localPath, { force: true }); // the same bytes are already here
    } else {
      mkdirSync(path.dirname(target), { recursive: true });
      renameSync(localPath, target);
    }
    return { sha256, sizeBytes };
  }

  async putBytes(bytes: Buffer): Promise<{ sha256: string; sizeBytes: number }> {
    const temp = this.tempPath();
    await pipeline(async function* () { yield bytes; }, createWriteStream(temp, { mode: 0o640 }));
    return this.putFile(temp);
  }
}

/** The store of this installation: GGZY_OBJECT_STORE (a folder), else `<data dir>/objects`. */
export function objectStoreFromEnv(dataDir: string, env: NodeJS.ProcessEnv = process.env): FolderObjectStore {
  const configured = env.GGZY_OBJECT_STORE?.trim();
  return new FolderObjectStore(configured ? path.resolve(configured) : path.join(dataDir, 'objects'));
}
