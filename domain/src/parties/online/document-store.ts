// Where the bytes of a deal's files live, behind one pair of functions. Today: the `documents` table (bytes and
// SHA-256 in the row, checked by the database on PostgreSQL). The content-addressed object store (`stored_files`)
// replaces these two functions without the callers noticing: they only see ids, names and hashes.
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { StoredDocument } from '@ggzy/db';

export interface DealFileMeta { id: number; dealCode: string; sectionCode: string | null; kind: string; fileName: string; mediaType: string; sizeBytes: number; sha256: string; createdAt: string }
export interface DealFile extends DealFileMeta { content: Buffer }

const meta = (row: StoredDocument): DealFileMeta => ({
  id: Number(row.id), dealCode: row.deal_code, sectionCode: row.section_code, kind: row.kind, fileName: row.file_name, mediaType: row.media_type,
  sizeBytes: Number(row.size_bytes), sha256: row.sha256, createdAt: row.created_at,
});

export async function storeDealFile(trx: Knex, file: { dealCode: string; kind: string; fileName: string; mediaType: string; content: Buffer; createdKey: string; now: Date }): Promise<DealFileMeta> {
  const sha256 = createHash('sha256').update(file.content).digest('hex');
  const row = await StoredDocument.query(trx).insert({
    deal_code: file.dealCode, section_code: null, subject_id: null, kind: file.kind, file_name: file.fileName, media_type: file.mediaType,
    size_bytes: file.content.length, sha256, content: file.content, created_key: file.createdKey, created_at: file.now.toISOString(),
  });
  return meta((await StoredDocument.query(trx).findById(row.id).select(LIST_COLUMNS))!);
}

const LIST_COLUMNS = ['id', 'deal_code', 'section_code', 'kind', 'file_name', 'media_type', 'size_bytes', 'sha256', 'created_at'];

export async function listDealFiles(db: Knex, dealCode: string, kind: string): Promise<DealFileMeta[]> {
  const rows = await StoredDocument.query(db).where({ deal_code: dealCode, kind }).orderBy('id').select(LIST_COLUMNS);
  return rows.map(meta);
}

export async function readDealFile(db: Knex, dealCode: string, id: number): Promise<DealFile | null> {
  const row = await StoredDocument.query(db).where({ id, deal_code: dealCode }).first();
  if (!row) return null;
  const content = Buffer.isBuffer(row.content) ? row.content : Buffer.from(row.content as unknown as Uint8Array);
  return { ...meta(row), content };
}
