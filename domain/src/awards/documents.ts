// Generated documents, stored with their size and SHA-256 beside the bytes (the archive seals them later).
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { StoredDocument as DocumentRow } from '@ggzy/db';

export interface NewDocument {
  dealCode: string;
  sectionCode: string | null;
  subjectId: number | null;
  kind: string;
  fileName: string;
  mediaType: string;
  bytes: Buffer;
  createdKey: string;
  createdAt: Date;
}

export interface StoredDocument { documentId: number; fileName: string; sha256: string; sizeBytes: number }

export async function storeDocument(trx: Knex, doc: NewDocument): Promise<StoredDocument> {
  const sha256 = createHash('sha256').update(doc.bytes).digest('hex');
  const row = await DocumentRow.query(trx).insert({
    deal_code: doc.dealCode, section_code: doc.sectionCode, subject_id: doc.subjectId, kind: doc.kind, file_name: doc.fileName,
    media_type: doc.mediaType, size_bytes: doc.bytes.length, sha256, content: doc.bytes, created_key: doc.createdKey,
    created_at: doc.createdAt.toISOString(),
  });
  return { documentId: Number(row.id), fileName: doc.fileName, sha256, sizeBytes: doc.bytes.length };
}
