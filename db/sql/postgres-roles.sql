-- The two database roles of a PostgreSQL installation (等保2.0 三级, least privilege), run once by a superuser:
--   psql -v owner_password="'…'" -v runtime_password="'…'" -f db/sql/postgres-roles.sql
-- ggzy_owner: the migration role; it owns the database, the schema, the tables and the trail's append-only triggers.
--   Only the migration job connects as it (DATABASE_URL=postgres://ggzy_owner:…@host/ggzy node db/dist/cli/migrate.js,
--   with GGZY_DB_RUNTIME_ROLE=ggzy_runtime so that every migration ends by granting the runtime role its rights).
-- ggzy_runtime: what the api and the workers connect as; it reads and writes the business tables, only appends to the
--   trail (no UPDATE, DELETE or TRUNCATE there) and, owning nothing, can neither drop nor disable a trigger.
CREATE ROLE ggzy_owner LOGIN PASSWORD :owner_password;
CREATE ROLE ggzy_runtime LOGIN PASSWORD :runtime_password;
CREATE DATABASE ggzy OWNER ggzy_owner;
\connect ggzy
ALTER SCHEMA public OWNER TO ggzy_owner;
REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO ggzy_runtime;
