import type { Knex } from 'knex';

/**
 * The incidents a running deal waits on (a gateway none of whose flows holds, a condition that fails to evaluate, a
 * step that keeps failing), written with each projection: the operations console lists them across deals.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('process_instances', (t) => {
    t.text('incidents').nullable();
    t.integer('incident_count').notNullable().defaultTo(0);
    t.index(['region_code', 'incident_count']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('process_instances', (t) => {
    t.dropIndex(['region_code', 'incident_count']);
    t.dropColumn('incident_count');
    t.dropColumn('incidents');
  });
}
