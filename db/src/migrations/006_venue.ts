import type { Knex } from 'knex';

/** Venue booking (场地预约): rooms and bookings; double booking refused by a database constraint. */
export async function up(_knex: Knex): Promise<void> {
  // filled in by the capability's change
}

export async function down(_knex: Knex): Promise<void> {
  // nothing yet
}
