import type { Knex } from 'knex';

/**
 * Separation of duties (等保2.0 level 3, 访问控制 and 安全管理中心 — 三权分立). User administration by the security
 * administrator: an account can be disabled (kept, with its trail, but no sign-in and no session) instead of deleted,
 * and says who created it. Four eyes on termination: a supervisor's terminate directive waits here until a second
 * supervisor confirms it (or the first gives a fresh second-factor code and it never waits).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    t.timestamp('disabled_at', { useTz: true }).nullable();
    // the username of the administrator who created the account; null for the seeded and installed ones
    t.string('created_by', 64).nullable();
  });
  await knex.schema.createTable('termination_requests', (t) => {
    t.increments('id').primary();
    // the id the requesting supervisor gave the directive: the same directive sent again is the same request
    t.string('directive_id', 100).notNullable().unique();
    t.string('workflow_id', 200).notNullable();
    t.string('deal_code', 64).nullable();
    t.string('region_code', 12).notNullable();
    t.text('reason').notNullable();
    t.string('requested_by', 64).notNullable();
    t.timestamp('requested_at', { useTz: true }).notNullable();
    t.string('status', 16).notNullable().checkIn(['pending', 'confirmed'], 'termination_request_status');
    t.string('confirmed_by', 64).nullable();
    t.timestamp('confirmed_at', { useTz: true }).nullable();
    t.index(['workflow_id', 'status']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('termination_requests');
  await knex.schema.alterTable('users', (t) => {
    t.dropColumn('created_by');
    t.dropColumn('disabled_at');
  });
}
