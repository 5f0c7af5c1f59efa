"""Organisations, users, passkeys, invitations, sessions and the append-only audit log."""

from migrations.ddl import raw_migration

ID = "2026-11-29T23:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "foundation: organisations, accounts, audit"

SQLITE = [
    'CREATE TABLE "organisation" ("id" INTEGER PRIMARY KEY NOT NULL, "code" VARCHAR(40) UNIQUE NOT NULL DEFAULT \'\', "name" VARCHAR(255) NOT NULL DEFAULT \'\', "kind" VARCHAR(30) NOT NULL DEFAULT \'\', "parent" INTEGER REFERENCES "organisation" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null)',
    'CREATE INDEX organisation_code ON "organisation" ("code")',
    'CREATE TABLE "app_user" ("id" INTEGER PRIMARY KEY NOT NULL, "username" VARCHAR(80) UNIQUE NOT NULL DEFAULT \'\', "full_name" VARCHAR(120) NOT NULL DEFAULT \'\', "organisation" INTEGER REFERENCES "organisation" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "roles" JSON NOT NULL DEFAULT \'[]\', "is_active" BOOLEAN NOT NULL DEFAULT false, "created_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)',
    'CREATE INDEX app_user_username ON "app_user" ("username")',
    'CREATE TABLE "credential" ("id" INTEGER PRIMARY KEY NOT NULL, "user" INTEGER REFERENCES "app_user" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "credential_id" BLOB UNIQUE NOT NULL DEFAULT \'\', "public_key" BLOB NOT NULL DEFAULT \'\', "sign_count" INTEGER NOT NULL DEFAULT 0, "transports" JSON NOT NULL DEFAULT \'[]\', "backed_up" BOOLEAN NOT NULL DEFAULT false, "name" VARCHAR(80) NOT NULL DEFAULT \'\', "created_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "last_used_at" TIMESTAMPTZ DEFAULT null, "revoked_at" TIMESTAMPTZ DEFAULT null)',
    'CREATE INDEX credential_user ON "credential" ("user")',
    'CREATE INDEX credential_credential_id ON "credential" ("credential_id")',
    'CREATE TABLE "invitation" ("id" INTEGER PRIMARY KEY NOT NULL, "token_hash" VARCHAR(64) UNIQUE NOT NULL DEFAULT \'\', "user" INTEGER REFERENCES "app_user" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "created_by" INTEGER REFERENCES "app_user" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "created_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "expires_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "used_at" TIMESTAMPTZ DEFAULT null)',
    'CREATE INDEX invitation_token_hash ON "invitation" ("token_hash")',
    'CREATE INDEX invitation_user ON "invitation" ("user")',
    'CREATE TABLE "user_session" ("id" INTEGER PRIMARY KEY NOT NULL, "token_hash" VARCHAR(64) UNIQUE NOT NULL DEFAULT \'\', "user" INTEGER REFERENCES "app_user" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "created_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "last_seen_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "expires_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "user_agent" VARCHAR(200) NOT NULL DEFAULT \'\', "revoked_at" TIMESTAMPTZ DEFAULT null)',
    'CREATE INDEX user_session_token_hash ON "user_session" ("token_hash")',
    'CREATE INDEX user_session_user ON "user_session" ("user")',
    'CREATE TABLE "audit_event" ("id" INTEGER PRIMARY KEY NOT NULL, "occurred_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "actor_id" INTEGER DEFAULT null, "action" VARCHAR(60) NOT NULL DEFAULT \'\', "target" VARCHAR(120) NOT NULL DEFAULT \'\', "ip" VARCHAR(64) NOT NULL DEFAULT \'\', "detail" JSON NOT NULL DEFAULT \'{}\', "prev_hash" VARCHAR(64) NOT NULL DEFAULT \'\', "hash" VARCHAR(64) UNIQUE NOT NULL DEFAULT \'\')',
    'CREATE INDEX audit_event_action ON "audit_event" ("action")',
    "CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END",
    "CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END",
]

