import type { Knex } from 'knex';

/**
 * Expert library (专家库): the specialty tree, experts with their specialties, kinds, contacts, declared avoidance
 * relations and sanctions; draws (专家抽取) with their recorded seed and candidate snapshot, ranked members, the
 * notification outbox, and the accounting that caps how often one expert is drawn.
 */
export async function up(knex: Knex): Promise<void> {
  // 专业分类: a tree (e.g. construction → civil engineering → …); a draw asks for a node and matches its subtree.
  await knex.schema.createTable('expert_specialties', (t) => {
    t.string('code', 32).primary();
    t.string('parent_code', 32).nullable().references('code').inTable('expert_specialties');
    t.string('name', 100).notNullable();
    t.index(['parent_code']);
  });

  // Existing columns of the 001 skeleton stay: specialty_code is the expert's main specialty (主专业), and the
  // many-to-many table below is what draws match on.
  await knex.schema.alterTable('experts', (t) => {
    t.string('kind', 16).notNullable().defaultTo('technical').checkIn(['technical', 'economic'], 'experts_kind'); // 技术 / 经济
    t.string('mobile', 20).nullable(); // notifications go here; an expert without one cannot be drawn
    t.string('title', 50).nullable(); // 职称
    t.unique(['id', 'region_code']); // the key the specialty links follow the expert's region by
  });
  // The draw's access path: a specialty subtree and a set of regions select the pool from this index alone. The
  // region is the expert's, kept equal by the foreign key (an expert moving region cascades here).
  await knex.schema.createTable('expert_specialty_links', (t) => {
    t.integer('expert_id').notNullable();
    t.string('region_code', 12).notNullable();
    t.string('specialty_code', 32).notNullable().references('code').inTable('expert_specialties');
    t.primary(['expert_id', 'specialty_code']);
    t.foreign(['expert_id', 'region_code']).references(['id', 'region_code']).inTable('experts').onUpdate('CASCADE').onDelete('CASCADE');
    t.index(['specialty_code', 'region_code', 'expert_id']);
  });

  // 回避关系 an expert declared (or the centre recorded) with a market subject.
  await knex.schema.createTable('expert_avoidance_relations', (t) => {
    t.increments('id').primary();
    t.integer('expert_id').notNullable().references('id').inTable('experts').onDelete('CASCADE');
    t.integer('subject_id').notNullable().references('id').inTable('subjects');
    t.string('relation', 32).notNullable().checkIn(['relative', 'economic_tie', 'former_employee', 'other'], 'expert_avoidance_relation_kind');
    t.string('description', 500).nullable();
    t.timestamp('declared_at', { useTz: true }).notNullable();
    t.timestamp('valid_until', { useTz: true }).nullable(); // e.g. a former employee: a few years after leaving
    t.unique(['expert_id', 'subject_id', 'relation']);
    t.index(['subject_id', 'expert_id']);
  });

  // Suspension (暂停评标资格) or disqualification (取消资格) of an expert, valid for a period or until revoked.
  await knex.schema.createTable('expert_sanctions', (t) => {
    t.increments('id').primary();
    t.integer('expert_id').notNullable().references('id').inTable('experts').onDelete('CASCADE');
    t.string('measure', 32).notNullable().checkIn(['suspension', 'disqualification'], 'expert_sanction_measure');
    t.string('reason', 1000).notNullable();
    t.string('decided_by_region', 12).notNullable().references('code').inTable('regions');
    t.timestamp('valid_from', { useTz: true }).notNullable();
    t.timestamp('valid_until', { useTz: true }).nullable();
    t.timestamp('revoked_at', { useTz: true }).nullable();
    t.index(['expert_id']);
  });

  // The draw-frequency cap as data: at most max_draws invitations in the last window_days days. The scope is a
  // region code, falling back to its parent region and then to '*'.
  await knex.schema.createTable('expert_draw_policies', (t) => {
    t.string('scope', 12).primary();
    t.integer('max_draws').notNullable().checkPositive('expert_draw_policy_max');
    t.integer('window_days').notNullable().checkPositive('expert_draw_policy_window');
  });
  await knex('expert_draw_policies').insert({ scope: '*', max_draws: 6, window_days: 30 });

  await knex.schema.createTable('expert_draws', (t) => {
    t.increments('id').primary();
    t.integer('deal_id').notNullable().references('id').inTable('deals');
    t.string('region_code', 12).notNullable().references('code').inTable('regions');
    t.string('status', 16).notNullable().checkIn(['sealed', 'unsealed'], 'expert_draw_status');
    t.integer('committee_size').notNullable();
    t.integer('tenderee_representatives').notNullable();
    t.text('request').notNullable(); // canonical JSON of the validated request
    t.string('seed', 64).notNullable(); // 32 random bytes, hex; sealed with the list
    t.string('seed_commitment', 64).notNullable(); // sha-256 of the seed bytes, published at the draw
    t.string('snapshot_hash', 64).notNullable(); // sha-256 of the candidate snapshot's canonical JSON
    t.integer('candidates').notNullable(); // pool sizes, summed over the specialty groups
    t.integer('reached').notNullable(); // candidates whose facts the walk read (recorded in the snapshot)
    t.integer('principals').notNullable();
    t.integer('backups').notNullable();
    t.string('drawn_key', 300).notNullable().unique(); // the activity run that drew it
    t.timestamp('drawn_at', { useTz: true }).notNullable();
    t.timestamp('evaluation_at', { useTz: true }).nullable(); // set when the invitations go out
    t.string('venue', 200).nullable();
    t.integer('reply_within_minutes').nullable();
    t.timestamp('unsealed_at', { useTz: true }).nullable();
    t.string('unsealed_key', 300).nullable();
    t.index(['deal_id']);
    t.check('?? >= 5 and ?? % 2 = 1', ['committee_size', 'committee_size'], 'expert_draws_committee');
  });
  await knex.schema.createTable('expert_draw_sections', (t) => {
    t.integer('draw_id').notNullable().references('id').inTable('expert_draws').onDelete('CASCADE');
    t.integer('section_id').notNullable().references('id').inTable('sections');
    t.primary(['draw_id', 'section_id']);
    t.index(['section_id']);
  });
  await knex.schema.createTable('expert_draw_snapshots', (t) => {
    t.integer('draw_id').primary().references('id').inTable('expert_draws').onDelete('CASCADE');
    t.text('snapshot').notNullable(); // canonical JSON; its hash is expert_draws.snapshot_hash
  });

  await knex.schema.createTable('expert_draw_members', (t) => {
    t.increments('id').primary();
    t.integer('draw_id').notNullable().references('id').inTable('expert_draws').onDelete('CASCADE');
    t.integer('expert_id').notNullable().references('id').inTable('experts');
    t.integer('group_no').notNullable(); // the specialty group of the request, from 1
    t.string('specialty_code', 32).notNullable().references('code').inTable('expert_specialties');
    t.integer('rank').notNullable(); // order drawn within the group, from 1
    t.string('role', 16).notNullable().checkIn(['principal', 'backup'], 'expert_draw_member_role');
    t.string('status', 16).notNullable()
      .checkIn(['standby', 'invited', 'confirmed', 'declined', 'timeout', 'replaced'], 'expert_draw_member_status');
    t.integer('seat_no').nullable(); // the committee seat held (or last held)
    t.timestamp('invited_at', { useTz: true }).nullable();
    t.timestamp('reply_due_at', { useTz: true }).nullable();
    t.string('response', 16).nullable().checkIn(['confirm', 'decline', 'timeout'], 'expert_draw_member_response');
    t.string('response_channel', 16).nullable();
    t.timestamp('responded_at', { useTz: true }).nullable();
    t.integer('replaces_member_id').nullable().references('id').inTable('expert_draw_members');
    t.unique(['draw_id', 'expert_id']);
    t.unique(['draw_id', 'group_no', 'rank']);
    t.index(['expert_id']);
  });
  // One holder per seat at any time.
  await knex.raw(`create unique index expert_draw_members_one_per_seat on expert_draw_members (draw_id, seat_no) where status in ('invited', 'confirmed')`);

  // Outbox: a row per message to deliver; the dispatcher claims, delivers and marks it.
  await knex.schema.createTable('expert_notifications', (t) => {
    t.increments('id').primary();
    t.string('idempotency_key', 400).notNullable().unique();
    t.integer('draw_id').notNullable().references('id').inTable('expert_draws');
    t.integer('member_id').notNullable().references('id').inTable('expert_draw_members');
    t.string('channel', 8).notNullable().checkIn(['sms', 'voice'], 'expert_notification_channel');
    t.string('recipient', 20).notNullable();
    t.text('body').notNullable(); // the SMS text or the voice call script
    t.string('status', 16).notNullable().checkIn(['pending', 'sending', 'sent', 'failed'], 'expert_notification_status');
    t.integer('attempts').notNullable().defaultTo(0);
    t.timestamp('next_attempt_at', { useTz: true }).notNullable();
    t.timestamp('lease_until', { useTz: true }).nullable();
    t.string('provider_ref', 200).nullable();
    t.string('last_error', 500).nullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('sent_at', { useTz: true }).nullable();
    t.index(['status', 'next_attempt_at']);
    t.index(['member_id']);
  });

  // Draw-frequency accounting: one row per invitation of an expert to a committee.
  await knex.schema.createTable('expert_engagements', (t) => {
    t.integer('expert_id').notNullable().references('id').inTable('experts');
    t.integer('draw_id').notNullable().references('id').inTable('expert_draws');
    t.integer('member_id').notNullable().references('id').inTable('expert_draw_members');
    t.timestamp('engaged_at', { useTz: true }).notNullable();
    t.primary(['expert_id', 'draw_id']);
    t.index(['expert_id', 'engaged_at']);
  });

}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'expert_engagements', 'expert_notifications', 'expert_draw_members', 'expert_draw_snapshots', 'expert_draw_sections',
    'expert_draws', 'expert_draw_policies', 'expert_sanctions', 'expert_avoidance_relations', 'expert_specialty_links',
  ]) {
    await knex.schema.dropTableIfExists(table);
  }
  await knex.schema.alterTable('experts', (t) => {
    t.dropUnique(['id', 'region_code']); t.dropColumn('kind'); t.dropColumn('mobile'); t.dropColumn('title');
  });
  await knex.schema.dropTableIfExists('expert_specialties');
}
