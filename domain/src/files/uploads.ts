// Resumable uploads (big bid files over weak links): a session announces name, type, size (and optionally the
// SHA-256); the bytes come in one or more appends, each at the offset the server holds; an interrupted append is cut
// back to the last recorded offset and continued from there. The complete file is verified and moved into the object
// store under its digest; the session then names it. Only the session's owner can append or read it.
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, rmSync, statSync, truncateSync } from 'node:fs';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Knex } from 'knex';
import { FileUpload, StoredFile } from '@ggzy/db';
import { BusinessError } from '../step';
import { ObjectStoreError, SHA256, type ObjectStore } from './object-store';

export const UPLOAD_LIFETIME_MS = 24 * 3600_000;
/** A session whose append stopped answering this long ago (a crashed process) may be taken over. */
const WRITE_LEASE_MS = 60_000;

export interface UploadView {
  uploadId: string; fileName: string; mediaType: string; sizeBytes: number; offset: number; status: string; sha256: string | null; expiresAt: string;
}

const view = (u: FileUpload): UploadView => ({
  uploadId: u.id, fileName: u.file_name, mediaType: u.media_type, sizeBytes: u.size_bytes, offset: u.received_bytes,
  status: u.status === 'writing' ? 'open' : u.status, sha256: u.sha256, expiresAt: u.expires_at,
});

const refused = (code: string, zh: string, en: string, details: Record<string, unknown> = {}) => new BusinessError(code, zh, en, details);

export async function createUpload(db: Knex, input: {
  ownerUserId: number; fileName: string; mediaType: string; sizeBytes: number; expectedSha256?: string; now: Date; maxBytes: number;
}): Promise<UploadView> {
  if (input.sizeBytes > input.maxBytes) {
    throw refused('UPLOAD_TOO_LARGE', `文件超过上限 ${input.maxBytes} 字节`, `the file exceeds the limit of ${input.maxBytes} bytes`, { maxBytes: input.maxBytes });
  }
  const at = input.now.toISOString();
  const row = await FileUpload.query(db).insert({
    id: randomBytes(18).toString('base64url'), owner_user_id: input.ownerUserId, file_name: input.fileName, media_type: input.mediaType,
    size_bytes: input.sizeBytes, received_bytes: 0, expected_sha256: input.expectedSha256?.toLowerCase() ?? null, sha256: null,
    status: 'open', created_at: at, updated_at: at, expires_at: new Date(input.now.getTime() + UPLOAD_LIFETIME_MS).toISOString(),
  });
  return view(row);
}

async function ownUpload(db: Knex, id: string, ownerUserId: number): Promise<FileUpload> {
  const row = await FileUpload.query(db).findById(id);
  // another user's session is as good as absent
  if (!row || Number(row.owner_user_id) !== ownerUserId) throw refused('UPLOAD_NOT_FOUND', '上传不存在', 'no such upload');
  return row;
}

export async function uploadStatus(db: Knex, id: string, ownerUserId: number): Promise<UploadView> {
  return view(await ownUpload(db, id, ownerUserId));
}

/** Counts the bytes passing through and stops the stream once they exceed `limit`. */
function limited(limit: number, onTooLong: () => Error) {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      seen += chunk.length;
      if (seen > limit) done(onTooLong());
      else done(null, chunk);
    },
  });
}

/**
 * Appends `body` at `offset` (which must be the offset the server holds). Answers the session afterwards; when the
 * last byte arrived the file is verified, stored under its SHA-256 and the session is complete.
 */
