import type { Knex } from 'knex';

/**
 * Deals started by an event (a signal broadcast in a region starting the procedures with that signal start event):
 * one row per event and procedure, written before the deal starts, so a broadcast retried after a crash starts the
 * same deal again (Temporal refuses the duplicate) rather than a second one under a new deal code.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('event_starts', (t) => {
    t.increments('id').primary();
    t.string('event_key', 300).notNullable().unique();
    t.string('process_key', 200).notNullable();
    t.string('region_code', 12).notNullable();
    t.string('node_id', 200).notNullable();
    t.string('workflow_id', 200).notNullable();
    t.string('deal_code', 64).nullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('event_starts');
}
