import type { Knex } from 'knex';

/**
 * Files as files (tender documents, bid files, opening records): the bytes live in a content-addressed object store
 * (a folder under the data directory, or S3-compatible storage), named by their SHA-256; the database keeps only the
 * catalogue and the resumable upload sessions.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('stored_files', (t) => {
    t.string('sha256', 64).primary();
    t.bigInteger('size_bytes').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
  });
  await knex.schema.createTable('file_uploads', (t) => {
    t.string('id', 64).primary();
    t.integer('owner_user_id').notNullable().references('id').inTable('users');
    t.string('file_name', 255).notNullable();
    t.string('media_type', 127).notNullable();
    t.bigInteger('size_bytes').notNullable();
    t.bigInteger('received_bytes').notNullable().defaultTo(0);
    t.string('expected_sha256', 64).nullable(); // when the client says what it sends, a different file is refused
    t.string('sha256', 64).nullable().references('sha256').inTable('stored_files');
    t.string('status', 16).notNullable(); // open | complete | aborted
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable();
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.index(['owner_user_id', 'status']);
    t.index(['status', 'expires_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('file_uploads');
  await knex.schema.dropTableIfExists('stored_files');
}
