import type { Knex } from 'knex';

/** Shards of the sealed lists' digest: concurrent draws on PostgreSQL rarely update the same row. */
export const SEALED_DIGEST_SHARDS = 64;

const member = (row: 'NEW' | 'OLD') => `${row}.status = 'sealed' AND ${row}.sealed_data_key IS NOT NULL`;
const same = `NEW.id = OLD.id AND NEW.list_stamp = OLD.list_stamp`;
/** A draw's share of the digest: the expressions the domain's digestOf computes (two moduli). */
const share = (row: 'NEW' | 'OLD', sign: '+' | '-') => `n = n ${sign} 1,
  a = a ${sign} ((CAST(${row}.id AS BIGINT) * 1000003 + ${row}.list_stamp) % 2147483647),
  b = b ${sign} ((CAST(${row}.id AS BIGINT) * 999983 + ${row}.list_stamp) % 2147483629)
  WHERE shard = ${row}.id % ${SEALED_DIGEST_SHARDS}`;

/**
 * Every draw asks whether the sealed lists its process holds are still those the database has, by a digest over the
 * ids and stamps of the draws still sealed. Computed by a scan, that cost grew with every draw sealed and not yet
 * unsealed. Now triggers keep it, in a few rows summed on read: a draw entering the sealed set (sealed with its key)
 * adds its share, one leaving it (unsealed, deleted) takes it away, a stamp that moves swaps it — on every path that
 * writes a draw, so none can forget it. The draws newer than a process holds are found through a partial index of the
 * sealed draws' ids and stamps.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('expert_sealed_digest', (t) => {
    t.integer('shard').primary();
    t.bigInteger('n').notNullable();
    t.bigInteger('a').notNullable();
    t.bigInteger('b').notNullable();
  });
  await knex.raw(`INSERT INTO expert_sealed_digest (shard, n, a, b)
    SELECT s.shard, count(d.id), coalesce(sum((CAST(d.id AS BIGINT) * 1000003 + d.list_stamp) % 2147483647), 0),
           coalesce(sum((CAST(d.id AS BIGINT) * 999983 + d.list_stamp) % 2147483629), 0)
    FROM (${Array.from({ length: SEALED_DIGEST_SHARDS }, (_, i) => `SELECT ${i} AS shard`).join(' UNION ALL ')}) s
    LEFT JOIN expert_draws d ON d.id % ${SEALED_DIGEST_SHARDS} = s.shard AND d.status = 'sealed' AND d.sealed_data_key IS NOT NULL
    GROUP BY s.shard`);
  await knex.raw(`CREATE INDEX expert_draws_sealed_lists ON expert_draws (id, list_stamp)
    WHERE status = 'sealed' AND sealed_data_key IS NOT NULL`);
  const columns = 'id, status, sealed_data_key, list_stamp';
  if (knex.client.config.client === 'pg') {
    await knex.raw(`
      CREATE OR REPLACE FUNCTION expert_sealed_digest_keep() RETURNS trigger AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND (${member('OLD')}) = (${member('NEW')}) AND ${same} THEN RETURN NULL; END IF;
        IF TG_OP IN ('UPDATE', 'DELETE') AND ${member('OLD')} THEN UPDATE expert_sealed_digest SET ${share('OLD', '-')}; END IF;
        IF TG_OP IN ('UPDATE', 'INSERT') AND ${member('NEW')} THEN UPDATE expert_sealed_digest SET ${share('NEW', '+')}; END IF;
        RETURN NULL;
      END $$ LANGUAGE plpgsql`);
    await knex.raw(`CREATE TRIGGER expert_draws_sealed_digest AFTER INSERT OR DELETE OR UPDATE OF ${columns} ON expert_draws
      FOR EACH ROW EXECUTE FUNCTION expert_sealed_digest_keep()`);
  } else {
    const unchanged = `(${member('OLD')}) = (${member('NEW')}) AND ${same}`;
    await knex.raw(`CREATE TRIGGER expert_draws_sealed_digest_insert AFTER INSERT ON expert_draws WHEN ${member('NEW')}
      BEGIN UPDATE expert_sealed_digest SET ${share('NEW', '+')}; END`);
    await knex.raw(`CREATE TRIGGER expert_draws_sealed_digest_delete AFTER DELETE ON expert_draws WHEN ${member('OLD')}
      BEGIN UPDATE expert_sealed_digest SET ${share('OLD', '-')}; END`);
    await knex.raw(`CREATE TRIGGER expert_draws_sealed_digest_leave AFTER UPDATE OF ${columns} ON expert_draws
      WHEN ${member('OLD')} AND NOT (${unchanged})
      BEGIN UPDATE expert_sealed_digest SET ${share('OLD', '-')}; END`);
    await knex.raw(`CREATE TRIGGER expert_draws_sealed_digest_enter AFTER UPDATE OF ${columns} ON expert_draws
      WHEN ${member('NEW')} AND NOT (${unchanged})
      BEGIN UPDATE expert_sealed_digest SET ${share('NEW', '+')}; END`);
  }
}

export async function down(knex: Knex): Promise<void> {
  if (knex.client.config.client === 'pg') {
    await knex.raw('DROP TRIGGER IF EXISTS expert_draws_sealed_digest ON expert_draws');
    await knex.raw('DROP FUNCTION IF EXISTS expert_sealed_digest_keep()');
  } else {
    for (const t of ['insert', 'delete', 'leave', 'enter']) await knex.raw(`DROP TRIGGER IF EXISTS expert_draws_sealed_digest_${t}`);
  }
  await knex.raw('DROP INDEX IF EXISTS expert_draws_sealed_lists');
  await knex.schema.dropTable('expert_sealed_digest');
}
