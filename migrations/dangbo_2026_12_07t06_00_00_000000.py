"""The live event stream: the event log and its per-stream counters."""

from migrations.ddl import raw_migration

ID = "2026-12-07T06:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "events: live_stream, live_event"

SQLITE = [
    'CREATE TABLE "live_stream" ("id" INTEGER PRIMARY KEY NOT NULL, "name" VARCHAR(120) NOT NULL UNIQUE DEFAULT \'\', "last_id" INTEGER NOT NULL DEFAULT 0)',
    'CREATE TABLE "live_event" ("id" INTEGER PRIMARY KEY NOT NULL, "stream" VARCHAR(120) NOT NULL DEFAULT \'\', "seq" INTEGER NOT NULL DEFAULT 0, "kind" VARCHAR(60) NOT NULL DEFAULT \'\', "data" JSON NOT NULL DEFAULT \'{}\', "at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)',
    'CREATE UNIQUE INDEX live_event_stream_seq ON "live_event" ("stream", "seq")',
]

POSTGRES = [
    'CREATE TABLE "live_stream" ("id" SERIAL PRIMARY KEY NOT NULL, "name" VARCHAR(120) NOT NULL UNIQUE DEFAULT \'\', "last_id" INTEGER NOT NULL DEFAULT 0)',
    'CREATE TABLE "live_event" ("id" SERIAL PRIMARY KEY NOT NULL, "stream" VARCHAR(120) NOT NULL DEFAULT \'\', "seq" INTEGER NOT NULL DEFAULT 0, "kind" VARCHAR(60) NOT NULL DEFAULT \'\', "data" JSON NOT NULL DEFAULT \'{}\', "at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)',
    'CREATE UNIQUE INDEX live_event_stream_seq ON "live_event" USING btree ("stream", "seq")',
]


async def forwards():
    return raw_migration(ID, DESCRIPTION, sqlite=SQLITE, postgres=POSTGRES)