POSTGRES = [
    'CREATE TABLE "organisation" ("id" SERIAL PRIMARY KEY NOT NULL, "code" VARCHAR(40) UNIQUE NOT NULL DEFAULT \'\', "name" VARCHAR(255) NOT NULL DEFAULT \'\', "kind" VARCHAR(30) NOT NULL DEFAULT \'\', "parent" INTEGER REFERENCES "organisation" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null)',
    'CREATE INDEX organisation_code ON "organisation" USING btree ("code")',
    'CREATE TABLE "app_user" ("id" SERIAL PRIMARY KEY NOT NULL, "username" VARCHAR(80) UNIQUE NOT NULL DEFAULT \'\', "full_name" VARCHAR(120) NOT NULL DEFAULT \'\', "organisation" INTEGER REFERENCES "organisation" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "roles" JSON NOT NULL DEFAULT \'[]\', "is_active" BOOLEAN NOT NULL DEFAULT false, "created_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)',
    'CREATE INDEX app_user_username ON "app_user" USING btree ("username")',
    'CREATE TABLE "credential" ("id" SERIAL PRIMARY KEY NOT NULL, "user" INTEGER REFERENCES "app_user" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "credential_id" BYTEA UNIQUE NOT NULL DEFAULT \'\', "public_key" BYTEA NOT NULL DEFAULT \'\', "sign_count" INTEGER NOT NULL DEFAULT 0, "transports" JSON NOT NULL DEFAULT \'[]\', "backed_up" BOOLEAN NOT NULL DEFAULT false, "name" VARCHAR(80) NOT NULL DEFAULT \'\', "created_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "last_used_at" TIMESTAMPTZ DEFAULT null, "revoked_at" TIMESTAMPTZ DEFAULT null)',
    'CREATE INDEX credential_user ON "credential" USING btree ("user")',
    'CREATE INDEX credential_credential_id ON "credential" USING btree ("credential_id")',
    'CREATE TABLE "invitation" ("id" SERIAL PRIMARY KEY NOT NULL, "token_hash" VARCHAR(64) UNIQUE NOT NULL DEFAULT \'\', "user" INTEGER REFERENCES "app_user" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "created_by" INTEGER REFERENCES "app_user" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "created_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "expires_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "used_at" TIMESTAMPTZ DEFAULT null)',
    'CREATE INDEX invitation_token_hash ON "invitation" USING btree ("token_hash")',
    'CREATE INDEX invitation_user ON "invitation" USING btree ("user")',
    'CREATE TABLE "user_session" ("id" SERIAL PRIMARY KEY NOT NULL, "token_hash" VARCHAR(64) UNIQUE NOT NULL DEFAULT \'\', "user" INTEGER REFERENCES "app_user" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "created_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "last_seen_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "expires_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "user_agent" VARCHAR(200) NOT NULL DEFAULT \'\', "revoked_at" TIMESTAMPTZ DEFAULT null)',
    'CREATE INDEX user_session_token_hash ON "user_session" USING btree ("token_hash")',
    'CREATE INDEX user_session_user ON "user_session" USING btree ("user")',
    'CREATE TABLE "audit_event" ("id" SERIAL PRIMARY KEY NOT NULL, "occurred_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "actor_id" BIGINT DEFAULT null, "action" VARCHAR(60) NOT NULL DEFAULT \'\', "target" VARCHAR(120) NOT NULL DEFAULT \'\', "ip" VARCHAR(64) NOT NULL DEFAULT \'\', "detail" JSON NOT NULL DEFAULT \'{}\', "prev_hash" VARCHAR(64) NOT NULL DEFAULT \'\', "hash" VARCHAR(64) UNIQUE NOT NULL DEFAULT \'\')',
    'CREATE INDEX audit_event_action ON "audit_event" USING btree ("action")',
    "CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit_event is append-only'; END $$",
    "CREATE TRIGGER audit_event_no_change BEFORE UPDATE OR DELETE ON audit_event FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()",
    "CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only()",
]


async def forwards():
    return raw_migration(ID, DESCRIPTION, sqlite=SQLITE, postgres=POSTGRES)
