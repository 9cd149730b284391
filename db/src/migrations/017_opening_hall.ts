import type { Knex } from 'knex';

/**
 * The 不见面开标 hall (招标投标法实施条例 §44): each bidder's sign-in (签到) with its certificate, made on a one-time
 * challenge bound to the opening; the objections (异议) bidders raise in the hall and the answers the tenderee, its
 * agency or the centre's staff give there; the opening record (开标记录) — its canonical JSON and printable HTML in the
 * object store, named by SHA-256, and documents of the deal — and each bidder's signed confirmation of it.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('opening_hall_challenges', (t) => {
    t.string('id', 32).primary();
    t.integer('section_id').notNullable().references('id').inTable('sections');
    t.integer('subject_id').notNullable().references('id').inTable('subjects');
    t.string('nonce', 64).notNullable();
    t.string('origin', 200).notNullable();
    t.timestamp('issued_at', { useTz: true }).notNullable();
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('used_at', { useTz: true }).nullable();
  });
  await knex.schema.createTable('opening_sign_ins', (t) => {
    t.increments('id').primary();
    t.integer('section_id').notNullable().references('id').inTable('sections');
    t.integer('subject_id').notNullable().references('id').inTable('subjects');
    t.integer('person_id').nullable().references('id').inTable('subject_people');
    t.string('person_name', 100).notNullable();
    t.string('challenge_id', 32).notNullable().unique().references('id').inTable('opening_hall_challenges');
    t.string('certificate_fingerprint', 64).notNullable();
    t.string('ca_id', 64).notNullable();
    t.text('signature').notNullable(); // base64 DER over the challenge text
    t.string('signed_in_by', 100).notNullable();
    t.timestamp('signed_in_at', { useTz: true }).notNullable();
    t.unique(['section_id', 'subject_id']);
  });
  await knex.schema.createTable('opening_objections', (t) => {
    t.increments('id').primary();
    t.integer('section_id').notNullable().references('id').inTable('sections');
    t.integer('subject_id').notNullable().references('id').inTable('subjects');
    t.string('raised_by', 100).notNullable();
    t.string('raised_by_name', 100).notNullable();
    t.string('request_key', 200).notNullable().unique(); // a retried request is the same objection
    t.text('text').notNullable();
    t.timestamp('raised_at', { useTz: true }).notNullable();
    t.text('answer').nullable();
    t.string('answered_by', 100).nullable();
    t.string('answered_by_role', 16).nullable(); // tenderee | agency | staff
    t.string('answered_by_name', 300).nullable();
    t.timestamp('answered_at', { useTz: true }).nullable();
    t.index(['section_id', 'id']);
  });
  await knex.schema.createTable('opening_records', (t) => {
    t.integer('section_id').primary().references('id').inTable('sections');
    t.integer('opening_id').notNullable().unique().references('id').inTable('bid_openings');
    t.string('record_sha256', 64).notNullable().references('sha256').inTable('stored_files'); // the canonical JSON: what bidders sign
    t.string('html_sha256', 64).notNullable().references('sha256').inTable('stored_files'); // the printable document
    t.string('issued_by', 100).notNullable();
    t.string('issued_by_role', 16).notNullable();
    t.timestamp('issued_at', { useTz: true }).notNullable();
  });
  await knex.schema.createTable('opening_record_confirmations', (t) => {
    t.increments('id').primary();
    t.integer('section_id').notNullable().references('section_id').inTable('opening_records');
    t.integer('subject_id').notNullable().references('id').inTable('subjects');
    t.string('record_sha256', 64).notNullable();
    t.string('certificate_fingerprint', 64).notNullable();
    t.text('signature').notNullable(); // base64 DER over the confirmation text (which names the record's SHA-256)
    t.string('confirmed_by', 100).notNullable();
    t.string('person_name', 100).notNullable();
    t.timestamp('confirmed_at', { useTz: true }).notNullable();
    t.unique(['section_id', 'subject_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['opening_record_confirmations', 'opening_records', 'opening_objections', 'opening_sign_ins', 'opening_hall_challenges']) {
    await knex.schema.dropTableIfExists(table);
  }
}
