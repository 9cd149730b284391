import type { Knex } from 'knex';

/**
 * Bids sealed by the bidder (双重加密): the envelope its browser built and signed, how it was sent (the bid-tool
 * fingerprint the collusion screens read), and at the opening the two key shares — the platform's, removed at the
 * deadline, and the bidder's, handed over in the opening hall — with what they opened. An opening now has a
 * decryption window: `decrypting` until the bidders have opened their shares or the window has run out.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('bid_envelopes', (t) => {
    t.integer('submission_id').primary().references('id').inTable('bid_submissions');
    t.text('envelope').notNullable(); // canonical JSON, exactly as signed
    t.string('envelope_sha256', 64).notNullable();
    t.text('signature').notNullable(); // base64 DER, by the bidder's certificate key over the envelope
    t.string('certificate_fingerprint', 64).notNullable();
    t.string('key_algorithm', 16).notNullable();
    t.string('client_device_id', 128).nullable();
    t.string('client_user_agent', 300).nullable();
    t.string('client_address', 64).nullable();
    t.text('platform_share').nullable(); // K1 (base64), once the platform's seal is removed at the deadline
    t.timestamp('platform_share_at', { useTz: true }).nullable();
    t.text('bidder_share').nullable(); // K2 (base64), handed over by the bidder in the hall
    t.text('opened_content').nullable(); // canonical JSON of the bid, once both shares opened it
    t.timestamp('decrypted_at', { useTz: true }).nullable();
    t.string('decrypted_by', 100).nullable();
  });
  await knex.schema.alterTable('bid_openings', (t) => {
    t.string('status', 16).notNullable().defaultTo('complete'); // decrypting | complete
    t.timestamp('decrypt_until', { useTz: true }).nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('bid_openings', (t) => { t.dropColumn('status'); t.dropColumn('decrypt_until'); });
  await knex.schema.dropTableIfExists('bid_envelopes');
}
