import type { Knex } from 'knex';

/**
 * 网上挂牌: a land listing's terms as its notice announces them (starting price, increment, deposit, the listing
 * period), when the listing opened and closed, and every quote a bidder made online during it. A quote is never
 * changed: a higher one follows it. `seq` orders the quotes of a listing, and each price is taken once per listing, so
 * two quotes racing for the same step cannot both stand.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('land_listings', (t) => {
    t.increments('id').primary();
    t.integer('deal_id').notNullable().unique().references('id').inTable('deals');
    t.integer('section_id').notNullable().unique().references('id').inTable('sections');
    t.bigInteger('starting_price_fen').notNullable();
    t.bigInteger('increment_fen').notNullable();
    t.bigInteger('deposit_fen').notNullable();
    t.timestamp('starts_at', { useTz: true }).notNullable();
    t.timestamp('ends_at', { useTz: true }).notNullable();
    t.timestamp('opened_at', { useTz: true }).nullable();
    t.timestamp('closed_at', { useTz: true }).nullable();
    t.string('announced_key', 300).notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.check('?? > 0', ['starting_price_fen'], 'land_listings_starting_price_positive');
    t.check('?? > 0', ['increment_fen'], 'land_listings_increment_positive');
    t.check('?? > 0', ['deposit_fen'], 'land_listings_deposit_positive');
  });
  await knex.schema.createTable('listing_quotes', (t) => {
    t.increments('id').primary();
    t.integer('listing_id').notNullable().references('id').inTable('land_listings');
    t.integer('bid_id').notNullable().references('id').inTable('bids');
    t.integer('bidder_subject_id').notNullable().references('id').inTable('subjects');
    t.integer('bidder_no').notNullable(); // 竞买号: what the board shows instead of the bidder's name
    t.integer('seq').notNullable();
    t.bigInteger('price_fen').notNullable();
    t.string('request_key', 200).notNullable().unique();
    t.string('person_name', 200).nullable();
    t.timestamp('quoted_at', { useTz: true }).notNullable();
    t.unique(['listing_id', 'seq']);
    t.unique(['listing_id', 'price_fen']);
    t.index(['bid_id']);
    t.check('?? > 0', ['price_fen'], 'listing_quotes_price_positive');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('listing_quotes');
  await knex.schema.dropTable('land_listings');
}
