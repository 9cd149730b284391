// The object store: files named by their SHA-256 (content-addressed), so a file is written once however often it is
// sent, and a name says exactly which bytes it holds. The default is a folder under the data directory
// (objects/ab/cd/<sha256>); GGZY_OBJECT_STORE names another folder, or S3-compatible storage (s3-store.ts). Writes go to a temporary file first and are
// renamed into place, so a crash never leaves half a file under a name.
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { ConfigError, secretFromEnv } from '@ggzy/db';
import { ObjectStoreError, SHA256, type ObjectStore } from './object-store';
import { S3ObjectStore } from './s3-store';

async function digestOf(file: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(file), hash);
  return hash.digest('hex');
}

export class FolderObjectStore implements ObjectStore {
  readonly description: string;
  readonly stagingDir: string;
  constructor(readonly root: string) {
    this.description = `folder ${root}`;
    this.stagingDir = root;
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

/**
 * The store of this installation: GGZY_OBJECT_STORE — a folder, or `s3://bucket[/prefix]` for S3-compatible storage
 * (GGZY_S3_ENDPOINT, GGZY_S3_REGION, GGZY_S3_ACCESS_KEY_ID and GGZY_S3_SECRET_ACCESS_KEY or …_FILE; uploads are put
 * together in GGZY_UPLOAD_STAGING, a folder every api process shares) —, else `<data dir>/objects`.
 */
export function objectStoreFromEnv(dataDir: string, env: NodeJS.ProcessEnv = process.env): ObjectStore {
  const configured = env.GGZY_OBJECT_STORE?.trim();
  if (configured?.startsWith('s3://')) return s3StoreFromEnv(configured, dataDir, env);
  return new FolderObjectStore(configured ? path.resolve(configured) : path.join(dataDir, 'objects'));
}

function s3StoreFromEnv(configured: string, dataDir: string, env: NodeJS.ProcessEnv): S3ObjectStore {
  const where = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(configured);
  if (!where) throw new ConfigError(`GGZY_OBJECT_STORE=${configured}: expected s3://bucket or s3://bucket/prefix (bucket: 3–63 lower-case letters, digits, dots, hyphens)`);
  const endpoint = env.GGZY_S3_ENDPOINT?.trim();
  if (!endpoint) throw new ConfigError('GGZY_OBJECT_STORE names an S3 bucket: set GGZY_S3_ENDPOINT (http(s)://host:port)');
  const accessKeyId = secretFromEnv('GGZY_S3_ACCESS_KEY_ID', env);
  const secretAccessKey = secretFromEnv('GGZY_S3_SECRET_ACCESS_KEY', env);
  if (!accessKeyId || !secretAccessKey) throw new ConfigError('GGZY_OBJECT_STORE names an S3 bucket: set GGZY_S3_ACCESS_KEY_ID and GGZY_S3_SECRET_ACCESS_KEY (or their _FILE forms)');
  const prefix = (where[2] ?? '').replace(/^\/+|\/+$/g, '');
  try {
    return new S3ObjectStore({
      endpoint, region: env.GGZY_S3_REGION?.trim() || 'us-east-1', bucket: where[1]!, prefix: prefix ? `${prefix}/` : '', accessKeyId, secretAccessKey,
      stagingDir: path.resolve(env.GGZY_UPLOAD_STAGING?.trim() || path.join(dataDir, 'upload-staging')),
    });
  } catch (err) {
    throw new ConfigError(`GGZY_OBJECT_STORE=${configured}: ${(err as Error).message}`);
  }
}
