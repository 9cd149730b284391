import type { Knex } from 'knex';

/**
 * The parties' own portal (一站式): what a bidder, tenderee or agency does online by itself.
 *
 * - The bid deadline and the documents' sale period on the deal, recorded by the step that publishes the tender
 *   notice, so the api checks a window without asking the workflow; the deposit each section requires.
 * - 报名 by the bidder (one row per registration beside its `bids` row): who registered, the deposit sub-account
 *   (保证金子账号) its cash goes to, and the receipt's hash.
 * - Receipts (回执) a party is given for each of its acts, each also on the supervision trail.
 * - Clarification questions (答疑): the asker is kept here and shown to staff and supervisors only.
 * - The bank's deposit notifications, once per bank transaction, with what the platform made of each.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('deals', (t) => {
    t.timestamp('bid_deadline_at', { useTz: true }).nullable(); // 投标截止时间 (= the opening)
    t.timestamp('documents_on_sale_until', { useTz: true }).nullable();
  });
  await knex.schema.alterTable('sections', (t) => {
    t.bigInteger('deposit_required_fen').nullable(); // 投标保证金 the tender documents ask for
  });

  await knex.schema.createTable('party_registrations', (t) => {
    t.increments('id').primary();
    t.integer('bid_id').notNullable().unique().references('id').inTable('bids');
    t.integer('deal_id').notNullable().references('id').inTable('deals');
    t.integer('section_id').notNullable().references('id').inTable('sections');
    t.integer('subject_id').notNullable().references('id').inTable('subjects');
    t.integer('person_id').nullable().references('id').inTable('subject_people');
    t.integer('user_id').notNullable().references('id').inTable('users');
    t.string('deposit_account_no', 32).notNullable().unique(); // the sub-account the bank credits this bidder's cash to
    t.string('receipt_sha256', 64).notNullable();
    t.timestamp('registered_at', { useTz: true }).notNullable();
    t.timestamp('withdrawn_at', { useTz: true }).nullable();
    t.index(['subject_id']);
    t.index(['deal_id']);
  });

  await knex.schema.createTable('party_receipts', (t) => {
    t.increments('id').primary();
    t.string('receipt_key', 300).notNullable().unique(); // what gave it, once
    t.integer('deal_id').notNullable().references('id').inTable('deals');
    t.integer('section_id').nullable().references('id').inTable('sections');
    t.integer('subject_id').notNullable().references('id').inTable('subjects');
    t.integer('person_id').nullable().references('id').inTable('subject_people');
    t.string('kind', 32).notNullable(); // registration | withdrawal | download | question | answer | documents | deposit | guarantee
    t.text('content').notNullable(); // canonical JSON of what the receipt says
    t.string('sha256', 64).notNullable(); // of `content`
    t.bigInteger('trail_seq').notNullable(); // the supervision event that carries it
    t.timestamp('issued_at', { useTz: true }).notNullable();
    t.index(['subject_id', 'deal_id']);
  });

  await knex.schema.createTable('clarification_questions', (t) => {
    t.increments('id').primary();
    t.integer('deal_id').notNullable().references('id').inTable('deals');
    t.integer('section_id').nullable().references('id').inTable('sections');
    t.integer('asker_subject_id').notNullable().references('id').inTable('subjects');
    t.integer('asker_person_id').nullable().references('id').inTable('subject_people');
    t.string('ask_key', 300).notNullable().unique(); // the asker's request id: a retried question is asked once
    t.text('question').notNullable();
    t.timestamp('asked_at', { useTz: true }).notNullable();
    t.string('status', 16).notNullable(); // open | answered
    t.text('answer').nullable();
    t.integer('answered_by_subject_id').nullable().references('id').inTable('subjects');
    t.integer('answered_by_person_id').nullable().references('id').inTable('subject_people');
    t.timestamp('answered_at', { useTz: true }).nullable();
    t.integer('notice_id').nullable().references('id').inTable('notices'); // the public clarification notice
    t.boolean('late').notNullable().defaultTo(false); // answered less than 15 days before the bid deadline (§21)
    t.index(['deal_id', 'status']);
    t.check("(?? = 'answered') = (?? is not null)", ['status', 'answered_at'], 'clarification_questions_answered_has_time');
  });

  await knex.schema.createTable('bank_deposit_notifications', (t) => {
    t.increments('id').primary();
    t.string('bank_id', 32).notNullable();
    t.string('transaction_id', 64).notNullable();
    t.string('body_sha256', 64).notNullable(); // the same transaction id with other content is refused
    t.string('credited_account', 32).notNullable();
    t.string('payer_account', 64).notNullable();
    t.string('payer_name', 300).notNullable();
    t.bigInteger('amount_fen').notNullable();
    t.timestamp('booked_at', { useTz: true }).notNullable();
    t.string('status', 16).notNullable(); // accepted | refused (the money is to be returned to the payer)
    t.string('refusal_code', 64).nullable();
    t.integer('deposit_id').nullable().references('id').inTable('deposits');
    t.integer('deal_id').nullable().references('id').inTable('deals');
    t.text('answer').notNullable(); // canonical JSON of the answer the bank got (a repeat gets it again)
    t.timestamp('received_at', { useTz: true }).notNullable();
    t.unique(['bank_id', 'transaction_id']);
    t.index(['deal_id']);
    t.check('?? > 0', ['amount_fen'], 'bank_deposit_notifications_amount_positive');
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['bank_deposit_notifications', 'clarification_questions', 'party_receipts', 'party_registrations']) {
    await knex.schema.dropTableIfExists(table);
  }
  await knex.schema.alterTable('sections', (t) => t.dropColumn('deposit_required_fen'));
  await knex.schema.alterTable('deals', (t) => { t.dropColumn('bid_deadline_at'); t.dropColumn('documents_on_sale_until'); });
}
