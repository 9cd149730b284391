import type { Knex } from 'knex';

/**
 * The shortest a sandbox's compressed period becomes (a window people act in — decrypting a bid, answering an
 * invitation — stays long enough to act in). Null: the platform's default of a minute. A trainer who walks a class
 * through a deal may shorten it; so do the platform's own browser tests.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('regions', (t) => {
    t.integer('sandbox_shortest_seconds').nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('regions', (t) => { t.dropColumn('sandbox_shortest_seconds'); });
}
