import type { Knex } from 'knex';

/**
 * The skeleton of the six unified libraries (transaction, subject, expert, credit, supervision, price)
 * plus the platform's own tables (regions, users, sessions). Later migrations extend it.
 * Money is stored in fen (integer cents of CNY), never as floating point.
 */
export async function up(knex: Knex): Promise<void> {
  // platform: administrative regions, users and their sessions
  await knex.schema.createTable('regions', (t) => {
    t.string('code', 12).primary(); // administrative division code, e.g. a province or a city
    t.string('name', 100).notNullable();
    t.string('level', 16).notNullable(); // province | city
    t.string('parent_code', 12).nullable().references('code').inTable('regions');
  });
  await knex.schema.createTable('users', (t) => {
    t.increments('id').primary();
    t.string('username', 64).notNullable().unique();
    t.string('display_name', 100).notNullable();
    t.string('password_hash', 255).notNullable();
    t.string('role', 32).notNullable(); // designer | staff | supervisor | admin | auditor
    t.string('region_code', 12).notNullable().references('code').inTable('regions');
    t.integer('failed_logins').notNullable().defaultTo(0);
    t.timestamp('locked_until', { useTz: true }).nullable();
    t.boolean('is_demo').notNullable().defaultTo(false);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.schema.createTable('sessions', (t) => {
    t.string('token_hash', 64).primary(); // sha-256 of the bearer token; the token itself is never stored
    t.integer('user_id').notNullable().references('id').inTable('users').onDelete('CASCADE');
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['user_id']);
  });
  await knex.schema.createTable('workflow_probes', (t) => {
    t.increments('id').primary();
    t.string('workflow_id', 200).notNullable().unique(); // idempotency: one row per workflow
    t.string('message', 500).notNullable();
    t.string('region_code', 12).notNullable().references('code').inTable('regions');
    t.integer('created_by').notNullable().references('id').inTable('users');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  // transaction library (交易库)
  await knex.schema.createTable('deals', (t) => {
    t.increments('id').primary();
    t.string('deal_code', 64).notNullable().unique(); // 统一交易标识码
    t.string('region_code', 12).notNullable().references('code').inTable('regions');
    t.string('title', 300).notNullable();
    t.string('procedure_kind', 64).notNullable(); // construction-open-tender | government-procurement | land | property
    t.string('status', 32).notNullable().defaultTo('registered');
    t.string('workflow_id', 200).nullable().unique();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['region_code', 'status']);
  });
  await knex.schema.createTable('sections', (t) => {
    t.increments('id').primary();
    t.integer('deal_id').notNullable().references('id').inTable('deals').onDelete('RESTRICT');
    t.string('section_code', 64).notNullable().unique(); // 标段(包)编号
    t.string('name', 300).notNullable();
    t.bigInteger('estimate_fen').nullable();
    t.string('status', 32).notNullable().defaultTo('open');
    t.index(['deal_id']);
  });

  // subject library (主体库)
  await knex.schema.createTable('subjects', (t) => {
    t.increments('id').primary();
    t.string('credit_code', 18).notNullable().unique(); // 统一社会信用代码
    t.string('name', 300).notNullable();
    t.string('kind', 32).notNullable(); // tenderee | agent | bidder | supplier
    t.string('region_code', 12).nullable().references('code').inTable('regions');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  // expert library (专家库)
  await knex.schema.createTable('experts', (t) => {
    t.increments('id').primary();
    t.string('expert_code', 32).notNullable().unique();
    t.string('name', 100).notNullable();
    t.string('specialty_code', 32).notNullable();
    t.string('region_code', 12).notNullable().references('code').inTable('regions');
    t.integer('employer_subject_id').nullable().references('id').inTable('subjects');
    t.string('status', 16).notNullable().defaultTo('active');
    t.index(['specialty_code', 'region_code', 'status']);
  });

  // credit library (信用库)
  await knex.schema.createTable('credit_records', (t) => {
    t.increments('id').primary();
    t.integer('subject_id').notNullable().references('id').inTable('subjects');
    t.string('kind', 16).notNullable(); // honest | dishonest
    t.string('description', 1000).notNullable();
    t.string('source_region_code', 12).notNullable().references('code').inTable('regions');
    t.timestamp('valid_from', { useTz: true }).notNullable();
    t.timestamp('valid_until', { useTz: true }).nullable();
    t.index(['subject_id', 'kind']);
  });

  // supervision library (监管库): the event trail, numbered by a global sequence
  await knex.schema.createTable('supervision_events', (t) => {
    t.bigIncrements('seq').primary();
    t.string('idempotency_key', 300).notNullable().unique(); // workflowId + activityId (or api request id)
    t.string('deal_code', 64).nullable();
    t.string('region_code', 12).notNullable().references('code').inTable('regions');
    t.string('kind', 64).notNullable();
    t.string('actor', 100).notNullable();
    t.text('payload').notNullable(); // canonical JSON
    t.timestamp('occurred_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['deal_code', 'seq']);
    t.index(['region_code', 'seq']);
  });

  // price library (价格库)
  await knex.schema.createTable('awarded_prices', (t) => {
    t.increments('id').primary();
    t.string('deal_code', 64).notNullable();
    t.string('section_code', 64).notNullable();
    t.bigInteger('amount_fen').notNullable();
    t.string('currency', 3).notNullable().defaultTo('CNY');
    t.timestamp('awarded_at', { useTz: true }).notNullable();
    t.unique(['section_code']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'awarded_prices', 'supervision_events', 'credit_records', 'experts', 'subjects',
    'sections', 'deals', 'workflow_probes', 'sessions', 'users', 'regions',
  ]) {
    await knex.schema.dropTableIfExists(table);
  }
}
