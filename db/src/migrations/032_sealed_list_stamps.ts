import type { Knex } from 'knex';

/**
 * A stamp on every expert draw that changes whenever any of its member rows does (a trigger on both databases, so
 * no code path can forget it; on any column, so no column is tied to it): a process holding the sealing keys keeps
 * what it opened of the sealed lists and re-opens only the draws whose stamp moved, instead of every sealed draw at
 * every draw. A stamp is never reused — a
 * sequence on PostgreSQL, 53 random bits on SQLite — so a value seen from a rolled-back transaction cannot later
 * stand for other contents.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('expert_draws', (t) => {
    t.bigInteger('list_stamp').notNullable().defaultTo(0);
    t.index(['status']);
  });
  if (knex.client.config.client === 'pg') {
    // per statement, over the rows it touched: a statement inserting thousands of members of one draw moves its
    // stamp once (a row trigger would update the same draw row as often, each a new row version to step over)
    await knex.raw('CREATE SEQUENCE expert_draw_list_stamps');
    await knex.raw(`
      CREATE OR REPLACE FUNCTION expert_draw_list_stamp() RETURNS trigger AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          UPDATE expert_draws SET list_stamp = nextval('expert_draw_list_stamps') WHERE id IN (SELECT DISTINCT draw_id FROM changed_new);
        ELSIF TG_OP = 'DELETE' THEN
          UPDATE expert_draws SET list_stamp = nextval('expert_draw_list_stamps') WHERE id IN (SELECT DISTINCT draw_id FROM changed_old);
        ELSE
          UPDATE expert_draws SET list_stamp = nextval('expert_draw_list_stamps')
            WHERE id IN (SELECT draw_id FROM changed_new UNION SELECT draw_id FROM changed_old);
        END IF;
        RETURN NULL;
      END $$ LANGUAGE plpgsql`);
    await knex.raw(`CREATE TRIGGER expert_draw_members_stamp_insert AFTER INSERT ON expert_draw_members
      REFERENCING NEW TABLE AS changed_new FOR EACH STATEMENT EXECUTE FUNCTION expert_draw_list_stamp()`);
    await knex.raw(`CREATE TRIGGER expert_draw_members_stamp_update AFTER UPDATE ON expert_draw_members
      REFERENCING OLD TABLE AS changed_old NEW TABLE AS changed_new FOR EACH STATEMENT EXECUTE FUNCTION expert_draw_list_stamp()`);
    await knex.raw(`CREATE TRIGGER expert_draw_members_stamp_delete AFTER DELETE ON expert_draw_members
      REFERENCING OLD TABLE AS changed_old FOR EACH STATEMENT EXECUTE FUNCTION expert_draw_list_stamp()`);
  } else {
    const stamp = '(abs(random()) % 9007199254740991) + 1';
    await knex.raw(`CREATE TRIGGER expert_draw_members_stamp_insert AFTER INSERT ON expert_draw_members
      BEGIN UPDATE expert_draws SET list_stamp = ${stamp} WHERE id = NEW.draw_id; END`);
    await knex.raw(`CREATE TRIGGER expert_draw_members_stamp_update AFTER UPDATE ON expert_draw_members
      BEGIN UPDATE expert_draws SET list_stamp = ${stamp} WHERE id IN (OLD.draw_id, NEW.draw_id); END`);
    await knex.raw(`CREATE TRIGGER expert_draw_members_stamp_delete AFTER DELETE ON expert_draw_members
      BEGIN UPDATE expert_draws SET list_stamp = ${stamp} WHERE id = OLD.draw_id; END`);
  }
}

export async function down(knex: Knex): Promise<void> {
  if (knex.client.config.client === 'pg') {
    for (const op of ['insert', 'update', 'delete']) await knex.raw(`DROP TRIGGER IF EXISTS expert_draw_members_stamp_${op} ON expert_draw_members`);
    await knex.raw('DROP FUNCTION IF EXISTS expert_draw_list_stamp()');
    await knex.raw('DROP SEQUENCE IF EXISTS expert_draw_list_stamps');
  } else {
    for (const op of ['insert', 'update', 'delete']) await knex.raw(`DROP TRIGGER IF EXISTS expert_draw_members_stamp_${op}`);
  }
  await knex.schema.alterTable('expert_draws', (t) => {
    t.dropIndex(['status']);
    t.dropColumn('list_stamp');
  });
}
