"""Công dân: the citizen signed in through VNeID (no number, no birth date, name sealed)."""

from migrations.ddl import raw_migration

ID = "2026-12-07T08:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "citizens: the citizen table"

_COLUMNS = (
    '"pid_hash" VARCHAR(64) UNIQUE DEFAULT null, '
    '"person_key_sealed" {blob} DEFAULT null, "name_sealed" {blob} DEFAULT null, '
    "\"age_band\" VARCHAR(10) NOT NULL DEFAULT '', "
    "\"province\" VARCHAR(120) NOT NULL DEFAULT '', "
    "\"commune\" VARCHAR(120) NOT NULL DEFAULT '', "
    '"account_level" INTEGER NOT NULL DEFAULT 0, '
    "\"consent_version\" VARCHAR(20) NOT NULL DEFAULT '', "
    '"consent_at" TIMESTAMPTZ DEFAULT null, '
    '"created_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, '
    '"erased_at" TIMESTAMPTZ DEFAULT null'
)
_USER = (
    '"user" INTEGER UNIQUE REFERENCES "app_user" ("id") ON DELETE CASCADE ON UPDATE CASCADE '
    "DEFAULT null"
)

SQLITE = [
    f'CREATE TABLE "citizen" ("id" INTEGER PRIMARY KEY NOT NULL, {_USER}, '
    + _COLUMNS.format(blob="BLOB")
    + ")",
]

POSTGRES = [
    f'CREATE TABLE "citizen" ("id" SERIAL PRIMARY KEY NOT NULL, {_USER}, '
    + _COLUMNS.format(blob="BYTEA")
    + ")",
]


async def forwards():
    return raw_migration(ID, DESCRIPTION, sqlite=SQLITE, postgres=POSTGRES)
