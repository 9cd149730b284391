// Files through the api: resumable uploads (the owner only) and downloads by SHA-256 with HTTP ranges.
import type { Readable } from 'node:stream';
import { ArchiveEntry, Deal, StoredDocument, StoredFile, type Db } from '@ggzy/db';
import { recordDownload } from './audit';
import { BusinessError, appendToUpload, createUpload, uploadStatus, uploadedBy, type ObjectStore, type UploadView } from '@ggzy/domain';
import type { Principal } from '../auth/principal';
import { AppError, type ErrorCode } from '../http/errors';

const REFUSALS: Record<string, ErrorCode> = {
  UPLOAD_NOT_FOUND: 'NOT_FOUND',
  UPLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  UPLOAD_TOO_LONG: 'UPLOAD_TOO_LONG',
  UPLOAD_OFFSET_MISMATCH: 'UPLOAD_OFFSET_MISMATCH',
  UPLOAD_BUSY: 'UPLOAD_BUSY',
  UPLOAD_COMPLETE: 'UPLOAD_COMPLETE',
  UPLOAD_ABORTED: 'UPLOAD_GONE',
  UPLOAD_EXPIRED: 'UPLOAD_GONE',
  UPLOAD_DIGEST_MISMATCH: 'UPLOAD_DIGEST_MISMATCH',
  UPLOAD_INTERRUPTED: 'UPLOAD_INTERRUPTED',
};

async function refusing<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof BusinessError && REFUSALS[err.code]) {
      throw new AppError(REFUSALS[err.code]!, [{ path: err.details.offset !== undefined ? 'offset' : '', message: err.en }]);
    }
    throw err;
  }
}

/** The installation's object store, or the refusal when it has none. */
export function storeOf(objects: ObjectStore | null | undefined): ObjectStore {
  if (!objects) throw new AppError('FILES_NOT_CONFIGURED');
  return objects;
}

export const start = (db: Db, principal: Principal, body: { fileName: string; mediaType: string; sizeBytes: number; sha256?: string }, maxBytes: number) =>
  refusing(() => createUpload(db, { ownerUserId: principal.userId, fileName: body.fileName, mediaType: body.mediaType, sizeBytes: body.sizeBytes, expectedSha256: body.sha256, now: new Date(), maxBytes }));

export const status = (db: Db, principal: Principal, id: string) => refusing(() => uploadStatus(db, id, principal.userId));

export function append(db: Db, objects: ObjectStore | null | undefined, principal: Principal, id: string, offset: number, body: Readable): Promise<UploadView> {
  const store = storeOf(objects);
  return refusing(() => appendToUpload(db, store, { id, ownerUserId: principal.userId, offset, body, now: new Date() }));
}

/** The centre's roles read any stored file; anyone else the files they uploaded themselves. */
const READS_ALL = ['staff', 'supervisor', 'auditor'];

/** The deal whose documents or archive hold these bytes (the first one), for the trail. */
async function dealOfFile(db: Db, sha256: string): Promise<{ dealCode: string | null; regionCode: string | null; details?: Record<string, unknown> }> {
  const document = await StoredDocument.query(db).where('sha256', sha256).orderBy('id').select('deal_code', 'kind', 'file_name').first();
  if (document) {
    const deal = await Deal.query(db).modify('byDealCode', document.deal_code).select('region_code').first();
    return { dealCode: document.deal_code, regionCode: deal?.region_code ?? null, details: { kind: document.kind, fileName: document.file_name } };
  }
  const entry = await ArchiveEntry.query(db).join('archives', 'archives.id', 'archive_entries.archive_id').where('archive_entries.sha256', sha256)
    .select('archives.deal_code', 'archives.region_code', 'archive_entries.path').first() as unknown as { deal_code: string; region_code: string; path: string } | undefined;
  if (entry) return { dealCode: entry.deal_code, regionCode: entry.region_code, details: { archivePath: entry.path } };
  return { dealCode: null, regionCode: null };
}

export async function download(db: Db, objects: ObjectStore | null | undefined, principal: Principal, sha256: string, rangeHeader: string | undefined) {
  const store = storeOf(objects);
  const known = await StoredFile.query(db).findById(sha256);
  if (!known || !(READS_ALL.includes(principal.role) || await uploadedBy(db, sha256, principal.userId))) throw new AppError('NOT_FOUND');
  const size = await store.size(sha256);
  if (size === null) throw new AppError('NOT_FOUND');
  const range = rangeHeader ? /^bytes=(\d*)-(\d*)$/.exec(rangeHeader.trim()) : null;
  // taken out of the platform: on the trail once per download (a resumed one's later ranges are not new downloads)
  if (!range || range[1] === '' || Number(range[1]) === 0) await recordDownload(db, principal, { what: 'file', sha256, ...(await dealOfFile(db, sha256)) });
  const headers: Record<string, string> = {
    'content-type': 'application/octet-stream', 'accept-ranges': 'bytes', etag: `"${sha256}"`,
    'content-disposition': `attachment; filename="${sha256}"`,
  };
  if (rangeHeader && range && (range[1] || range[2])) {
    let start = range[1] ? Number(range[1]) : Math.max(0, size - Number(range[2]));
    let end = range[1] && range[2] ? Number(range[2]) : size - 1;
    end = Math.min(end, size - 1);
    if (start > end || start >= size) {
      start = 0;
      throw new AppError('RANGE_NOT_SATISFIABLE');
    }
    return { status: 206, body: store.read(sha256, { start, end }), headers: { ...headers, 'content-range': `bytes ${start}-${end}/${size}`, 'content-length': String(end - start + 1) } };
  }
  return { status: 200, body: store.read(sha256), headers: { ...headers, 'content-length': String(size) } };
}
