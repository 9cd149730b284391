import type { Knex } from 'knex';

const NOTICE_TYPES = ['tender', 'clarification', 'candidates', 'result', 'procurement', 'land-listing', 'land-result', 'termination'] as const;

/** Tables a sealed archive is made of: rows are only ever inserted (a trigger refuses UPDATE and DELETE). */
const SEALED_TABLES = ['archives', 'archive_entries'] as const;

/**
 * Notices (信息发布) for the public portal with the statutory minimum publication period they were published under;
 * the aggregation outbox (数据归集): national data spec messages written with the business change and delivered at
 * least once by a dispatcher; sealed archives (档案管理): a manifest of every document and trail event of a deal.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('notices', (t) => {
    t.increments('id').primary();
    t.integer('deal_id').notNullable().references('id').inTable('deals').onDelete('RESTRICT');
    t.integer('section_id').nullable().references('id').inTable('sections').onDelete('RESTRICT');
    t.string('region_code', 12).notNullable().references('code').inTable('regions');
    t.enu('notice_type', [...NOTICE_TYPES]).notNullable();
    t.string('title', 300).notNullable();
    t.text('body').notNullable();
    t.enu('body_format', ['markdown', 'plain']).notNullable();
    t.enu('status', ['published', 'withdrawn']).notNullable();
    t.timestamp('published_at', { useTz: true }).notNullable();
    // The statutory minimum publication period: before this instant the notice may only be withdrawn by a directive.
    t.timestamp('min_until', { useTz: true }).notNullable();
    t.string('period', 40).nullable(); // e.g. "P3D calendar", "P1D working"; null: no statutory minimum
    t.string('period_basis', 500).notNullable(); // the legal basis (zh-CN) the period was computed under
    t.string('publish_key', 300).notNullable().unique(); // the activity run that published it
    t.timestamp('withdrawn_at', { useTz: true }).nullable();
    t.enu('withdraw_reason_kind', ['termination-directive', 'correction', 'other']).nullable();
    t.string('withdraw_reason', 1000).nullable();
    t.string('withdraw_key', 300).nullable().unique();
    t.integer('termination_notice_id').nullable().references('id').inTable('notices');
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.index(['status', 'published_at']);
    t.index(['region_code', 'status', 'published_at']);
    t.index(['deal_id', 'notice_type']);
    t.check('?? >= ??', ['min_until', 'published_at'], 'notices_min_until_after_publication');
    t.check("(?? = 'withdrawn') = (?? is not null)", ['status', 'withdrawn_at'], 'notices_withdrawn_has_time');
  });

  await knex.schema.createTable('exchange_outbox', (t) => {
    t.bigIncrements('id').primary(); // delivery order within a deal
    t.string('message_id', 200).notNullable().unique(); // carried as the Idempotency-Key header
    t.string('data_set', 64).notNullable(); // national data spec V2.0 data set, e.g. TENDER_PROJECT
    t.string('record_key', 200).notNullable(); // the record within the data set (its spec key fields)
    t.integer('version').notNullable(); // 1, 2 … each time the record's content changes
    t.string('deal_code', 64).notNullable().references('deal_code').inTable('deals');
    t.string('region_code', 12).notNullable().references('code').inTable('regions');
    t.text('payload').notNullable(); // canonical JSON of the record, without PLATFORM_CODE (stamped on sending)
    t.string('payload_sha256', 64).notNullable();
    t.enu('status', ['pending', 'delivered', 'rejected']).notNullable().defaultTo('pending');
    t.integer('attempts').notNullable().defaultTo(0);
    t.timestamp('next_attempt_at', { useTz: true }).notNullable();
    t.timestamp('lease_until', { useTz: true }).nullable(); // a dispatcher is sending it until then
    t.string('lease_owner', 100).nullable();
    t.integer('last_status').nullable(); // HTTP status of the last attempt
    t.string('last_error', 1000).nullable();
    t.timestamp('delivered_at', { useTz: true }).nullable();
    t.string('created_key', 300).notNullable(); // the activity run that wrote it
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.unique(['data_set', 'record_key', 'version']);
    t.index(['status', 'next_attempt_at']);
    t.index(['deal_code', 'status', 'id']);
    t.check('?? >= 1', ['version'], 'exchange_outbox_version_positive');
    t.check("(?? = 'delivered') = (?? is not null)", ['status', 'delivered_at'], 'exchange_outbox_delivered_has_time');
  });

  await knex.schema.createTable('archives', (t) => {
    t.increments('id').primary();
    t.integer('deal_id').notNullable().unique().references('id').inTable('deals').onDelete('RESTRICT'); // one per deal
    t.string('deal_code', 64).notNullable().unique();
    t.string('region_code', 12).notNullable().references('code').inTable('regions');
    t.string('manifest_sha256', 64).notNullable(); // SHA-256 of the canonical manifest
    t.integer('document_count').notNullable();
    t.integer('trail_count').notNullable();
    t.bigInteger('trail_last_seq').nullable(); // the trail is archived up to this event of the deal's chain
    t.string('trail_head_hash', 64).nullable(); // that event's chain hash
    t.string('deal_status', 32).notNullable(); // how the deal ended
    t.timestamp('sealed_at', { useTz: true }).notNullable();
    t.string('sealed_key', 300).notNullable().unique();
  });
  await knex.schema.createTable('archive_entries', (t) => {
    t.increments('id').primary();
    t.integer('archive_id').notNullable().references('id').inTable('archives').onDelete('RESTRICT');
    t.integer('position').notNullable(); // 0-based order in the manifest
    t.enu('kind', ['document', 'trail-event']).notNullable();
    t.string('path', 500).notNullable();
    t.string('sha256', 64).notNullable();
    t.bigInteger('size').notNullable();
    t.string('source_ref', 100).notNullable(); // the document id or the event's sequence number
    t.unique(['archive_id', 'position']);
    t.unique(['archive_id', 'path']);
    t.check('?? >= 0', ['size'], 'archive_entries_size_nonnegative');
  });
  if (knex.client.config.client === 'pg') {
    await knex.raw(`
      CREATE OR REPLACE FUNCTION archive_sealed() RETURNS trigger AS $$
      BEGIN
        RAISE EXCEPTION '% is sealed (% refused)', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
      END;
      $$ LANGUAGE plpgsql`);
    for (const table of SEALED_TABLES) {
      await knex.raw(`CREATE TRIGGER ${table}_no_update_delete BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION archive_sealed()`);
    }
  } else {
    for (const table of SEALED_TABLES) {
      await knex.raw(`CREATE TRIGGER ${table}_no_update BEFORE UPDATE ON ${table} BEGIN SELECT RAISE(ABORT, '${table} is sealed (UPDATE refused)'); END`);
      await knex.raw(`CREATE TRIGGER ${table}_no_delete BEFORE DELETE ON ${table} BEGIN SELECT RAISE(ABORT, '${table} is sealed (DELETE refused)'); END`);
    }
  }
}

export async function down(knex: Knex): Promise<void> {
  if (knex.client.config.client === 'pg') {
    for (const table of SEALED_TABLES) await knex.raw(`DROP TRIGGER IF EXISTS ${table}_no_update_delete ON ${table}`);
    await knex.raw('DROP FUNCTION IF EXISTS archive_sealed()');
  } else {
    for (const table of SEALED_TABLES) {
      await knex.raw(`DROP TRIGGER IF EXISTS ${table}_no_update`);
      await knex.raw(`DROP TRIGGER IF EXISTS ${table}_no_delete`);
    }
  }
  for (const table of ['archive_entries', 'archives', 'exchange_outbox', 'notices']) await knex.schema.dropTableIfExists(table);
}
