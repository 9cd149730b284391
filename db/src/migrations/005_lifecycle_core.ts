import type { Knex } from 'knex';

/**
 * The transaction lifecycle's core: activity runs (idempotency of every business activity), deal codes, the
 * parties of a deal, bid registrations, and the subject and credit libraries filled out (certificates, licences,
 * performance, sanctions). Capabilities with their own tables (venue, experts, deposits …) add later migrations.
 */
export async function up(knex: Knex): Promise<void> {
  // One row per business activity execution, written in the same transaction as its change: a retry after the
  // commit finds it and answers the stored result instead of acting twice.
  await knex.schema.createTable('activity_runs', (t) => {
    t.string('idempotency_key', 300).primary(); // workflow id + activity id
    t.string('task_type', 64).notNullable();
    t.string('workflow_id', 200).notNullable();
    t.string('deal_code', 64).nullable();
    t.text('result').notNullable(); // canonical JSON of what the activity answered
    t.timestamp('completed_at', { useTz: true }).notNullable();
    t.index(['workflow_id']);
  });

  // 统一交易标识码 allocation: one counter per region, year and procedure kind.
  await knex.schema.createTable('deal_code_counters', (t) => {
    t.string('region_code', 12).notNullable().references('code').inTable('regions');
    t.integer('year').notNullable();
    t.string('kind_code', 4).notNullable();
    t.integer('last_value').notNullable();
    t.primary(['region_code', 'year', 'kind_code']);
  });

  // subject library (主体库)
  await knex.schema.alterTable('subjects', (t) => {
    t.string('legal_representative', 100).nullable();
    t.string('basic_account', 64).nullable(); // 基本账户: where deposits must come from
  });
  await knex.schema.createTable('ca_certificates', (t) => {
    t.increments('id').primary();
    t.integer('subject_id').notNullable().references('id').inTable('subjects');
    t.string('issuer', 100).notNullable(); // the CA (several are accepted)
    t.string('serial_number', 128).notNullable();
    t.string('public_key_sha256', 64).notNullable();
    t.timestamp('valid_from', { useTz: true }).notNullable();
    t.timestamp('valid_until', { useTz: true }).notNullable();
    t.timestamp('revoked_at', { useTz: true }).nullable();
    t.unique(['issuer', 'serial_number']);
    t.index(['subject_id']);
  });
  await knex.schema.createTable('subject_licences', (t) => {
    t.increments('id').primary();
    t.integer('subject_id').notNullable().references('id').inTable('subjects');
    t.string('kind', 64).notNullable(); // 资质类别, e.g. construction general contracting
    t.string('grade', 32).notNullable();
    t.string('licence_no', 64).notNullable().unique();
    t.date('valid_until').nullable();
    t.index(['subject_id']);
  });
  await knex.schema.createTable('subject_performances', (t) => {
    t.increments('id').primary();
    t.integer('subject_id').notNullable().references('id').inTable('subjects');
    t.string('project_name', 300).notNullable();
    t.bigInteger('contract_amount_fen').notNullable();
    t.date('completed_on').nullable();
    t.index(['subject_id']);
  });

  // credit library (信用库): sanctions bar a subject everywhere while they are valid (一处失信，处处受限)
  await knex.schema.createTable('credit_sanctions', (t) => {
    t.increments('id').primary();
    t.integer('subject_id').notNullable().references('id').inTable('subjects');
    t.string('measure', 32).notNullable(); // bar_from_bidding | blacklist | warning
    t.string('reason', 1000).notNullable();
    t.string('decided_by_region', 12).notNullable().references('code').inTable('regions');
    t.string('legal_basis', 200).notNullable();
    t.timestamp('valid_from', { useTz: true }).notNullable();
    t.timestamp('valid_until', { useTz: true }).nullable(); // null: until revoked
    t.timestamp('revoked_at', { useTz: true }).nullable();
    t.index(['subject_id', 'valid_until']);
  });

  // transaction library (交易库): the deal's parties and the bids registered per section
  await knex.schema.alterTable('deals', (t) => {
    t.integer('tenderee_subject_id').nullable().references('id').inTable('subjects');
    t.integer('agent_subject_id').nullable().references('id').inTable('subjects');
    t.bigInteger('estimate_fen').nullable();
    t.string('registered_key', 300).nullable(); // the activity run that registered it
  });
  await knex.schema.createTable('bids', (t) => {
    t.increments('id').primary();
    t.integer('section_id').notNullable().references('id').inTable('sections');
    t.integer('bidder_subject_id').notNullable().references('id').inTable('subjects');
    t.string('status', 16).notNullable().defaultTo('registered'); // registered | submitted | withdrawn | rejected
    t.bigInteger('price_fen').nullable(); // known after opening
    t.timestamp('registered_at', { useTz: true }).notNullable();
    t.timestamp('withdrawn_at', { useTz: true }).nullable();
    t.unique(['section_id', 'bidder_subject_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('bids');
  await knex.schema.alterTable('deals', (t) => {
    t.dropColumn('tenderee_subject_id'); t.dropColumn('agent_subject_id'); t.dropColumn('estimate_fen'); t.dropColumn('registered_key');
  });
  for (const table of ['credit_sanctions', 'subject_performances', 'subject_licences', 'ca_certificates', 'deal_code_counters', 'activity_runs']) {
    await knex.schema.dropTableIfExists(table);
  }
  await knex.schema.alterTable('subjects', (t) => { t.dropColumn('legal_representative'); t.dropColumn('basic_account'); });
}
