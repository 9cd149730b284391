import type { Knex } from 'knex';

/**
 * Moving a token (Operate's move): one person asks, with a reason, to move a deal's token from where it waits to
 * another step of the same kind; a second person of the deal's oversight confirms it (or it is cancelled). The row
 * keeps both, and the outcome.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('token_moves', (t) => {
    t.increments('id').primary();
    t.string('workflow_id', 200).notNullable();
    t.string('deal_code', 64).nullable();
    t.string('region_code', 12).notNullable();
    t.string('from_node', 200).notNullable();
    t.string('to_node', 200).notNullable();
    t.string('reason', 1000).notNullable();
    t.string('requested_by', 100).notNullable();
    t.timestamp('requested_at', { useTz: true }).notNullable();
    t.string('status', 16).notNullable().checkIn(['pending', 'moved', 'refused', 'declined', 'cancelled'], 'token_moves_status');
    t.string('decided_by', 100).nullable();
    t.timestamp('decided_at', { useTz: true }).nullable();
    t.text('outcome').nullable();
    t.index(['region_code', 'status']);
    t.index(['workflow_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('token_moves');
}
