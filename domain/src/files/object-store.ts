// What every object store offers: files named by their SHA-256, read whole or by range, put once.
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
  /** A local folder where files are put together (resumable uploads) before they go in. */
  readonly stagingDir: string;
  /** A fresh temporary path in the staging folder. */
  tempPath(): string;
}

export class ObjectStoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ObjectStoreError';
  }
}
