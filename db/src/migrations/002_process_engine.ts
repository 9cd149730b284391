import type { Knex } from 'knex';

/** Deployed process definitions (immutable versions per region), running instances and their user tasks. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('process_definitions', (t) => {
    t.increments('id').primary();
    t.string('process_key', 200).notNullable();
    t.string('region_code', 12).notNullable().references('code').inTable('regions'); // a city, or the province (default)
    t.integer('version').notNullable();
    t.string('hash', 64).notNullable();
    t.string('name', 300).nullable();
    t.text('bpmn_xml').notNullable();
    t.text('model').notNullable(); // ProcessModel JSON
    t.text('forms').notNullable(); // { formKey: formily schema }
    t.integer('deployed_by').nullable().references('id').inTable('users');
    t.timestamp('deployed_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['process_key', 'region_code', 'version']);
    t.unique(['process_key', 'region_code', 'hash']);
  });
  await knex.schema.createTable('process_instances', (t) => {
    t.string('workflow_id', 200).primary();
    t.integer('definition_id').nullable().references('id').inTable('process_definitions');
    t.string('process_key', 200).notNullable();
    t.integer('version').notNullable();
    t.string('region_code', 12).notNullable().references('code').inTable('regions');
    t.string('deal_code', 64).nullable();
    t.string('lifecycle', 16).notNullable();
    t.string('started_by', 64).notNullable();
    t.timestamp('started_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['region_code', 'lifecycle']);
  });
  await knex.schema.createTable('process_tasks', (t) => {
    t.string('task_id', 300).primary();
    t.string('workflow_id', 200).notNullable().references('workflow_id').inTable('process_instances');
    t.string('node_id', 200).notNullable();
    t.string('name', 300).nullable();
    t.string('candidate_role', 32).notNullable();
    t.string('assignee', 64).nullable();
    t.string('region_code', 12).notNullable().references('code').inTable('regions');
    t.string('form_key', 200).nullable();
    t.string('status', 16).notNullable();
    t.timestamp('opened_at', { useTz: true }).notNullable();
    t.timestamp('due_at', { useTz: true }).nullable();
    t.timestamp('closed_at', { useTz: true }).nullable();
    t.string('completed_by', 64).nullable();
    t.integer('revision').notNullable();
    t.index(['region_code', 'candidate_role', 'status']);
    t.index(['workflow_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('process_tasks');
  await knex.schema.dropTableIfExists('process_instances');
  await knex.schema.dropTableIfExists('process_definitions');
}
