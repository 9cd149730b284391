import type { Knex } from 'knex';

/** Notices (信息发布), the aggregation outbox (数据归集) and sealed archives (档案管理). */
export async function up(_knex: Knex): Promise<void> {
  // filled in by the capability's change
}

export async function down(_knex: Knex): Promise<void> {
  // nothing yet
}
