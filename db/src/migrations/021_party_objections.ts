import type { Knex } from 'knex';

/**
 * 异议 a bidder raises online, outside the opening hall (the hall's are `opening_objections`):
 * - to the tender or procurement documents (《招标投标法实施条例》§22: up to 10 days before the bid deadline;
 *   government procurement 质疑, 《政府采购法》§52) and to the evaluation result while the candidates are publicised (§54);
 * - answered by the tenderee or its agency within the statutory period, the due date fixed when it is raised;
 * - the deal held meanwhile: `objection_holds` keeps the suspension the objections put on the deal (its directive), so
 *   the last answer resumes only that one and never a supervisor's or a complaint's.
 * Who raised one is kept here for the organiser, staff and supervisors; other bidders never see it.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('party_objections', (t) => {
    t.increments('id').primary();
    t.integer('deal_id').notNullable().references('id').inTable('deals');
    t.string('kind', 16).notNullable(); // documents | result
    t.integer('objector_subject_id').notNullable().references('id').inTable('subjects');
    t.integer('objector_person_id').nullable().references('id').inTable('subject_people');
    t.string('raised_by', 100).notNullable(); // the user name
    t.string('request_key', 200).notNullable().unique(); // subject and request id: a retried objection is raised once
    t.text('text').notNullable();
    t.text('files').notNullable(); // JSON [{sha256, fileName, sizeBytes}] of the objector's uploads
    t.timestamp('raised_at', { useTz: true }).notNullable();
    t.timestamp('due_at', { useTz: true }).notNullable(); // the answer is due by then (region's calendar)
    t.string('status', 16).notNullable(); // pending | answered
    t.text('answer').nullable();
    t.integer('answered_by_subject_id').nullable().references('id').inTable('subjects');
    t.string('answered_by', 100).nullable();
    t.timestamp('answered_at', { useTz: true }).nullable();
    t.integer('notice_id').nullable().references('id').inTable('notices'); // the clarification a documents answer published
    t.index(['deal_id', 'status']);
    t.index(['objector_subject_id']);
    t.check("(?? = 'answered') = (?? is not null)", ['status', 'answered_at'], 'party_objections_answered_has_time');
  });
  await knex.schema.createTable('objection_holds', (t) => {
    t.increments('id').primary();
    t.integer('deal_id').notNullable().references('id').inTable('deals');
    t.string('directive_id', 200).notNullable().unique(); // the suspend directive the objections sent
    t.integer('objection_id').notNullable().references('id').inTable('party_objections'); // the one that placed it
    t.timestamp('placed_at', { useTz: true }).notNullable();
    t.timestamp('released_at', { useTz: true }).nullable();
    t.boolean('resumed').nullable(); // at release: whether the deal was resumed (false: suspended for another reason by then)
    t.index(['deal_id', 'released_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('objection_holds');
  await knex.schema.dropTable('party_objections');
}
