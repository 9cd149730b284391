import type { Knex } from 'knex';

/**
 * What certificate sign-in needs beyond 011: the origin a challenge was issued for (the signed text names it, so a
 * signature made for another site is useless here and the text can be rebuilt exactly), and the certificate a
 * party's session was opened with (the principal shows it; a session of a revoked certificate can be found).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('sign_in_challenges', (t) => {
    t.string('origin', 300).nullable();
  });
  await knex.schema.alterTable('sessions', (t) => {
    t.string('certificate_fingerprint', 64).nullable();
    t.index(['certificate_fingerprint']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('sessions', (t) => {
    t.dropIndex(['certificate_fingerprint']);
    t.dropColumn('certificate_fingerprint');
  });
  await knex.schema.alterTable('sign_in_challenges', (t) => t.dropColumn('origin'));
}
