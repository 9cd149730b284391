import type { Knex } from 'knex';

/**
 * The variables history: each process variable set to a new value, by which step and when, written with the
 * projection. Values secret by nature and never revealed (sealed, bank accounts, credentials) are stored masked;
 * a value too large to keep is recorded by its size.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('process_variable_changes', (t) => {
    t.increments('id').primary();
    t.string('change_key', 300).notNullable().unique();
    t.string('workflow_id', 200).notNullable();
    t.string('name', 200).notNullable();
    t.text('value_json').nullable();
    t.integer('omitted_bytes').nullable();
    t.string('node_id', 200).nullable();
    t.timestamp('occurred_at', { useTz: true }).notNullable();
    t.index(['workflow_id', 'id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('process_variable_changes');
}
