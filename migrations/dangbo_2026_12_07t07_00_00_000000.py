"""Biểu quyết và bầu cử: polls, their candidates, the delegates' participation (one per poll
and delegate), the open mode's named ballots, the counted sources, the minutes and their
sign-offs."""

from migrations.ddl import raw_migration

ID = "2026-12-07T07:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "polls: polls, candidates, participation, ballots, source counts, minutes"

SQLITE = [
    'CREATE TABLE "poll" ("id" INTEGER PRIMARY KEY NOT NULL, "congress" INTEGER REFERENCES "congress" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "item" INTEGER REFERENCES "congress_agenda_item" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "kind" VARCHAR(30) NOT NULL DEFAULT \'\', "mode" VARCHAR(20) NOT NULL DEFAULT \'\', "title" VARCHAR(300) NOT NULL DEFAULT \'\', "seats" INTEGER NOT NULL DEFAULT 1, "rules" JSON NOT NULL DEFAULT \'{}\', "base" INTEGER DEFAULT null, "status" VARCHAR(20) NOT NULL DEFAULT \'\', "created_by" INTEGER REFERENCES "app_user" ("id") ON DELETE SET NULL ON UPDATE CASCADE DEFAULT null, "created_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "opened_at" TIMESTAMPTZ DEFAULT null, "opened_by" INTEGER REFERENCES "app_user" ("id") ON DELETE SET NULL ON UPDATE CASCADE DEFAULT null, "closed_at" TIMESTAMPTZ DEFAULT null, "closed_by" INTEGER REFERENCES "app_user" ("id") ON DELETE SET NULL ON UPDATE CASCADE DEFAULT null)',
    'CREATE INDEX poll_congress ON "poll" ("congress")',
    'CREATE INDEX poll_item ON "poll" ("item")',
    'CREATE TABLE "poll_candidate" ("id" INTEGER PRIMARY KEY NOT NULL, "poll" INTEGER REFERENCES "poll" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "name" VARCHAR(200) NOT NULL DEFAULT \'\', "delegate" INTEGER REFERENCES "congress_delegate" ("id") ON DELETE SET NULL ON UPDATE CASCADE DEFAULT null, "position" INTEGER NOT NULL DEFAULT 0)',
    'CREATE INDEX poll_candidate_poll ON "poll_candidate" ("poll")',
    'CREATE TABLE "poll_participation" ("id" INTEGER PRIMARY KEY NOT NULL, "poll" INTEGER REFERENCES "poll" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "delegate" INTEGER REFERENCES "congress_delegate" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "channel" VARCHAR(20) NOT NULL DEFAULT \'\', "recorded_by" INTEGER REFERENCES "app_user" ("id") ON DELETE SET NULL ON UPDATE CASCADE DEFAULT null, "at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)',
    'CREATE INDEX poll_participation_poll ON "poll_participation" ("poll")',
    'CREATE INDEX poll_participation_delegate ON "poll_participation" ("delegate")',
    'CREATE TABLE "poll_ballot" ("id" INTEGER PRIMARY KEY NOT NULL, "poll" INTEGER REFERENCES "poll" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "delegate" INTEGER REFERENCES "congress_delegate" ("id") ON DELETE SET NULL ON UPDATE CASCADE DEFAULT null, "choices" JSON NOT NULL DEFAULT \'{}\', "at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)',
    'CREATE INDEX poll_ballot_poll ON "poll_ballot" ("poll")',
    'CREATE TABLE "poll_source_count" ("id" INTEGER PRIMARY KEY NOT NULL, "poll" INTEGER REFERENCES "poll" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "source" VARCHAR(20) NOT NULL DEFAULT \'\', "issued" INTEGER NOT NULL DEFAULT 0, "received" INTEGER NOT NULL DEFAULT 0, "valid" INTEGER NOT NULL DEFAULT 0, "invalid" INTEGER NOT NULL DEFAULT 0, "counts" JSON NOT NULL DEFAULT \'{}\', "entered_by" INTEGER REFERENCES "app_user" ("id") ON DELETE SET NULL ON UPDATE CASCADE DEFAULT null, "entered_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)',
    'CREATE INDEX poll_source_count_poll ON "poll_source_count" ("poll")',
    'CREATE TABLE "poll_minutes" ("id" INTEGER PRIMARY KEY NOT NULL, "poll" INTEGER REFERENCES "poll" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "sha256" VARCHAR(64) NOT NULL DEFAULT \'\', "generated_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)',
    'CREATE INDEX poll_minutes_poll ON "poll_minutes" ("poll")',
    'CREATE TABLE "poll_minutes_signature" ("id" INTEGER PRIMARY KEY NOT NULL, "poll" INTEGER REFERENCES "poll" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "user" INTEGER REFERENCES "app_user" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "credential_id" VARCHAR(500) NOT NULL DEFAULT \'\', "signed_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)',
    'CREATE INDEX poll_minutes_signature_poll ON "poll_minutes_signature" ("poll")',
    'CREATE INDEX poll_minutes_signature_user ON "poll_minutes_signature" ("user")',
    'CREATE UNIQUE INDEX poll_participation_once ON "poll_participation" ("poll", "delegate")',
    'CREATE UNIQUE INDEX poll_source_count_once ON "poll_source_count" ("poll", "source")',
    'CREATE UNIQUE INDEX poll_minutes_once ON "poll_minutes" ("poll")',
    'CREATE UNIQUE INDEX poll_minutes_signature_once ON "poll_minutes_signature" ("poll", "user")',
]

