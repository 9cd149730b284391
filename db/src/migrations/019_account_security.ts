import type { Knex } from 'knex';

/**
 * Account security (等保2.0 level 3, 身份鉴别 and 访问控制): sessions that end when idle and say why they ended, a
 * password that an administrator's reset makes the user change, a second factor (TOTP, RFC 6238) whose secret is kept
 * sealed, and login rate windows in the database so every api process counts the same attempts.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    t.boolean('must_change_password').notNullable().defaultTo(false);
    t.timestamp('password_changed_at', { useTz: true }).nullable();
    // the TOTP secret sealed with the second-factor key ring (keyId:iv:ciphertext:tag), never in clear
    t.string('totp_secret', 300).nullable();
    t.timestamp('totp_enabled_at', { useTz: true }).nullable();
    // the last time step a code was accepted for: a code is good once
    t.bigInteger('totp_last_step').nullable();
  });
  await knex.schema.alterTable('sessions', (t) => {
    t.timestamp('last_seen_at', { useTz: true }).nullable();
    // an ended session is kept a while so its next request learns why (signed out elsewhere, replaced, password changed)
    t.timestamp('ended_at', { useTz: true }).nullable();
    t.string('end_reason', 32).nullable();
  });
  await knex.schema.createTable('rate_windows', (t) => {
    t.string('key', 200).notNullable();
    t.bigInteger('window_start').notNullable(); // ms since the epoch, a multiple of the window's length
    t.integer('hits').notNullable();
    t.primary(['key', 'window_start']);
    t.index(['window_start']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('rate_windows');
  await knex.schema.alterTable('sessions', (t) => {
    t.dropColumn('end_reason');
    t.dropColumn('ended_at');
    t.dropColumn('last_seen_at');
  });
  await knex.schema.alterTable('users', (t) => {
    t.dropColumn('totp_last_step');
    t.dropColumn('totp_enabled_at');
    t.dropColumn('totp_secret');
    t.dropColumn('password_changed_at');
    t.dropColumn('must_change_password');
  });
}
