#!/bin/sh
# Runs once, on the first start of an empty data volume (official postgres image), as the
# superuser. Creates the database and the two logins Pulse uses:
#   pulse_owner    owns the schema and applies the migrations (DATABASE_MIGRATION_URL);
#   pulse_runtime  serves requests (DATABASE_URL): it owns nothing and may only SET ROLE to
#                  pulse_app, which row-level security confines to one organization.
# The group roles pulse_app, pulse_auth, pulse_search and pulse_privacy are created here, as the
# migrations would (0000, 0005, 0018: guarded by IF NOT EXISTS), so that the owner can be given them with ADMIN.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v db="$PULSE_DB" -v owner_pw="$PULSE_OWNER_PASSWORD" -v runtime_pw="$PULSE_RUNTIME_PASSWORD" <<'SQL'
CREATE ROLE pulse_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOINHERIT;
CREATE ROLE pulse_auth NOLOGIN NOSUPERUSER NOBYPASSRLS NOINHERIT;
CREATE ROLE pulse_search NOLOGIN NOSUPERUSER NOBYPASSRLS NOINHERIT;
CREATE ROLE pulse_privacy NOLOGIN NOSUPERUSER NOBYPASSRLS NOINHERIT;
CREATE ROLE pulse_owner LOGIN NOSUPERUSER NOBYPASSRLS CREATEROLE PASSWORD :'owner_pw';
CREATE ROLE pulse_runtime LOGIN NOSUPERUSER NOBYPASSRLS NOINHERIT PASSWORD :'runtime_pw';
GRANT pulse_app, pulse_auth, pulse_search, pulse_privacy TO pulse_owner WITH ADMIN OPTION;
GRANT pulse_app TO pulse_runtime;
CREATE DATABASE :"db" OWNER pulse_owner;
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
GRANT CONNECT ON DATABASE :"db" TO pulse_runtime;
SQL
