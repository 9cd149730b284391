import type { Knex } from 'knex';

/**
 * The sealed expert list encrypted at rest (名单密封存储): until the draw is unsealed, who was drawn, the seed that
 * replays the draw and the invitation messages (name and mobile of the expert) are kept only in sealed form, under a
 * per-draw data key that is itself wrapped by a master key held outside the database. So the clear columns become
 * nullable (empty while sealed) and each gets its sealed twin; experts.unseal writes the clear values back and drops
 * the sealed ones and the data key.
 *
 * SQLite cannot drop a NOT NULL constraint in place: the three tables are rebuilt (copied into a new table of the
 * same definition, indexes re-created). That must run with foreign keys off — dropping the old expert_draws with
 * them on would cascade into the members, sections and snapshots of every draw — and SQLite changes that setting only
 * outside a transaction: so this migration runs without the migrator's transaction (knex turns the keys off around
 * each rebuild, runs it in its own transaction and checks every foreign key before it commits). On PostgreSQL it is
 * one transaction.
 *
 * And the external checkpoint witness (外部见证): which signed checkpoints of the trail were appended to the witness
 * outside the database (GGZY_TRAIL_WITNESS). Insert-only beside the append-only checkpoints: a checkpoint without a
 * row here is sent again at the next pass, and reported as the gap until then.
 */
const NULLABLE: ReadonlyArray<[string, string[]]> = [
  ['expert_draws', ['seed']],
  ['expert_draw_members', ['expert_id']],
  ['expert_notifications', ['recipient', 'body']],
];

/** Outside the migrator's transaction (see above); PostgreSQL gets its own below. */
export const config = { transaction: false };

const isPostgres = (knex: Knex) => knex.client.config.client === 'pg';

export async function up(knex: Knex): Promise<void> {
  if (isPostgres(knex)) await knex.transaction(apply);
  else await apply(knex);
}

export async function down(knex: Knex): Promise<void> {
  if (isPostgres(knex)) await knex.transaction(revert);
  else await revert(knex);
}

async function apply(knex: Knex): Promise<void> {
  for (const [table, columns] of NULLABLE) {
    await knex.schema.alterTable(table, (t) => {
      for (const column of columns) t.setNullable(column);
    });
  }
  await knex.schema.alterTable('expert_draws', (t) => {
    t.text('sealed_data_key').nullable(); // the draw's data key wrapped by the master key (sk1.<master key id>.…)
    t.text('sealed_seed').nullable(); // the seed under the data key while the draw is sealed
  });
  await knex.schema.alterTable('expert_draw_members', (t) => {
    t.text('sealed_expert').nullable(); // the member's expert id under the draw's data key while sealed
  });
  await knex.schema.alterTable('expert_notifications', (t) => {
    t.text('sealed_message').nullable(); // recipient and text under the draw's data key while sealed
  });
  await knex.schema.createTable('supervision_checkpoint_witnesses', (t) => {
    t.integer('checkpoint_id').primary().references('id').inTable('supervision_checkpoints');
    t.timestamp('witnessed_at', { useTz: true }).notNullable();
  });
}

async function revert(knex: Knex): Promise<void> {
  const sealed = await knex('expert_draws').whereNotNull('sealed_data_key').count({ n: '*' }).first();
  if (Number(sealed?.n ?? 0) > 0) throw new Error('sealed expert draws are stored encrypted: unseal them before going back to a version that keeps them in clear');
  await knex.schema.dropTableIfExists('supervision_checkpoint_witnesses');
  await knex.schema.alterTable('expert_notifications', (t) => t.dropColumn('sealed_message'));
  await knex.schema.alterTable('expert_draw_members', (t) => t.dropColumn('sealed_expert'));
  await knex.schema.alterTable('expert_draws', (t) => {
    t.dropColumn('sealed_seed');
    t.dropColumn('sealed_data_key');
  });
  for (const [table, columns] of NULLABLE) {
    await knex.schema.alterTable(table, (t) => {
      for (const column of columns) t.dropNullable(column);
    });
  }
}
