"""Hồ sơ đảng viên: records, correction requests, timeline."""

from migrations.ddl import raw_migration

ID = "2026-12-06T21:20:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "members: party_member, member_correction, member_event"

SQLITE = [
    'CREATE TABLE "party_member" ("id" INTEGER PRIMARY KEY NOT NULL, "so_the" VARCHAR(20) UNIQUE NOT NULL DEFAULT \'\', "organisation" INTEGER REFERENCES "organisation" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "user" INTEGER UNIQUE REFERENCES "app_user" ("id") ON DELETE SET NULL ON UPDATE CASCADE DEFAULT null, "ho_ten" VARCHAR(120) NOT NULL DEFAULT \'\', "ngay_sinh" DATE NOT NULL DEFAULT CURRENT_DATE, "gioi_tinh" VARCHAR(10) NOT NULL DEFAULT \'\', "ngay_vao_dang" DATE NOT NULL DEFAULT CURRENT_DATE, "ngay_chinh_thuc" DATE DEFAULT null, "chuc_vu" VARCHAR(120) NOT NULL DEFAULT \'\', "phone" VARCHAR(20) NOT NULL DEFAULT \'\', "dinh_danh_hash" VARCHAR(64) UNIQUE DEFAULT null, "dinh_danh_sealed" BLOB DEFAULT null, "mien_sinh_hoat" BOOLEAN NOT NULL DEFAULT false, "ly_do_mien" VARCHAR(300) NOT NULL DEFAULT \'\', "created_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "updated_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)',
    'CREATE INDEX party_member_so_the ON "party_member" ("so_the")',
    'CREATE INDEX party_member_organisation ON "party_member" ("organisation")',
    'CREATE TABLE "member_correction" ("id" INTEGER PRIMARY KEY NOT NULL, "member" INTEGER REFERENCES "party_member" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "requested_by" INTEGER REFERENCES "app_user" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "field" VARCHAR(30) NOT NULL DEFAULT \'\', "current_value" VARCHAR(300) NOT NULL DEFAULT \'\', "proposed_value" VARCHAR(300) NOT NULL DEFAULT \'\', "reason" TEXT NOT NULL DEFAULT \'\', "state" VARCHAR(20) NOT NULL DEFAULT \'\', "resolved_by" INTEGER REFERENCES "app_user" ("id") ON DELETE SET NULL ON UPDATE CASCADE DEFAULT null, "resolved_value" VARCHAR(300) NOT NULL DEFAULT \'\', "resolution_note" TEXT NOT NULL DEFAULT \'\', "created_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "resolved_at" TIMESTAMPTZ DEFAULT null)',
    'CREATE INDEX member_correction_member ON "member_correction" ("member")',
    'CREATE INDEX member_correction_state ON "member_correction" ("state")',
    'CREATE TABLE "member_event" ("id" INTEGER PRIMARY KEY NOT NULL, "member" INTEGER REFERENCES "party_member" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "actor" INTEGER REFERENCES "app_user" ("id") ON DELETE SET NULL ON UPDATE CASCADE DEFAULT null, "action" VARCHAR(40) NOT NULL DEFAULT \'\', "detail" JSON NOT NULL DEFAULT \'{}\', "at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)',
    'CREATE INDEX member_event_member ON "member_event" ("member")',
]

POSTGRES = [
    'CREATE TABLE "party_member" ("id" SERIAL PRIMARY KEY NOT NULL, "so_the" VARCHAR(20) UNIQUE NOT NULL DEFAULT \'\', "organisation" INTEGER REFERENCES "organisation" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "user" INTEGER UNIQUE REFERENCES "app_user" ("id") ON DELETE SET NULL ON UPDATE CASCADE DEFAULT null, "ho_ten" VARCHAR(120) NOT NULL DEFAULT \'\', "ngay_sinh" DATE NOT NULL DEFAULT CURRENT_DATE, "gioi_tinh" VARCHAR(10) NOT NULL DEFAULT \'\', "ngay_vao_dang" DATE NOT NULL DEFAULT CURRENT_DATE, "ngay_chinh_thuc" DATE DEFAULT null, "chuc_vu" VARCHAR(120) NOT NULL DEFAULT \'\', "phone" VARCHAR(20) NOT NULL DEFAULT \'\', "dinh_danh_hash" VARCHAR(64) UNIQUE DEFAULT null, "dinh_danh_sealed" BYTEA DEFAULT null, "mien_sinh_hoat" BOOLEAN NOT NULL DEFAULT false, "ly_do_mien" VARCHAR(300) NOT NULL DEFAULT \'\', "created_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "updated_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)',
    'CREATE INDEX party_member_so_the ON "party_member" USING btree ("so_the")',
    'CREATE INDEX party_member_organisation ON "party_member" USING btree ("organisation")',
    'CREATE TABLE "member_correction" ("id" SERIAL PRIMARY KEY NOT NULL, "member" INTEGER REFERENCES "party_member" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "requested_by" INTEGER REFERENCES "app_user" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "field" VARCHAR(30) NOT NULL DEFAULT \'\', "current_value" VARCHAR(300) NOT NULL DEFAULT \'\', "proposed_value" VARCHAR(300) NOT NULL DEFAULT \'\', "reason" TEXT NOT NULL DEFAULT \'\', "state" VARCHAR(20) NOT NULL DEFAULT \'\', "resolved_by" INTEGER REFERENCES "app_user" ("id") ON DELETE SET NULL ON UPDATE CASCADE DEFAULT null, "resolved_value" VARCHAR(300) NOT NULL DEFAULT \'\', "resolution_note" TEXT NOT NULL DEFAULT \'\', "created_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "resolved_at" TIMESTAMPTZ DEFAULT null)',
    'CREATE INDEX member_correction_member ON "member_correction" USING btree ("member")',
    'CREATE INDEX member_correction_state ON "member_correction" USING btree ("state")',
    'CREATE TABLE "member_event" ("id" SERIAL PRIMARY KEY NOT NULL, "member" INTEGER REFERENCES "party_member" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "actor" INTEGER REFERENCES "app_user" ("id") ON DELETE SET NULL ON UPDATE CASCADE DEFAULT null, "action" VARCHAR(40) NOT NULL DEFAULT \'\', "detail" JSON NOT NULL DEFAULT \'{}\', "at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)',
    'CREATE INDEX member_event_member ON "member_event" USING btree ("member")',
]


async def forwards():
    return raw_migration(ID, DESCRIPTION, sqlite=SQLITE, postgres=POSTGRES)
