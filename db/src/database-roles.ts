// Separation of the database's roles on PostgreSQL (等保2.0 三级: least privilege for the application account):
// the migration role owns the schema — it creates and alters the tables and owns the trail's append-only triggers —
// and the runtime role the api and the workers connect as may read and write the business tables but only INSERT
// into the trail (events, checkpoints, witness records): no UPDATE, DELETE or TRUNCATE, and, owning nothing, it can
// neither drop nor disable the triggers. Run by the migration job after migrating (GGZY_DB_RUNTIME_ROLE), so tables
// a new migration adds get the same grants.
import type { Knex } from 'knex';

/** The trail's tables: the runtime role may only read and append. */
export const APPEND_ONLY_TABLES = ['supervision_events', 'supervision_checkpoints', 'supervision_checkpoint_witnesses'] as const;

const ROLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Grants the runtime role what the platform needs on every table of the schema, the trail append-only. */
export async function grantRuntimeRole(db: Knex, runtimeRole: string, schema = 'public'): Promise<void> {
  if (db.client.config.client !== 'pg') throw new Error('database roles are a PostgreSQL set-up (SQLite has none)');
  if (!ROLE_NAME.test(runtimeRole) || !ROLE_NAME.test(schema)) throw new Error(`a role or schema name is lower-case letters, digits and _: ${runtimeRole}`);
  await db.transaction(async (trx) => {
    const owner = (await trx.raw('select current_user as name')).rows[0].name as string;
    if (owner === runtimeRole) throw new Error('the runtime role must not be the role that owns the schema');
    await trx.raw(`GRANT USAGE ON SCHEMA ${schema} TO ${runtimeRole}`);
    await trx.raw(`REVOKE CREATE ON SCHEMA ${schema} FROM ${runtimeRole}`);
    await trx.raw(`REVOKE ALL ON ALL TABLES IN SCHEMA ${schema} FROM ${runtimeRole}`);
    await trx.raw(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${schema} TO ${runtimeRole}`);
    await trx.raw(`REVOKE UPDATE, DELETE, TRUNCATE ON ${APPEND_ONLY_TABLES.map((t) => `${schema}.${t}`).join(', ')} FROM ${runtimeRole}`);
    await trx.raw(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${schema} TO ${runtimeRole}`);
  });
}
