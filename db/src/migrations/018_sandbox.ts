import type { Knex } from 'knex';

/**
 * The training sandbox (演练): a region may be a sandbox, whose procedures run with compressed periods — one day of a
 * statutory period lasts `sandbox_day_seconds` seconds there. A deal registered in such a region is a sandbox deal for
 * good (`deals.is_sandbox`), so every list of real deals can leave it out without asking the region again.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('regions', (t) => {
    t.integer('sandbox_day_seconds').nullable();
  });
  await knex.schema.alterTable('deals', (t) => {
    t.boolean('is_sandbox').notNullable().defaultTo(false);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('deals', (t) => { t.dropColumn('is_sandbox'); });
  await knex.schema.alterTable('regions', (t) => { t.dropColumn('sandbox_day_seconds'); });
}
