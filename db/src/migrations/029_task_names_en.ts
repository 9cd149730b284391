import type { Knex } from 'knex';

/** A task's English name, where its procedure carries one (ggzy:nameEn): the portal shows it in English. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('process_tasks', (t) => {
    t.string('name_en', 300).nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('process_tasks', (t) => {
    t.dropColumn('name_en');
  });
}
