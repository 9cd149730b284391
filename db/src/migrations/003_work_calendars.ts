import type { Knex } from 'knex';

/** Working-day calendars (public holidays and make-up working days, 调休) per region and year, set by an administrator. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('work_calendars', (t) => {
    t.string('region_code', 12).notNullable().references('code').inTable('regions');
    t.integer('year').notNullable();
    t.text('holidays').notNullable(); // JSON array of YYYY-MM-DD
    t.text('workdays').notNullable(); // JSON array of YYYY-MM-DD
    t.integer('updated_by').nullable().references('id').inTable('users');
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['region_code', 'year']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('work_calendars');
}
