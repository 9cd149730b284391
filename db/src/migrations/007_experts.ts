import type { Knex } from 'knex';

/** Expert library (专家库): specialties, employers, avoidance relations, draws and notifications. */
export async function up(_knex: Knex): Promise<void> {
  // filled in by the capability's change
}

export async function down(_knex: Knex): Promise<void> {
  // nothing yet
}
