#!/bin/sh
# First start of the PostgreSQL container: the platform's own role and database (password from the environment).
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" <<SQL
CREATE ROLE ggzy LOGIN PASSWORD '${GGZY_DB_PASSWORD}';
CREATE DATABASE ggzy OWNER ggzy;
SQL
