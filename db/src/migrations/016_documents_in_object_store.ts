import type { Knex } from 'knex';

/**
 * A deal's documents (tender documents, award notices, result letters, opening records) keep their bytes in the
 * object store, named by the SHA-256 the row already holds; `content` stays only for rows written before (read as
 * before). The row keeps what the deal and the archive need: name, type, size, digest.
 *
 * SQLite cannot drop a NOT NULL or CHECK in place, so the table is rebuilt the way SQLite documents it: foreign keys
 * off (possible only outside a transaction, hence this migration runs without the shared one), a new table under a
 * new name with the same ids, the old one dropped, the new one renamed into place — the rows referring to `documents`
 * (awards, result letters) keep referring to the name —, the foreign keys checked, all in one transaction.
 */
export const config = { transaction: false };

export async function up(knex: Knex): Promise<void> {
  if (knex.client.config.client === 'pg') {
    await knex.transaction(async (trx) => {
      await trx.raw('alter table documents drop constraint if exists documents_sha256');
      await trx.raw('alter table documents drop constraint if exists documents_size');
      await trx.raw('alter table documents alter column content drop not null');
      await trx.raw('alter table documents add constraint documents_size check (content is null or octet_length(content) = size_bytes)');
      await trx.raw("alter table documents add constraint documents_sha256 check (content is null or encode(sha256(content), 'hex') = sha256)");
    });
    return;
  }
  // one connection (the SQLite pool holds one): the pragma applies to the transaction that follows
  await knex.raw('pragma foreign_keys = off');
  try {
    await knex.transaction(async (trx) => {
      await trx.schema.createTable('documents_016', (t) => {
        t.increments('id').primary();
        t.string('deal_code', 64).notNullable().references('deal_code').inTable('deals');
        t.string('section_code', 64).nullable().references('section_code').inTable('sections');
        t.integer('subject_id').nullable().references('id').inTable('subjects');
        t.string('kind', 32).notNullable();
        t.string('file_name', 200).notNullable();
        t.string('media_type', 100).notNullable();
        t.bigInteger('size_bytes').notNullable();
        t.string('sha256', 64).notNullable();
        t.binary('content').nullable();
        t.string('created_key', 300).nullable();
        t.timestamp('created_at', { useTz: true }).notNullable();
        t.check('content is null or length(content) = size_bytes', [], 'documents_size');
      });
      await trx.raw(`insert into documents_016 (id, deal_code, section_code, subject_id, kind, file_name, media_type, size_bytes, sha256, content, created_key, created_at)
        select id, deal_code, section_code, subject_id, kind, file_name, media_type, size_bytes, sha256, content, created_key, created_at from documents`);
      await trx.raw('drop table documents');
      await trx.raw('alter table documents_016 rename to documents');
      await trx.schema.alterTable('documents', (t) => t.index(['deal_code', 'section_code', 'kind']));
      const broken = await trx.raw('pragma foreign_key_check') as unknown[];
      if (broken.length > 0) throw new Error(`rebuilding documents broke ${broken.length} foreign key(s)`);
    });
  } finally {
    await knex.raw('pragma foreign_keys = on');
  }
}

export async function down(): Promise<void> {
  throw new Error('016_documents_in_object_store cannot be undone: documents written since keep their bytes only in the object store');
}
