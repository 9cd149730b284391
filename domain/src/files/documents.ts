// A deal's documents — tender documents, award notices, result letters, opening records — behind one set of
// functions: the row (`documents`) says what the document is (deal, section, addressee, kind, name, type, size,
// SHA-256); the bytes live in the object store under that SHA-256 (put before the row is written: a transaction
// rolled back leaves at most bytes nobody names). Rows written before the object store (`content` in the row) are
// read as they were.
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { Knex } from 'knex';
import { loadRuntimeConfig, StoredDocument, StoredFile } from '@ggzy/db';
import type { ObjectStore } from './object-store';
import { objectStoreFromEnv } from './store';

export interface DealFileMeta {
  id: number; dealCode: string; sectionCode: string | null; subjectId: number | null; kind: string; fileName: string; mediaType: string;
  sizeBytes: number; sha256: string; createdAt: string;
}
export interface DealFile extends DealFileMeta { content: Buffer }

export interface NewDocument {
  dealCode: string;
  sectionCode?: string | null;
  /** The addressee, when there is one. */
  subjectId?: number | null;
  kind: string;
  fileName: string;
  mediaType: string;
  /** The bytes (generated documents), or a file already in the object store by its digest (an upload). */
  content: Buffer | { sha256: string };
  createdKey: string;
  now: Date;
}

let fallback: ObjectStore | null = null;
/** The object store of this installation's configuration (the api and the worker pass theirs; tests pin one). */
export function defaultObjectStore(): ObjectStore {
  fallback ??= objectStoreFromEnv(loadRuntimeConfig().dataDir);
  return fallback;
}

const LIST_COLUMNS = ['id', 'deal_code', 'section_code', 'subject_id', 'kind', 'file_name', 'media_type', 'size_bytes', 'sha256', 'created_at'];

const meta = (row: StoredDocument): DealFileMeta => ({
  id: Number(row.id), dealCode: row.deal_code, sectionCode: row.section_code, subjectId: row.subject_id === null ? null : Number(row.subject_id),
  kind: row.kind, fileName: row.file_name, mediaType: row.media_type, sizeBytes: Number(row.size_bytes), sha256: row.sha256, createdAt: row.created_at,
});

export class DocumentBytesMissing extends Error {
  constructor(readonly sha256: string) {
    super(`the object store holds no file ${sha256}`);
    this.name = 'DocumentBytesMissing';
  }
}

/** Puts the bytes in the object store (unless they are there already) and writes the document's row. */
export async function storeDealDocument(trx: Knex, objects: ObjectStore, doc: NewDocument): Promise<DealFileMeta> {
  let sha256: string;
  let sizeBytes: number;
  if (Buffer.isBuffer(doc.content)) {
    ({ sha256, sizeBytes } = await objects.putBytes(doc.content));
    if (sha256 !== createHash('sha256').update(doc.content).digest('hex')) throw new Error('the object store answered another digest');
  } else {
    sha256 = doc.content.sha256;
    const size = await objects.size(sha256);
    if (size === null) throw new DocumentBytesMissing(sha256);
    sizeBytes = size;
  }
  await StoredFile.query(trx).insert({ sha256, size_bytes: sizeBytes, created_at: doc.now.toISOString() }).onConflict('sha256').ignore();
  const row = await StoredDocument.query(trx).insert({
    deal_code: doc.dealCode, section_code: doc.sectionCode ?? null, subject_id: doc.subjectId ?? null, kind: doc.kind, file_name: doc.fileName,
    media_type: doc.mediaType, size_bytes: sizeBytes, sha256, content: null, created_key: doc.createdKey, created_at: doc.now.toISOString(),
  });
  return meta((await StoredDocument.query(trx).findById(row.id).select(LIST_COLUMNS))!);
}

export async function listDealDocuments(db: Knex, dealCode: string, kind?: string): Promise<DealFileMeta[]> {
  const query = StoredDocument.query(db).where({ deal_code: dealCode }).orderBy('id').select(LIST_COLUMNS);
  if (kind) query.where({ kind });
  return (await query).map(meta);
}

export async function dealDocumentMeta(db: Knex, dealCode: string, id: number): Promise<DealFileMeta | null> {
  const row = await StoredDocument.query(db).where({ id, deal_code: dealCode }).select(LIST_COLUMNS).first();
  return row ? meta(row) : null;
}

/**
 * The bytes of a document: from the object store, or from its row when it was written before the store. Checked
 * against the recorded SHA-256 unless `asStored` (the archive's check compares them itself and names a difference).
 */
export async function documentBytes(db: Knex, objects: ObjectStore, id: number, options: { asStored?: boolean } = {}): Promise<Buffer> {
  const row = await StoredDocument.query(db).findById(id).select('sha256', 'content');
  if (!row) throw new Error(`no document ${id}`);
  if (row.content !== null && row.content !== undefined) return Buffer.isBuffer(row.content) ? row.content : Buffer.from(row.content as unknown as Uint8Array);
  if ((await objects.size(row.sha256)) === null) {
    if (options.asStored) return Buffer.alloc(0);
    throw new DocumentBytesMissing(row.sha256);
  }
  const chunks: Buffer[] = [];
  for await (const chunk of objects.read(row.sha256)) chunks.push(chunk as Buffer);
  const bytes = Buffer.concat(chunks);
  if (options.asStored) return bytes;
  if (createHash('sha256').update(bytes).digest('hex') !== row.sha256) throw new Error(`document ${id}: the stored bytes are not the ones recorded`);
  return bytes;
}

/** The bytes as a stream (downloads): from the object store, or from the row of a document written before it. */
export async function documentStream(db: Knex, objects: ObjectStore, id: number): Promise<Readable> {
  const row = await StoredDocument.query(db).findById(id).select('sha256', 'content');
  if (!row) throw new Error(`no document ${id}`);
  if (row.content !== null && row.content !== undefined) return Readable.from([Buffer.isBuffer(row.content) ? row.content : Buffer.from(row.content as unknown as Uint8Array)]);
  if ((await objects.size(row.sha256)) === null) throw new DocumentBytesMissing(row.sha256);
  return objects.read(row.sha256);
}

export async function readDealDocument(db: Knex, objects: ObjectStore, dealCode: string, id: number): Promise<DealFile | null> {
  const found = await dealDocumentMeta(db, dealCode, id);
  return found ? { ...found, content: await documentBytes(db, objects, id) } : null;
}
