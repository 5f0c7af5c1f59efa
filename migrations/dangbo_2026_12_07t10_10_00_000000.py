"""Secret ballots: casting and the tally (encrypted ballots without their delegate, their first
components unique per poll, the frozen board, the partial decryptions; docs/ballots.md)."""

from migrations.ddl import raw_migration

ID = "2026-12-07T10:10:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "ballots: secret_ballot, secret_ciphertext, secret_board, secret_partial"

_FK = "ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null"


def _tables(serial: str, btree: str) -> list[str]:
    return [
        f'CREATE TABLE "secret_ballot" ("id" {serial} PRIMARY KEY NOT NULL, "poll" INTEGER REFERENCES "poll" ("id") {_FK}, "tracker" VARCHAR(64) NOT NULL DEFAULT \'\', "ballot" JSON NOT NULL DEFAULT \'{{}}\')',
        f'CREATE INDEX secret_ballot_poll ON "secret_ballot" {btree}("poll")',
        f'CREATE UNIQUE INDEX secret_ballot_tracker ON "secret_ballot" {btree}("poll", "tracker")',
        f'CREATE TABLE "secret_ciphertext" ("id" {serial} PRIMARY KEY NOT NULL, "poll" INTEGER REFERENCES "poll" ("id") {_FK}, "ballot" INTEGER REFERENCES "secret_ballot" ("id") {_FK}, "a" VARCHAR(64) NOT NULL DEFAULT \'\')',
        f'CREATE INDEX secret_ciphertext_ballot ON "secret_ciphertext" {btree}("ballot")',
        f'CREATE UNIQUE INDEX secret_ciphertext_a ON "secret_ciphertext" {btree}("poll", "a")',
        f'CREATE TABLE "secret_board" ("id" {serial} PRIMARY KEY NOT NULL, "poll" INTEGER UNIQUE REFERENCES "poll" ("id") {_FK}, "document" TEXT NOT NULL DEFAULT \'\', "board_hash" VARCHAR(128) NOT NULL DEFAULT \'\', "counts" JSON DEFAULT null, "frozen_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "combined_at" TIMESTAMPTZ DEFAULT null)',
        f'CREATE TABLE "secret_partial" ("id" {serial} PRIMARY KEY NOT NULL, "poll" INTEGER REFERENCES "poll" ("id") {_FK}, "x" INTEGER NOT NULL DEFAULT 0, "user" INTEGER REFERENCES "app_user" ("id") ON DELETE SET NULL ON UPDATE CASCADE DEFAULT null, "partial" JSON NOT NULL DEFAULT \'{{}}\', "posted_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)',
        f'CREATE INDEX secret_partial_poll ON "secret_partial" {btree}("poll")',
        f'CREATE UNIQUE INDEX secret_partial_one ON "secret_partial" {btree}("poll", "x")',
    ]


SQLITE = _tables("INTEGER", "")
POSTGRES = _tables("SERIAL", "USING btree ")


async def forwards():
    return raw_migration(ID, DESCRIPTION, sqlite=SQLITE, postgres=POSTGRES)
