"""The installation's private keys in the shared database (signing CA, VAPID), sealed with the
secret key (backend/vault/)."""

from migrations.ddl import raw_migration

ID = "2026-12-06T20:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "vault: server_key"

SQLITE = [
    'CREATE TABLE "server_key" ("id" INTEGER PRIMARY KEY NOT NULL, "name" VARCHAR(40) UNIQUE NOT NULL DEFAULT \'\', "sealed" BLOB NOT NULL DEFAULT \'\', "public" TEXT NOT NULL DEFAULT \'\', "version" INTEGER NOT NULL DEFAULT 1, "created_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "updated_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)',
]

POSTGRES = [
    'CREATE TABLE "server_key" ("id" SERIAL PRIMARY KEY NOT NULL, "name" VARCHAR(40) UNIQUE NOT NULL DEFAULT \'\', "sealed" BYTEA NOT NULL DEFAULT \'\', "public" TEXT NOT NULL DEFAULT \'\', "version" INTEGER NOT NULL DEFAULT 1, "created_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "updated_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)',
]


async def forwards():
    return raw_migration(ID, DESCRIPTION, sqlite=SQLITE, postgres=POSTGRES)
