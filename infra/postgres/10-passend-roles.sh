#!/bin/bash
# Runs once, when the postgres container initialises an empty data volume
# (mounted into /docker-entrypoint-initdb.d by docker-compose.yml).
#
# Two roles, as in production (README.md, "Security and privacy"):
#   passend_owner  owns the database and every schema; the migrate service connects as it
#   passend_app    what the api and the worker connect as: reads and writes the feature tables,
#                  may only INSERT and SELECT the audit log, and cannot change any schema
set -euo pipefail
: "${PASSEND_OWNER_PASSWORD:?PASSEND_OWNER_PASSWORD is not set}"
: "${PASSEND_APP_PASSWORD:?PASSEND_APP_PASSWORD is not set}"

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v owner_password="$PASSEND_OWNER_PASSWORD" -v app_password="$PASSEND_APP_PASSWORD" <<'SQL'
CREATE ROLE passend_owner LOGIN PASSWORD :'owner_password';
CREATE ROLE passend_app LOGIN PASSWORD :'app_password';
CREATE DATABASE passend OWNER passend_owner;
SQL

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname passend <<'SQL'
REVOKE ALL ON DATABASE passend FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE passend TO passend_app;

-- The social map's extensions, created here by the superuser: earthdistance is not a trusted
-- extension, so passend_owner could not create it in the migration.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS cube;
CREATE EXTENSION IF NOT EXISTS earthdistance;
CREATE EXTENSION IF NOT EXISTS unaccent;

-- The schemas the migrations fill, created here (owned by passend_owner) so that default
-- privileges can be attached per schema: whatever the migrations create in them later is usable
-- by passend_app without further grants.
CREATE SCHEMA IF NOT EXISTS platform AUTHORIZATION passend_owner;
CREATE SCHEMA IF NOT EXISTS identity AUTHORIZATION passend_owner;
CREATE SCHEMA IF NOT EXISTS reference AUTHORIZATION passend_owner;
CREATE SCHEMA IF NOT EXISTS audit AUTHORIZATION passend_owner;
CREATE SCHEMA IF NOT EXISTS social_map AUTHORIZATION passend_owner;
CREATE SCHEMA IF NOT EXISTS cases AUTHORIZATION passend_owner;
CREATE SCHEMA IF NOT EXISTS matching AUTHORIZATION passend_owner;
GRANT USAGE ON SCHEMA platform, identity, reference, audit, social_map, cases, matching TO passend_app;

-- (the cases migration revokes UPDATE, DELETE and TRUNCATE on the append-only cases.case_event)
ALTER DEFAULT PRIVILEGES FOR ROLE passend_owner IN SCHEMA platform, identity, social_map, cases, matching
  GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO passend_app;
ALTER DEFAULT PRIVILEGES FOR ROLE passend_owner IN SCHEMA platform, identity, social_map, cases, matching
  GRANT USAGE, SELECT ON SEQUENCES TO passend_app;
-- Reference data is loaded by the migrate step (as owner); the application only reads it.
ALTER DEFAULT PRIVILEGES FOR ROLE passend_owner IN SCHEMA reference
  GRANT SELECT ON TABLES TO passend_app;
-- No default privileges in audit: its migrations grant INSERT and SELECT on audit.access_log
-- to passend_app and nothing else (no UPDATE, DELETE or TRUNCATE; a trigger refuses those for
-- every role anyway).
--
-- A new feature schema (cases, matching, ...) needs the same lines as social_map above, run as
-- a superuser or as passend_owner, before the migration that fills it.
SQL
