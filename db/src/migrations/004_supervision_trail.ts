import type { Knex } from 'knex';

/**
 * The tamper-evident supervision trail: each event carries the hash of its deal's previous event (a chain per deal)
 * and its RFC 6962 leaf hash (the global Merkle log); signed checkpoints record {size, root}. The event table refuses
 * UPDATE and DELETE (a trigger on both databases); the application never issues them.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('supervision_events', (t) => {
    t.string('chain_key', 80).nullable(); // the deal code, or "~platform" for events of no deal
    t.string('prev_hash', 64).nullable();
    t.string('chain_hash', 64).nullable();
    t.string('leaf_hash', 64).nullable();
    t.index(['chain_key', 'seq']);
  });
  await knex.schema.createTable('supervision_checkpoints', (t) => {
    t.increments('id').primary();
    t.bigInteger('size').notNullable();
    t.string('root', 64).notNullable();
    t.text('signature').notNullable(); // Ed25519 over "ggzy-trail-checkpoint/v1\n{size}\n{root}", base64
    t.string('key_id', 64).notNullable(); // SHA-256 of the signing public key (DER)
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  if (knex.client.config.client === 'pg') {
    await knex.raw(`
      CREATE OR REPLACE FUNCTION supervision_events_append_only() RETURNS trigger AS $$
      BEGIN
        RAISE EXCEPTION 'supervision_events is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
      END;
      $$ LANGUAGE plpgsql`);
    await knex.raw(`CREATE TRIGGER supervision_events_no_update_delete BEFORE UPDATE OR DELETE ON supervision_events
      FOR EACH ROW EXECUTE FUNCTION supervision_events_append_only()`);
    await knex.raw(`CREATE TRIGGER supervision_checkpoints_no_update_delete BEFORE UPDATE OR DELETE ON supervision_checkpoints
      FOR EACH ROW EXECUTE FUNCTION supervision_events_append_only()`);
  } else {
    for (const table of ['supervision_events', 'supervision_checkpoints']) {
      await knex.raw(`CREATE TRIGGER ${table}_no_update BEFORE UPDATE ON ${table} BEGIN SELECT RAISE(ABORT, '${table} is append-only (UPDATE refused)'); END`);
      await knex.raw(`CREATE TRIGGER ${table}_no_delete BEFORE DELETE ON ${table} BEGIN SELECT RAISE(ABORT, '${table} is append-only (DELETE refused)'); END`);
    }
  }
}

export async function down(knex: Knex): Promise<void> {
  if (knex.client.config.client === 'pg') {
    await knex.raw('DROP TRIGGER IF EXISTS supervision_events_no_update_delete ON supervision_events');
    await knex.raw('DROP TRIGGER IF EXISTS supervision_checkpoints_no_update_delete ON supervision_checkpoints');
    await knex.raw('DROP FUNCTION IF EXISTS supervision_events_append_only()');
  } else {
    for (const table of ['supervision_events', 'supervision_checkpoints']) {
      await knex.raw(`DROP TRIGGER IF EXISTS ${table}_no_update`);
      await knex.raw(`DROP TRIGGER IF EXISTS ${table}_no_delete`);
    }
  }
  await knex.schema.dropTableIfExists('supervision_checkpoints');
  await knex.schema.alterTable('supervision_events', (t) => {
    t.dropIndex(['chain_key', 'seq']);
    t.dropColumn('chain_key');
    t.dropColumn('prev_hash');
    t.dropColumn('chain_hash');
    t.dropColumn('leaf_hash');
  });
}