export async function appendToUpload(db: Knex, store: ObjectStore, input: { id: string; ownerUserId: number; offset: number; body: Readable; now: Date }): Promise<UploadView> {
  const row = await ownUpload(db, input.id, input.ownerUserId);
  if (row.status === 'complete') throw refused('UPLOAD_COMPLETE', '文件已上传完成', 'the upload is already complete', { sha256: row.sha256 });
  if (row.status === 'aborted') throw refused('UPLOAD_ABORTED', '该上传已作废，请重新上传', 'the upload was abandoned; start a new one');
  if (Date.parse(row.expires_at) < input.now.getTime()) throw refused('UPLOAD_EXPIRED', '上传已过期，请重新上传', 'the upload expired; start a new one');
  if (input.offset !== row.received_bytes) {
    throw refused('UPLOAD_OFFSET_MISMATCH', `续传位置应为 ${row.received_bytes}`, `the upload continues at offset ${row.received_bytes}`, { offset: row.received_bytes });
  }
  // claim the session for this append: a second append at once is refused rather than interleaved
  const staleWriter = new Date(input.now.getTime() - WRITE_LEASE_MS).toISOString();
  const claimed = await FileUpload.query(db).where({ id: row.id, received_bytes: row.received_bytes })
    .where((w) => w.where('status', 'open').orWhere((s) => s.where('status', 'writing').where('updated_at', '<', staleWriter)))
    .patch({ status: 'writing', updated_at: input.now.toISOString() });
  if (claimed !== 1) throw refused('UPLOAD_BUSY', '该文件正在上传中', 'another append to this upload is in progress');

  const part = path.join(store.stagingDir, 'uploads', `${row.id}.part`);
  mkdirSync(path.dirname(part), { recursive: true });
  // whatever an interrupted append left beyond the recorded offset is cut off
  if (existsSync(part) && statSync(part).size !== row.received_bytes) truncateSync(part, row.received_bytes);
  let failure: unknown = null;
  try {
    await pipeline(input.body, limited(row.size_bytes - row.received_bytes, () => refused('UPLOAD_TOO_LONG', '发送的字节超过声明的文件大小', 'more bytes were sent than the size announced')),
      createWriteStream(part, { flags: existsSync(part) ? 'r+' : 'w', start: row.received_bytes, mode: 0o640 }));
  } catch (err) {
    failure = err;
  }
  const written = existsSync(part) ? statSync(part).size : 0;
  const received = failure instanceof BusinessError ? row.received_bytes : Math.min(written, row.size_bytes);
  if (received !== written) truncateSync(part, received);

  if (received === row.size_bytes) {
    try {
      const stored = await store.putFile(part, row.expected_sha256 ?? undefined);
      await StoredFile.query(db).insert({ sha256: stored.sha256, size_bytes: stored.sizeBytes, created_at: input.now.toISOString() }).onConflict('sha256').ignore();
      await FileUpload.query(db).findById(row.id).patch({ status: 'complete', received_bytes: received, sha256: stored.sha256, updated_at: input.now.toISOString() });
    } catch (err) {
      if (!(err instanceof ObjectStoreError)) throw err;
      rmSync(part, { force: true });
      await FileUpload.query(db).findById(row.id).patch({ status: 'aborted', updated_at: input.now.toISOString() });
      throw refused('UPLOAD_DIGEST_MISMATCH', '文件内容与声明的 SHA-256 不符，已作废', 'the file does not match the SHA-256 announced; the upload is abandoned');
    }
  } else {
    await FileUpload.query(db).findById(row.id).patch({ status: 'open', received_bytes: received, updated_at: input.now.toISOString() });
  }
  if (failure instanceof BusinessError) throw failure;
  if (failure && received < row.size_bytes) {
    // the client went away mid-append: what arrived is kept, and the next append continues after it
    throw refused('UPLOAD_INTERRUPTED', `传输中断，已收到 ${received} 字节，可从该位置续传`, `the transfer broke off after ${received} bytes; continue from there`, { offset: received });
  }
  return view((await FileUpload.query(db).findById(row.id))!);
}

/** Whether a stored file may be read by this user as its uploader (other grants come from what the file is). */
export async function uploadedBy(db: Knex, sha256: string, userId: number): Promise<boolean> {
  if (!SHA256.test(sha256)) return false;
  return !!(await FileUpload.query(db).where({ sha256, owner_user_id: userId, status: 'complete' }).first());
}
