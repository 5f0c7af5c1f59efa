"""Signing keys: each signer's certificate and sealed private key (remote signing)."""

from migrations.ddl import raw_migration

ID = "2026-11-30T02:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "signing: signing_key"

SQLITE = [
    'CREATE TABLE "signing_key" ("id" INTEGER PRIMARY KEY NOT NULL, "user" INTEGER REFERENCES "app_user" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "certificate" TEXT NOT NULL DEFAULT \'\', "chain" TEXT NOT NULL DEFAULT \'\', "sealed_key" BLOB NOT NULL DEFAULT \'\', "source" VARCHAR(20) NOT NULL DEFAULT \'\', "serial" VARCHAR(64) NOT NULL DEFAULT \'\', "fingerprint" VARCHAR(64) UNIQUE NOT NULL DEFAULT \'\', "not_before" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "not_after" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "created_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "revoked_at" TIMESTAMPTZ DEFAULT null, "revocation_reason" VARCHAR(20) NOT NULL DEFAULT \'\')',
    'CREATE INDEX signing_key_user ON "signing_key" ("user")',
    # At most one usable key per signer.
    'CREATE UNIQUE INDEX signing_key_one_active ON "signing_key" ("user") WHERE "revoked_at" IS NULL',
]

POSTGRES = [
    'CREATE TABLE "signing_key" ("id" SERIAL PRIMARY KEY NOT NULL, "user" INTEGER REFERENCES "app_user" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "certificate" TEXT NOT NULL DEFAULT \'\', "chain" TEXT NOT NULL DEFAULT \'\', "sealed_key" BYTEA NOT NULL DEFAULT \'\', "source" VARCHAR(20) NOT NULL DEFAULT \'\', "serial" VARCHAR(64) NOT NULL DEFAULT \'\', "fingerprint" VARCHAR(64) UNIQUE NOT NULL DEFAULT \'\', "not_before" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "not_after" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "created_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "revoked_at" TIMESTAMPTZ DEFAULT null, "revocation_reason" VARCHAR(20) NOT NULL DEFAULT \'\')',
    'CREATE INDEX signing_key_user ON "signing_key" USING btree ("user")',
    'CREATE UNIQUE INDEX signing_key_one_active ON "signing_key" ("user") WHERE "revoked_at" IS NULL',
]


async def forwards():
    return raw_migration(ID, DESCRIPTION, sqlite=SQLITE, postgres=POSTGRES)
