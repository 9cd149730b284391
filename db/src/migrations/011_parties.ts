import type { Knex } from 'knex';

/**
 * The market's parties on the platform (全流程电子化): the subject library filled out — people, licences (证照),
 * qualifications (资质), performance (业绩), project managers' registrations, reviews (主体审核) — the certificates
 * parties sign in with (several CAs), their sign-in challenges, and the imports from outside registers.
 *
 * `ca_certificates` was created by 005 but never written: it is recreated with what certificate sign-in needs.
 * `subject_licences` keeps its rows and becomes the licences table proper (证照); qualifications get their own.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('subjects', (t) => {
    t.string('review_status', 16).notNullable().defaultTo('unreviewed'); // unreviewed | pending | approved | rejected
    t.string('address', 300).nullable();
    t.date('established_on').nullable();
    t.bigInteger('registered_capital_fen').nullable();
    t.string('source', 32).notNullable().defaultTo('deal'); // deal | application | registry
    t.timestamp('updated_at', { useTz: true }).nullable();
  });

  // the subject's people: legal representative, project managers, contacts, the agents who sign for it
  await knex.schema.createTable('subject_people', (t) => {
    t.increments('id').primary();
    t.integer('subject_id').notNullable().references('id').inTable('subjects');
    t.string('name', 100).notNullable();
    t.string('role', 32).notNullable(); // legal_representative | project_manager | contact | authorized_agent
    t.string('id_number_masked', 32).nullable(); // 居民身份证号, shown masked; the number itself is kept only hashed
    t.string('id_number_sha256', 64).nullable();
    t.string('mobile_masked', 20).nullable();
    t.string('status', 16).notNullable().defaultTo('active'); // active | left
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).nullable();
    t.unique(['subject_id', 'id_number_sha256']);
    t.index(['subject_id']);
  });

  await knex.schema.dropTable('ca_certificates');
  await knex.schema.createTable('ca_certificates', (t) => {
    t.increments('id').primary();
    t.integer('subject_id').notNullable().references('id').inTable('subjects');
    t.integer('person_id').nullable().references('id').inTable('subject_people');
    t.string('ca_id', 64).notNullable(); // the trusted CA (trust store entry) the certificate chains to
    t.string('issuer_dn', 500).notNullable();
    t.string('subject_dn', 500).notNullable();
    t.string('serial_number', 128).notNullable(); // hex
    t.string('fingerprint_sha256', 64).notNullable().unique(); // of the DER certificate
    t.string('public_key_sha256', 64).notNullable(); // of the DER SubjectPublicKeyInfo
    t.string('key_algorithm', 16).notNullable(); // ec-p256 | sm2
    t.text('certificate_pem').notNullable();
    t.timestamp('valid_from', { useTz: true }).notNullable();
    t.timestamp('valid_until', { useTz: true }).notNullable();
    t.timestamp('revoked_at', { useTz: true }).nullable();
    t.string('status', 16).notNullable().defaultTo('active'); // active | unbound
    t.timestamp('bound_at', { useTz: true }).notNullable();
    t.string('bound_by', 100).notNullable(); // the actor who bound it (staff, the subject's own agent, the demo seed)
    t.unique(['ca_id', 'serial_number']);
    t.index(['subject_id']);
    t.index(['public_key_sha256']);
  });

  // one row per sign-in challenge: a challenge signs in once, before it expires
  await knex.schema.createTable('sign_in_challenges', (t) => {
    t.string('id', 64).primary();
    t.string('nonce', 64).notNullable();
    t.timestamp('issued_at', { useTz: true }).notNullable();
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('used_at', { useTz: true }).nullable();
    t.string('client_address', 64).nullable();
    t.index(['expires_at']);
  });

  // a party signs in as a person of a subject; its user row has no password (certificate only)
  await knex.schema.alterTable('users', (t) => {
    t.integer('subject_id').nullable().references('id').inTable('subjects');
    t.integer('person_id').nullable().references('id').inTable('subject_people');
  });

  // licences (证照): business licence, safety production licence …
  await knex.schema.alterTable('subject_licences', (t) => {
    t.string('issued_by', 200).nullable();
    t.date('valid_from').nullable();
    t.string('evidence_sha256', 64).nullable();
    t.string('status', 16).notNullable().defaultTo('valid'); // valid | expired | revoked
    t.string('source', 32).notNullable().defaultTo('application'); // application | registry
  });
  // qualifications (资质): kind and grade, with their validity
  await knex.schema.createTable('subject_qualifications', (t) => {
    t.increments('id').primary();
    t.integer('subject_id').notNullable().references('id').inTable('subjects');
    t.string('kind', 100).notNullable(); // e.g. 建筑工程施工总承包
    t.string('grade', 32).notNullable(); // 特级 | 一级 | 二级 | 三级 | 甲级 | 乙级 …
    t.string('certificate_no', 64).notNullable();
    t.string('issued_by', 200).nullable();
    t.date('valid_from').nullable();
    t.date('valid_until').nullable();
    t.string('evidence_sha256', 64).nullable();
    t.string('status', 16).notNullable().defaultTo('valid');
    t.string('source', 32).notNullable().defaultTo('application');
    t.unique(['subject_id', 'kind', 'certificate_no']);
  });
  // performance (业绩): verified by staff, or by the platform when the deal ran here
  await knex.schema.alterTable('subject_performances', (t) => {
    t.string('client_name', 300).nullable();
    t.date('started_on').nullable();
    t.string('evidence_sha256', 64).nullable();
    t.string('deal_code', 64).nullable();
    t.timestamp('verified_at', { useTz: true }).nullable();
    t.string('verified_by', 100).nullable();
    t.string('source', 32).notNullable().defaultTo('application');
  });
  // project managers' registrations (注册建造师 …)
  await knex.schema.createTable('person_registrations', (t) => {
    t.increments('id').primary();
    t.integer('person_id').notNullable().references('id').inTable('subject_people');
    t.string('kind', 32).notNullable(); // constructor | supervising_engineer | cost_engineer …
    t.string('specialty', 64).nullable();
    t.string('grade', 16).nullable();
    t.string('registration_no', 64).notNullable().unique();
    t.date('valid_until').nullable();
    t.string('status', 16).notNullable().defaultTo('valid');
    t.string('source', 32).notNullable().defaultTo('application');
  });

  // 主体审核: a change to a subject waits here until a staff member approves or rejects it
  await knex.schema.createTable('subject_reviews', (t) => {
    t.increments('id').primary();
    t.integer('subject_id').notNullable().references('id').inTable('subjects');
    t.string('status', 16).notNullable(); // pending | approved | rejected
    t.text('changes').notNullable(); // canonical JSON of what the applicant asks to change
    t.string('submitted_by', 100).notNullable();
    t.timestamp('submitted_at', { useTz: true }).notNullable();
    t.string('reviewed_by', 100).nullable();
    t.timestamp('reviewed_at', { useTz: true }).nullable();
    t.string('comment', 500).nullable();
    t.index(['subject_id', 'status']);
    t.index(['status', 'submitted_at']);
  });

  // imports from outside registers (工商, 资质, 信用): one row per batch, so a batch is applied once
  await knex.schema.createTable('registry_imports', (t) => {
    t.increments('id').primary();
    t.string('feed', 32).notNullable(); // business | qualification | credit
    t.string('batch_id', 128).notNullable();
    t.string('content_sha256', 64).notNullable();
    t.timestamp('imported_at', { useTz: true }).notNullable();
    t.text('report').notNullable(); // canonical JSON: what was created, changed, unchanged, refused
    t.unique(['feed', 'batch_id']);
  });
  await knex.schema.alterTable('credit_records', (t) => {
    t.string('source', 32).notNullable().defaultTo('manual'); // manual | registry | complaint
    t.string('external_id', 128).nullable();
    t.unique(['source', 'external_id']);
  });
  await knex.schema.alterTable('credit_sanctions', (t) => {
    t.string('source', 32).notNullable().defaultTo('manual'); // manual | registry | complaint
    t.string('external_id', 128).nullable(); // the register's record id, or the complaint number
    t.unique(['source', 'external_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('credit_sanctions', (t) => { t.dropUnique(['source', 'external_id']); t.dropColumn('source'); t.dropColumn('external_id'); });
  await knex.schema.alterTable('credit_records', (t) => { t.dropUnique(['source', 'external_id']); t.dropColumn('source'); t.dropColumn('external_id'); });
  for (const table of ['registry_imports', 'subject_reviews', 'person_registrations', 'subject_qualifications']) await knex.schema.dropTableIfExists(table);
  await knex.schema.alterTable('subject_performances', (t) => {
    for (const c of ['client_name', 'started_on', 'evidence_sha256', 'deal_code', 'verified_at', 'verified_by', 'source']) t.dropColumn(c);
  });
  await knex.schema.alterTable('subject_licences', (t) => {
    for (const c of ['issued_by', 'valid_from', 'evidence_sha256', 'status', 'source']) t.dropColumn(c);
  });
  await knex.schema.alterTable('users', (t) => { t.dropForeign(['subject_id']); t.dropForeign(['person_id']); t.dropColumn('subject_id'); t.dropColumn('person_id'); });
  await knex.schema.dropTableIfExists('sign_in_challenges');
  await knex.schema.dropTable('ca_certificates');
  await knex.schema.createTable('ca_certificates', (t) => {
    t.increments('id').primary();
    t.integer('subject_id').notNullable().references('id').inTable('subjects');
    t.string('issuer', 100).notNullable();
    t.string('serial_number', 128).notNullable();
    t.string('public_key_sha256', 64).notNullable();
    t.timestamp('valid_from', { useTz: true }).notNullable();
    t.timestamp('valid_until', { useTz: true }).notNullable();
    t.timestamp('revoked_at', { useTz: true }).nullable();
    t.unique(['issuer', 'serial_number']);
    t.index(['subject_id']);
  });
  await knex.schema.dropTableIfExists('subject_people');
  await knex.schema.alterTable('subjects', (t) => {
    for (const c of ['review_status', 'address', 'established_on', 'registered_capital_fen', 'source', 'updated_at']) t.dropColumn(c);
  });
}
