import type { Knex } from 'knex';

/**
 * Supervision library (监管库), continued: alert evaluations (项目预警) and complaints (投诉).
 * An alert row is one evaluation of one rule for one deal: the history of found / not found / cannot assess is
 * kept, never overwritten.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('supervision_alerts', (t) => {
    t.increments('id').primary();
    t.string('evaluation_key', 300).notNullable().unique(); // activity key + rule id: one row per rule per evaluation
    t.string('deal_code', 64).notNullable();
    t.string('region_code', 12).notNullable().references('code').inTable('regions');
    t.string('rule_id', 64).notNullable();
    t.string('result', 16).notNullable().checkIn(['found', 'not_found', 'cannot_assess']);
    t.string('severity', 16).notNullable(); // info | warning | critical
    t.string('legal_basis', 300).notNullable();
    t.text('evidence').notNullable(); // canonical JSON: the inputs the rule looked at and why it decided
    t.timestamp('evaluated_at', { useTz: true }).notNullable();
    t.index(['deal_code', 'rule_id', 'id']);
    t.index(['region_code', 'result', 'id']);
  });

  await knex.schema.createTable('complaints', (t) => {
    t.increments('id').primary();
    t.string('complaint_no', 64).notNullable().unique();
    t.string('workflow_id', 200).notNullable().unique();
    t.string('deal_code', 64).notNullable();
    t.string('region_code', 12).notNullable().references('code').inTable('regions');
    t.string('complainant_credit_code', 18).notNullable();
    t.string('complainant_name', 300).notNullable();
    t.text('grounds').notNullable();
    t.date('known_on').notNullable(); // the day the complainant knew or should have known (§60: 10 days)
    t.timestamp('filed_at', { useTz: true }).notNullable();
    t.string('status', 16).notNullable(); // filed | accepted | rejected | decided
    t.timestamp('accepted_at', { useTz: true }).nullable();
    t.boolean('deal_suspended').notNullable().defaultTo(false);
    t.string('decision', 16).nullable(); // upheld | dismissed | rejected
    t.text('decision_text').nullable();
    t.timestamp('decided_at', { useTz: true }).nullable();
    t.index(['deal_code']);
    t.index(['region_code', 'status']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('complaints');
  await knex.schema.dropTableIfExists('supervision_alerts');
}
