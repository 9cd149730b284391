import type { Knex } from 'knex';

/**
 * User administration by the security administrator (等保2.0 level 3, 访问控制 and 安全管理中心 — 三权分立): an account
 * can be disabled (kept, with its trail, but no sign-in and no session) instead of deleted, and says who created it.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    t.timestamp('disabled_at', { useTz: true }).nullable();
    // the username of the administrator who created the account; null for the seeded and installed ones
    t.string('created_by', 64).nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    t.dropColumn('created_by');
    t.dropColumn('disabled_at');
  });
}
