import type { Knex } from 'knex';

/**
 * 顺延: every move of a deal's bid deadline (= its opening time), why (a late clarification or amendment, the
 * organiser's request, a calendar change), the change notice that announced it, and whether the deal's running
 * procedure has taken the new date yet (an outbox the worker drains: the database change commits first, the
 * workflow follows).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('deal_postponements', (t) => {
    t.increments('id').primary();
    t.integer('deal_id').notNullable().references('id').inTable('deals');
    t.string('deal_code', 64).notNullable();
    t.string('region_code', 12).notNullable();
    t.timestamp('from_at', { useTz: true }).notNullable();
    t.timestamp('to_at', { useTz: true }).notNullable();
    t.string('cause', 24).notNullable().checkIn(['late-clarification', 'late-amendment', 'requested', 'calendar'], 'deal_postponement_cause');
    t.string('reason', 1000).notNullable();
    t.string('request_key', 200).notNullable().unique();
    t.string('requested_by', 100).notNullable();
    t.integer('notice_id').nullable().references('id').inTable('notices');
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.string('workflow_status', 16).notNullable().checkIn(['pending', 'applied', 'no-date', 'not-running'], 'deal_postponement_workflow_status');
    t.timestamp('workflow_at', { useTz: true }).nullable();
    t.integer('attempts').notNullable().defaultTo(0);
    t.string('last_error', 1000).nullable();
    t.index(['deal_id']);
    t.index(['workflow_status']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('deal_postponements');
}