POSTGRES = [
    'CREATE TABLE "poll" ("id" SERIAL PRIMARY KEY NOT NULL, "congress" INTEGER REFERENCES "congress" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "item" INTEGER REFERENCES "congress_agenda_item" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "kind" VARCHAR(30) NOT NULL DEFAULT \'\', "mode" VARCHAR(20) NOT NULL DEFAULT \'\', "title" VARCHAR(300) NOT NULL DEFAULT \'\', "seats" INTEGER NOT NULL DEFAULT 1, "rules" JSON NOT NULL DEFAULT \'{}\', "base" INTEGER DEFAULT null, "status" VARCHAR(20) NOT NULL DEFAULT \'\', "created_by" INTEGER REFERENCES "app_user" ("id") ON DELETE SET NULL ON UPDATE CASCADE DEFAULT null, "created_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "opened_at" TIMESTAMPTZ DEFAULT null, "opened_by" INTEGER REFERENCES "app_user" ("id") ON DELETE SET NULL ON UPDATE CASCADE DEFAULT null, "closed_at" TIMESTAMPTZ DEFAULT null, "closed_by" INTEGER REFERENCES "app_user" ("id") ON DELETE SET NULL ON UPDATE CASCADE DEFAULT null)',
    'CREATE INDEX poll_congress ON "poll" USING btree ("congress")',
    'CREATE INDEX poll_item ON "poll" USING btree ("item")',
    'CREATE TABLE "poll_candidate" ("id" SERIAL PRIMARY KEY NOT NULL, "poll" INTEGER REFERENCES "poll" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "name" VARCHAR(200) NOT NULL DEFAULT \'\', "delegate" INTEGER REFERENCES "congress_delegate" ("id") ON DELETE SET NULL ON UPDATE CASCADE DEFAULT null, "position" INTEGER NOT NULL DEFAULT 0)',
    'CREATE INDEX poll_candidate_poll ON "poll_candidate" USING btree ("poll")',
    'CREATE TABLE "poll_participation" ("id" SERIAL PRIMARY KEY NOT NULL, "poll" INTEGER REFERENCES "poll" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "delegate" INTEGER REFERENCES "congress_delegate" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "channel" VARCHAR(20) NOT NULL DEFAULT \'\', "recorded_by" INTEGER REFERENCES "app_user" ("id") ON DELETE SET NULL ON UPDATE CASCADE DEFAULT null, "at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)',
    'CREATE INDEX poll_participation_poll ON "poll_participation" USING btree ("poll")',
    'CREATE INDEX poll_participation_delegate ON "poll_participation" USING btree ("delegate")',
    'CREATE TABLE "poll_ballot" ("id" SERIAL PRIMARY KEY NOT NULL, "poll" INTEGER REFERENCES "poll" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "delegate" INTEGER REFERENCES "congress_delegate" ("id") ON DELETE SET NULL ON UPDATE CASCADE DEFAULT null, "choices" JSON NOT NULL DEFAULT \'{}\', "at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)',
    'CREATE INDEX poll_ballot_poll ON "poll_ballot" USING btree ("poll")',
    'CREATE TABLE "poll_source_count" ("id" SERIAL PRIMARY KEY NOT NULL, "poll" INTEGER REFERENCES "poll" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "source" VARCHAR(20) NOT NULL DEFAULT \'\', "issued" INTEGER NOT NULL DEFAULT 0, "received" INTEGER NOT NULL DEFAULT 0, "valid" INTEGER NOT NULL DEFAULT 0, "invalid" INTEGER NOT NULL DEFAULT 0, "counts" JSON NOT NULL DEFAULT \'{}\', "entered_by" INTEGER REFERENCES "app_user" ("id") ON DELETE SET NULL ON UPDATE CASCADE DEFAULT null, "entered_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)',
    'CREATE INDEX poll_source_count_poll ON "poll_source_count" USING btree ("poll")',
    'CREATE TABLE "poll_minutes" ("id" SERIAL PRIMARY KEY NOT NULL, "poll" INTEGER REFERENCES "poll" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "sha256" VARCHAR(64) NOT NULL DEFAULT \'\', "generated_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)',
    'CREATE INDEX poll_minutes_poll ON "poll_minutes" USING btree ("poll")',
    'CREATE TABLE "poll_minutes_signature" ("id" SERIAL PRIMARY KEY NOT NULL, "poll" INTEGER REFERENCES "poll" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "user" INTEGER REFERENCES "app_user" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "credential_id" VARCHAR(500) NOT NULL DEFAULT \'\', "signed_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)',
    'CREATE INDEX poll_minutes_signature_poll ON "poll_minutes_signature" USING btree ("poll")',
    'CREATE INDEX poll_minutes_signature_user ON "poll_minutes_signature" USING btree ("user")',
    'CREATE UNIQUE INDEX poll_participation_once ON "poll_participation" ("poll", "delegate")',
    'CREATE UNIQUE INDEX poll_source_count_once ON "poll_source_count" ("poll", "source")',
    'CREATE UNIQUE INDEX poll_minutes_once ON "poll_minutes" ("poll")',
    'CREATE UNIQUE INDEX poll_minutes_signature_once ON "poll_minutes_signature" ("poll", "user")',
]


async def forwards():
    return raw_migration(ID, DESCRIPTION, sqlite=SQLITE, postgres=POSTGRES)
