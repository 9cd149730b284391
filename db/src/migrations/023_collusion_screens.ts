import type { Knex } from 'knex';

/**
 * Supervision library (监管库), continued: the bid-rigging screens (围标串标筛查) of every opened section — its tender
 * screens against its market's (same region and procedure kind), the model's score, the statutory evidence
 * (《招标投标法实施条例》第四十条) with where each item came from, and the findings an alert was raised for. One row per
 * section, rewritten by each screening (the nightly re-score included); the alerts it raised stay in
 * `supervision_alerts` and on the trail. A screening that failed is kept as `failed` and tried again by the nightly job.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('collusion_screens', (t) => {
    t.increments('id').primary();
    t.integer('section_id').notNullable().unique().references('id').inTable('sections');
    t.string('deal_code', 64).notNullable();
    t.string('section_code', 64).notNullable();
    t.string('region_code', 12).notNullable().references('code').inTable('regions');
    t.string('procedure_kind', 64).notNullable();
    t.string('status', 16).notNullable().checkIn(['screened', 'failed'], 'collusion_screens_status');
    t.integer('bid_count').notNullable().defaultTo(0);
    t.integer('market_tenders').notNullable().defaultTo(0);
    t.double('score').nullable();
    t.double('threshold').nullable();
    t.boolean('is_flagged').notNullable().defaultTo(false);
    t.text('flag_reasons').notNullable().defaultTo('[]'); // JSON: evidence | score
    t.text('screens').notNullable().defaultTo('{}'); // JSON: per screen value, market median, threshold, direction
    t.text('evidence').notNullable().defaultTo('[]'); // JSON: CollusionEvidence[] with sources
    t.text('alerted_findings').notNullable().defaultTo('[]'); // JSON: keys of the findings an alert was raised for
    t.string('model', 200).notNullable().defaultTo('');
    t.integer('attempts').notNullable().defaultTo(0);
    t.text('last_error').nullable(); // kept for the operators, never shown through the api
    t.timestamp('screened_at', { useTz: true }).notNullable();
    t.index(['region_code', 'is_flagged', 'id']);
    t.index(['region_code', 'procedure_kind']);
    t.index(['status']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('collusion_screens');
}
