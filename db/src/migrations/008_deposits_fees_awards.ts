import type { Knex } from 'knex';

/** Deposits (保证金) ledger, electronic guarantees, service fees and award notices. */
export async function up(_knex: Knex): Promise<void> {
  // filled in by the capability's change
}

export async function down(_knex: Knex): Promise<void> {
  // nothing yet
}
