import type { Knex } from 'knex';

/**
 * Decision tables (DMN) deployed like procedures: versioned per region (a city's own version, else the province's),
 * immutable once deployed, and — a table changes how every later deal decides — in effect only once a second person
 * approves it (`pending` → `active`, or `rejected` with the reason), the reference tables shipped with the platform
 * excepted.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('decision_definitions', (t) => {
    t.increments('id').primary();
    t.string('decision_key', 128).notNullable();
    t.string('region_code', 12).notNullable().references('code').inTable('regions');
    t.integer('version').notNullable();
    t.string('hash', 64).notNullable();
    t.string('name', 256).nullable();
    t.text('dmn_xml').notNullable();
    t.text('model').notNullable();
    t.integer('deployed_by').nullable().references('id').inTable('users');
    t.timestamp('deployed_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.string('status', 16).notNullable().defaultTo('pending');
    t.string('reviewed_by', 64).nullable();
    t.timestamp('reviewed_at', { useTz: true }).nullable();
    t.text('review_reason').nullable();
    t.unique(['decision_key', 'region_code', 'version']);
    t.index(['decision_key', 'region_code', 'status']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('decision_definitions');
}
