import type { Knex } from 'knex';

/**
 * Two safeguards of 等保2.0 level 3 (身份鉴别; 安全管理 — 双人复核):
 * - recovery codes for the second factor: ten one-time codes given at enrolment, kept only as keyed hashes (HMAC-SHA256
 *   under a key of the second-factor key ring, named by its id), spent when used;
 * - four eyes on procedure versions: a newly deployed version waits (`pending`) and no deal starts on it until a
 *   second designer or the system administrator approves it (`active`) or someone rejects it (`rejected`, with the
 *   reason). Versions deployed before this migration were already in effect: they stay `active`.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('recovery_codes', (t) => {
    t.increments('id').primary();
    t.integer('user_id').notNullable().references('id').inTable('users').onDelete('CASCADE');
    // `keyId.hex(HMAC-SHA256(key, code))`: never the code itself
    t.string('code_hash', 120).notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('used_at', { useTz: true }).nullable();
    t.unique(['user_id', 'code_hash']);
  });
  await knex.schema.alterTable('process_definitions', (t) => {
    t.string('status', 16).notNullable().defaultTo('active');
    t.string('reviewed_by', 64).nullable();
    t.timestamp('reviewed_at', { useTz: true }).nullable();
    t.text('review_reason').nullable();
    t.index(['process_key', 'region_code', 'status']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('process_definitions', (t) => {
    t.dropIndex(['process_key', 'region_code', 'status']);
    t.dropColumn('review_reason');
    t.dropColumn('reviewed_at');
    t.dropColumn('reviewed_by');
    t.dropColumn('status');
  });
  await knex.schema.dropTable('recovery_codes');
}
