import type { Knex } from 'knex';

/**
 * Venue booking (场地预约) and sealed bids with their opening (投标与开标).
 *
 * Venue: rooms per region, opening hours as data, bookings, and one claim row per booked 30-minute slot. Double
 * booking is impossible because the database refuses it: a unique index over the *active* claims (room, slot), the
 * same on both databases. (A PostgreSQL exclusion constraint over the bookings' ranges was tried as a second guard
 * and dropped: it checks after inserting its index entry, so two concurrent conflicting bookings wait for each other
 * and one dies of a deadlock a second later; the B-tree unique index makes the later one wait and then fail cleanly.)
 *
 * Bids: every submitted version of a bid (document hash and the price sealed to the section's opening key), the
 * section's key pair split over two tables (the public half seals, the private half is read only by the opening),
 * and the opening record with one line per opened bid.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('venue_rooms', (t) => {
    t.increments('id').primary();
    t.string('room_code', 32).notNullable().unique();
    t.string('region_code', 12).notNullable().references('code').inTable('regions');
    t.string('kind', 32).notNullable().checkIn(['opening_hall', 'evaluation_room'], 'venue_rooms_kind');
    t.string('name', 100).notNullable();
    t.integer('capacity').notNullable().checkPositive('venue_rooms_capacity');
    t.boolean('is_active').notNullable().defaultTo(true);
    t.index(['region_code', 'kind', 'is_active']);
  });

  // Local time (China Standard Time) a region's rooms open on each ISO weekday (1 = Monday); no row: closed.
  await knex.schema.createTable('venue_opening_hours', (t) => {
    t.string('region_code', 12).notNullable().references('code').inTable('regions');
    t.integer('weekday').notNullable();
    t.integer('opens_minute').notNullable(); // minutes after local midnight
    t.integer('closes_minute').notNullable();
    t.primary(['region_code', 'weekday']);
    t.check('?? between 1 and 7', ['weekday'], 'venue_opening_hours_weekday');
    t.check('?? >= 0 and ?? < ?? and ?? <= 1440', ['opens_minute', 'opens_minute', 'closes_minute', 'closes_minute'], 'venue_opening_hours_span');
  });

  await knex.schema.createTable('venue_bookings', (t) => {
    t.increments('id').primary();
    t.integer('deal_id').notNullable().references('id').inTable('deals');
    t.integer('section_id').nullable().references('id').inTable('sections');
    t.integer('room_id').notNullable().references('id').inTable('venue_rooms');
    t.timestamp('starts_at', { useTz: true }).notNullable();
    t.timestamp('ends_at', { useTz: true }).notNullable();
    t.string('purpose', 200).notNullable();
    t.integer('attendees').nullable();
    t.string('booked_key', 300).notNullable().unique(); // the activity run that booked it
    t.timestamp('booked_at', { useTz: true }).notNullable();
    t.timestamp('released_at', { useTz: true }).nullable();
    t.string('released_key', 300).nullable();
    t.string('release_reason', 200).nullable();
    t.index(['deal_id', 'released_at']);
    t.index(['room_id', 'starts_at']);
    t.unique(['id', 'room_id']); // the target of the claims' key: a claim is always of its booking's room
    t.check('?? > ??', ['ends_at', 'starts_at'], 'venue_bookings_window');
  });

  // One row per (room, slot) a booking holds; released claims stay as history and stop counting.
  await knex.schema.createTable('venue_slot_claims', (t) => {
    t.increments('id').primary();
    t.integer('booking_id').notNullable();
    t.integer('room_id').notNullable().references('id').inTable('venue_rooms');
    t.timestamp('slot_start', { useTz: true }).notNullable();
    t.timestamp('released_at', { useTz: true }).nullable();
    t.foreign(['booking_id', 'room_id'], 'venue_slot_claims_booking').references(['id', 'room_id']).inTable('venue_bookings');
    t.index(['booking_id']);
  });
  await knex.raw('CREATE UNIQUE INDEX venue_slot_claims_active ON venue_slot_claims (room_id, slot_start) WHERE released_at IS NULL');

  // The section's sealing key pair (X25519): bids.submit reads only the public half, bids.open the private one.
  await knex.schema.createTable('bid_sealing_keys', (t) => {
    t.integer('section_id').primary().references('id').inTable('sections');
    t.string('algorithm', 64).notNullable();
    t.text('public_key').notNullable(); // SPKI DER, base64
    t.timestamp('created_at', { useTz: true }).notNullable();
  });
  await knex.schema.createTable('bid_opening_keys', (t) => {
    t.integer('section_id').primary().references('section_id').inTable('bid_sealing_keys');
    t.text('private_key').notNullable(); // PKCS#8 DER, base64
  });

  // Every version a bidder submitted; the current one has no superseded_at. The price is sealed until opening.
  await knex.schema.createTable('bid_submissions', (t) => {
    t.increments('id').primary();
    t.integer('bid_id').notNullable().references('id').inTable('bids');
    t.integer('version').notNullable().checkPositive('bid_submissions_version');
    t.string('document_sha256', 64).notNullable();
    t.text('sealed_price').notNullable();
    t.string('submitted_key', 300).notNullable().unique();
    t.timestamp('submitted_at', { useTz: true }).notNullable();
    t.timestamp('superseded_at', { useTz: true }).nullable();
    t.unique(['bid_id', 'version']);
  });
  await knex.raw('CREATE UNIQUE INDEX bid_submissions_current ON bid_submissions (bid_id) WHERE superseded_at IS NULL');

  // The opening record of a section (开标记录, BID_OPENING_RECORD when exchanged) and its lines.
  await knex.schema.createTable('bid_openings', (t) => {
    t.increments('id').primary();
    t.integer('section_id').notNullable().unique().references('id').inTable('sections');
    t.timestamp('deadline_at', { useTz: true }).notNullable();
    t.timestamp('opened_at', { useTz: true }).notNullable();
    t.string('opened_key', 300).notNullable().unique();
    t.integer('valid_bid_count').notNullable();
    t.integer('line_count').notNullable();
  });
  await knex.schema.createTable('bid_opening_lines', (t) => {
    t.increments('id').primary();
    t.integer('opening_id').notNullable().references('id').inTable('bid_openings');
    t.integer('line_no').notNullable();
    t.integer('bid_id').notNullable().references('id').inTable('bids');
    t.integer('submission_id').notNullable().references('id').inTable('bid_submissions');
    t.integer('bidder_subject_id').notNullable().references('id').inTable('subjects');
    t.string('document_sha256', 64).notNullable();
    t.bigInteger('price_fen').nullable(); // null when the seal could not be opened
    t.boolean('is_valid').notNullable();
    t.string('invalid_reason', 32).nullable(); // seal_broken | late
    t.unique(['opening_id', 'line_no']);
    t.unique(['opening_id', 'bid_id']);
    t.check('?? >= 0', ['price_fen'], 'bid_opening_lines_price');
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'bid_opening_lines', 'bid_openings', 'bid_submissions', 'bid_opening_keys', 'bid_sealing_keys',
    'venue_slot_claims', 'venue_bookings', 'venue_opening_hours', 'venue_rooms',
  ]) {
    await knex.schema.dropTableIfExists(table);
  }
}
