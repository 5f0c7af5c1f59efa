"""Sinh hoạt chi bộ: meetings, their files, invitations (reply and attendance), timeline."""

from migrations.ddl import raw_migration

ID = "2026-12-06T21:30:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "meetings: meeting, meeting_file, meeting_invitation, meeting_event"

SQLITE = [
    'CREATE TABLE "meeting" ("id" INTEGER PRIMARY KEY NOT NULL, "organisation" INTEGER REFERENCES "organisation" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "kind" VARCHAR(20) NOT NULL DEFAULT \'\', "title" VARCHAR(200) NOT NULL DEFAULT \'\', "topic" VARCHAR(300) NOT NULL DEFAULT \'\', "starts_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "location" VARCHAR(200) NOT NULL DEFAULT \'\', "agenda" JSON NOT NULL DEFAULT \'[]\', "status" VARCHAR(20) NOT NULL DEFAULT \'\', "minutes" TEXT NOT NULL DEFAULT \'\', "minutes_recorded_at" TIMESTAMPTZ DEFAULT null, "minutes_published_at" TIMESTAMPTZ DEFAULT null, "cancel_reason" VARCHAR(500) NOT NULL DEFAULT \'\', "created_by" INTEGER REFERENCES "app_user" ("id") ON DELETE SET NULL ON UPDATE CASCADE DEFAULT null, "created_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "updated_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)',
    'CREATE INDEX meeting_organisation ON "meeting" ("organisation")',
    'CREATE INDEX meeting_starts_at ON "meeting" ("starts_at")',
    'CREATE TABLE "meeting_file" ("id" INTEGER PRIMARY KEY NOT NULL, "meeting" INTEGER REFERENCES "meeting" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "sha256" VARCHAR(64) NOT NULL DEFAULT \'\', "filename" VARCHAR(200) NOT NULL DEFAULT \'\', "mime" VARCHAR(120) NOT NULL DEFAULT \'\', "size" INTEGER NOT NULL DEFAULT 0, "uploaded_by" INTEGER REFERENCES "app_user" ("id") ON DELETE SET NULL ON UPDATE CASCADE DEFAULT null, "created_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)',
    'CREATE INDEX meeting_file_meeting ON "meeting_file" ("meeting")',
    'CREATE INDEX meeting_file_sha256 ON "meeting_file" ("sha256")',
    'CREATE TABLE "meeting_invitation" ("id" INTEGER PRIMARY KEY NOT NULL, "meeting" INTEGER REFERENCES "meeting" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "member" INTEGER REFERENCES "party_member" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "exempt" BOOLEAN NOT NULL DEFAULT false, "reply" VARCHAR(20) NOT NULL DEFAULT \'\', "reason" VARCHAR(500) NOT NULL DEFAULT \'\', "replied_at" TIMESTAMPTZ DEFAULT null, "attendance" VARCHAR(20) DEFAULT null, "note" VARCHAR(300) NOT NULL DEFAULT \'\', "noted_at" TIMESTAMPTZ DEFAULT null)',
    'CREATE INDEX meeting_invitation_meeting ON "meeting_invitation" ("meeting")',
    'CREATE INDEX meeting_invitation_member ON "meeting_invitation" ("member")',
    'CREATE TABLE "meeting_event" ("id" INTEGER PRIMARY KEY NOT NULL, "meeting" INTEGER REFERENCES "meeting" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "actor" INTEGER REFERENCES "app_user" ("id") ON DELETE SET NULL ON UPDATE CASCADE DEFAULT null, "action" VARCHAR(40) NOT NULL DEFAULT \'\', "detail" JSON NOT NULL DEFAULT \'{}\', "at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)',
    'CREATE INDEX meeting_event_meeting ON "meeting_event" ("meeting")',
    'CREATE UNIQUE INDEX meeting_invitation_once ON "meeting_invitation" ("meeting", "member")',
]

POSTGRES = [
    'CREATE TABLE "meeting" ("id" SERIAL PRIMARY KEY NOT NULL, "organisation" INTEGER REFERENCES "organisation" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "kind" VARCHAR(20) NOT NULL DEFAULT \'\', "title" VARCHAR(200) NOT NULL DEFAULT \'\', "topic" VARCHAR(300) NOT NULL DEFAULT \'\', "starts_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "location" VARCHAR(200) NOT NULL DEFAULT \'\', "agenda" JSON NOT NULL DEFAULT \'[]\', "status" VARCHAR(20) NOT NULL DEFAULT \'\', "minutes" TEXT NOT NULL DEFAULT \'\', "minutes_recorded_at" TIMESTAMPTZ DEFAULT null, "minutes_published_at" TIMESTAMPTZ DEFAULT null, "cancel_reason" VARCHAR(500) NOT NULL DEFAULT \'\', "created_by" INTEGER REFERENCES "app_user" ("id") ON DELETE SET NULL ON UPDATE CASCADE DEFAULT null, "created_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "updated_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)',
    'CREATE INDEX meeting_organisation ON "meeting" USING btree ("organisation")',
    'CREATE INDEX meeting_starts_at ON "meeting" USING btree ("starts_at")',
    'CREATE TABLE "meeting_file" ("id" SERIAL PRIMARY KEY NOT NULL, "meeting" INTEGER REFERENCES "meeting" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "sha256" VARCHAR(64) NOT NULL DEFAULT \'\', "filename" VARCHAR(200) NOT NULL DEFAULT \'\', "mime" VARCHAR(120) NOT NULL DEFAULT \'\', "size" BIGINT NOT NULL DEFAULT 0, "uploaded_by" INTEGER REFERENCES "app_user" ("id") ON DELETE SET NULL ON UPDATE CASCADE DEFAULT null, "created_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)',
    'CREATE INDEX meeting_file_meeting ON "meeting_file" USING btree ("meeting")',
    'CREATE INDEX meeting_file_sha256 ON "meeting_file" USING btree ("sha256")',
    'CREATE TABLE "meeting_invitation" ("id" SERIAL PRIMARY KEY NOT NULL, "meeting" INTEGER REFERENCES "meeting" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "member" INTEGER REFERENCES "party_member" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "exempt" BOOLEAN NOT NULL DEFAULT false, "reply" VARCHAR(20) NOT NULL DEFAULT \'\', "reason" VARCHAR(500) NOT NULL DEFAULT \'\', "replied_at" TIMESTAMPTZ DEFAULT null, "attendance" VARCHAR(20) DEFAULT null, "note" VARCHAR(300) NOT NULL DEFAULT \'\', "noted_at" TIMESTAMPTZ DEFAULT null)',
    'CREATE INDEX meeting_invitation_meeting ON "meeting_invitation" USING btree ("meeting")',
    'CREATE INDEX meeting_invitation_member ON "meeting_invitation" USING btree ("member")',
    'CREATE TABLE "meeting_event" ("id" SERIAL PRIMARY KEY NOT NULL, "meeting" INTEGER REFERENCES "meeting" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "actor" INTEGER REFERENCES "app_user" ("id") ON DELETE SET NULL ON UPDATE CASCADE DEFAULT null, "action" VARCHAR(40) NOT NULL DEFAULT \'\', "detail" JSON NOT NULL DEFAULT \'{}\', "at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)',
    'CREATE INDEX meeting_event_meeting ON "meeting_event" USING btree ("meeting")',
    'CREATE UNIQUE INDEX meeting_invitation_once ON "meeting_invitation" ("meeting", "member")',
]


async def forwards():
    return raw_migration(ID, DESCRIPTION, sqlite=SQLITE, postgres=POSTGRES)
