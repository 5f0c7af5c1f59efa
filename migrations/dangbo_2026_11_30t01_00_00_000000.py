"""Documents: the register, files, numbering, processing workflow and the search index."""

from migrations.ddl import raw_migration

ID = "2026-11-30T01:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "documents: register, files, numbering, workflow, search"

SQLITE = [
    'CREATE TABLE "stored_file" ("id" INTEGER PRIMARY KEY NOT NULL, "sha256" VARCHAR(64) UNIQUE NOT NULL DEFAULT \'\', "size" INTEGER NOT NULL DEFAULT 0, "mime" VARCHAR(100) NOT NULL DEFAULT \'\', "created_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)',
    'CREATE INDEX stored_file_sha256 ON "stored_file" ("sha256")',
    'CREATE TABLE "document" ("id" INTEGER PRIMARY KEY NOT NULL, "direction" VARCHAR(3) NOT NULL DEFAULT \'\', "organisation" INTEGER REFERENCES "organisation" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "so" INTEGER DEFAULT null, "ky_hieu" VARCHAR(80) NOT NULL DEFAULT \'\', "loai" VARCHAR(10) NOT NULL DEFAULT \'\', "co_quan_ban_hanh" VARCHAR(255) NOT NULL DEFAULT \'\', "ngay_ban_hanh" DATE DEFAULT null, "trich_yeu" TEXT NOT NULL DEFAULT \'\', "nguoi_ky" VARCHAR(120) NOT NULL DEFAULT \'\', "do_khan" VARCHAR(12) NOT NULL DEFAULT \'thuong\', "urgency_rank" INTEGER NOT NULL DEFAULT 3, "han_xu_ly" DATE DEFAULT null, "status" VARCHAR(20) NOT NULL DEFAULT \'\', "nhiem_ky" VARCHAR(9) NOT NULL DEFAULT \'\', "so_den" INTEGER DEFAULT null, "created_by" INTEGER REFERENCES "app_user" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "created_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "updated_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "extracted_text" TEXT NOT NULL DEFAULT \'\')',
    'CREATE INDEX document_organisation ON "document" ("organisation")',
    'CREATE TABLE "document_file" ("id" INTEGER PRIMARY KEY NOT NULL, "document" INTEGER REFERENCES "document" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "sha256" VARCHAR(64) NOT NULL DEFAULT \'\', "filename" VARCHAR(200) NOT NULL DEFAULT \'\', "mime" VARCHAR(100) NOT NULL DEFAULT \'\', "size" INTEGER NOT NULL DEFAULT 0, "role" VARCHAR(12) NOT NULL DEFAULT \'original\', "uploaded_by" INTEGER REFERENCES "app_user" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "created_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)',
    'CREATE INDEX document_file_document ON "document_file" ("document")',
    'CREATE INDEX document_file_sha256 ON "document_file" ("sha256")',
    'CREATE TABLE "number_counter" ("id" INTEGER PRIMARY KEY NOT NULL, "organisation" INTEGER REFERENCES "organisation" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "loai" VARCHAR(10) NOT NULL DEFAULT \'\', "nhiem_ky" VARCHAR(9) NOT NULL DEFAULT \'\', "last_number" INTEGER NOT NULL DEFAULT 0)',
    'CREATE TABLE "assignment" ("id" INTEGER PRIMARY KEY NOT NULL, "document" INTEGER REFERENCES "document" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "user" INTEGER REFERENCES "app_user" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "role" VARCHAR(12) NOT NULL DEFAULT \'\', "deadline" DATE DEFAULT null, "instruction" TEXT NOT NULL DEFAULT \'\', "assigned_by" INTEGER REFERENCES "app_user" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "status" VARCHAR(12) NOT NULL DEFAULT \'cho_xu_ly\', "result" TEXT NOT NULL DEFAULT \'\', "done_at" TIMESTAMPTZ DEFAULT null, "created_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "urgency_rank" INTEGER NOT NULL DEFAULT 3, "sort_deadline" DATE NOT NULL DEFAULT \'9999-12-31\', "direction" VARCHAR(3) NOT NULL DEFAULT \'den\', "done" INTEGER NOT NULL DEFAULT 0)',
    'CREATE INDEX assignment_document ON "assignment" ("document")',
    'CREATE TABLE "opinion" ("id" INTEGER PRIMARY KEY NOT NULL, "document" INTEGER REFERENCES "document" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "user" INTEGER REFERENCES "app_user" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "text" TEXT NOT NULL DEFAULT \'\', "created_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)',
    'CREATE INDEX opinion_document ON "opinion" ("document")',
    'CREATE TABLE "document_share" ("id" INTEGER PRIMARY KEY NOT NULL, "document" INTEGER REFERENCES "document" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "user" INTEGER REFERENCES "app_user" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "shared_by" INTEGER REFERENCES "app_user" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "created_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)',
    'CREATE INDEX document_share_document ON "document_share" ("document")',
    'CREATE INDEX document_share_user ON "document_share" ("user")',
    'CREATE TABLE "read_receipt" ("id" INTEGER PRIMARY KEY NOT NULL, "document" INTEGER REFERENCES "document" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "user" INTEGER REFERENCES "app_user" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "first_opened_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "last_opened_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "open_count" INTEGER NOT NULL DEFAULT 1)',
    'CREATE INDEX read_receipt_document ON "read_receipt" ("document")',
    'CREATE TABLE "document_event" ("id" INTEGER PRIMARY KEY NOT NULL, "document" INTEGER REFERENCES "document" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "actor" INTEGER REFERENCES "app_user" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "action" VARCHAR(40) NOT NULL DEFAULT \'\', "detail" JSON NOT NULL DEFAULT \'{}\', "at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)',
    'CREATE INDEX document_event_document ON "document_event" ("document")',
    'CREATE UNIQUE INDEX number_counter_series ON "number_counter" ("organisation", "loai", "nhiem_ky")',
    'CREATE UNIQUE INDEX assignment_document_user ON "assignment" ("document", "user")',
    'CREATE INDEX assignment_inbox ON "assignment" ("user", "done", "urgency_rank", "sort_deadline", "id")',
    'CREATE UNIQUE INDEX read_receipt_document_user ON "read_receipt" ("document", "user")',
    'CREATE UNIQUE INDEX document_share_document_user ON "document_share" ("document", "user")',
    'CREATE INDEX document_register ON "document" ("organisation", "direction", "id")',
    'CREATE INDEX document_deadline ON "document" ("organisation", "status", "han_xu_ly")',
    'CREATE UNIQUE INDEX document_outgoing_number ON "document" ("organisation", "loai", "nhiem_ky", "so") WHERE "direction" = \'di\' AND "so" IS NOT NULL',
    "CREATE VIRTUAL TABLE document_fts_exact USING fts5(content, detail=none, tokenize='unicode61 remove_diacritics 0')",
    "CREATE VIRTUAL TABLE document_fts_folded USING fts5(meta, body, detail=column, tokenize='unicode61 remove_diacritics 2')",
]

POSTGRES = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE OR REPLACE FUNCTION dangbo_unaccent(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$",
    'CREATE TABLE "stored_file" ("id" SERIAL PRIMARY KEY NOT NULL, "sha256" VARCHAR(64) UNIQUE NOT NULL DEFAULT \'\', "size" BIGINT NOT NULL DEFAULT 0, "mime" VARCHAR(100) NOT NULL DEFAULT \'\', "created_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)',
    'CREATE INDEX stored_file_sha256 ON "stored_file" USING btree ("sha256")',
    'CREATE TABLE "document" ("id" SERIAL PRIMARY KEY NOT NULL, "direction" VARCHAR(3) NOT NULL DEFAULT \'\', "organisation" INTEGER REFERENCES "organisation" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "so" INTEGER DEFAULT null, "ky_hieu" VARCHAR(80) NOT NULL DEFAULT \'\', "loai" VARCHAR(10) NOT NULL DEFAULT \'\', "co_quan_ban_hanh" VARCHAR(255) NOT NULL DEFAULT \'\', "ngay_ban_hanh" DATE DEFAULT null, "trich_yeu" TEXT NOT NULL DEFAULT \'\', "nguoi_ky" VARCHAR(120) NOT NULL DEFAULT \'\', "do_khan" VARCHAR(12) NOT NULL DEFAULT \'thuong\', "urgency_rank" SMALLINT NOT NULL DEFAULT 3, "han_xu_ly" DATE DEFAULT null, "status" VARCHAR(20) NOT NULL DEFAULT \'\', "nhiem_ky" VARCHAR(9) NOT NULL DEFAULT \'\', "so_den" INTEGER DEFAULT null, "created_by" INTEGER REFERENCES "app_user" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "created_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "updated_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "extracted_text" TEXT NOT NULL DEFAULT \'\')',
    'CREATE INDEX document_organisation ON "document" USING btree ("organisation")',
    'CREATE TABLE "document_file" ("id" SERIAL PRIMARY KEY NOT NULL, "document" INTEGER REFERENCES "document" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "sha256" VARCHAR(64) NOT NULL DEFAULT \'\', "filename" VARCHAR(200) NOT NULL DEFAULT \'\', "mime" VARCHAR(100) NOT NULL DEFAULT \'\', "size" BIGINT NOT NULL DEFAULT 0, "role" VARCHAR(12) NOT NULL DEFAULT \'original\', "uploaded_by" INTEGER REFERENCES "app_user" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "created_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)',
    'CREATE INDEX document_file_document ON "document_file" USING btree ("document")',
    'CREATE INDEX document_file_sha256 ON "document_file" USING btree ("sha256")',
    'CREATE TABLE "number_counter" ("id" SERIAL PRIMARY KEY NOT NULL, "organisation" INTEGER REFERENCES "organisation" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "loai" VARCHAR(10) NOT NULL DEFAULT \'\', "nhiem_ky" VARCHAR(9) NOT NULL DEFAULT \'\', "last_number" INTEGER NOT NULL DEFAULT 0)',
    'CREATE TABLE "assignment" ("id" SERIAL PRIMARY KEY NOT NULL, "document" INTEGER REFERENCES "document" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "user" INTEGER REFERENCES "app_user" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "role" VARCHAR(12) NOT NULL DEFAULT \'\', "deadline" DATE DEFAULT null, "instruction" TEXT NOT NULL DEFAULT \'\', "assigned_by" INTEGER REFERENCES "app_user" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "status" VARCHAR(12) NOT NULL DEFAULT \'cho_xu_ly\', "result" TEXT NOT NULL DEFAULT \'\', "done_at" TIMESTAMPTZ DEFAULT null, "created_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "urgency_rank" SMALLINT NOT NULL DEFAULT 3, "sort_deadline" DATE NOT NULL DEFAULT \'9999-12-31\', "direction" VARCHAR(3) NOT NULL DEFAULT \'den\', "done" SMALLINT NOT NULL DEFAULT 0)',
    'CREATE INDEX assignment_document ON "assignment" USING btree ("document")',
    'CREATE TABLE "opinion" ("id" SERIAL PRIMARY KEY NOT NULL, "document" INTEGER REFERENCES "document" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "user" INTEGER REFERENCES "app_user" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "text" TEXT NOT NULL DEFAULT \'\', "created_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)',
    'CREATE INDEX opinion_document ON "opinion" USING btree ("document")',
    'CREATE TABLE "document_share" ("id" SERIAL PRIMARY KEY NOT NULL, "document" INTEGER REFERENCES "document" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "user" INTEGER REFERENCES "app_user" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "shared_by" INTEGER REFERENCES "app_user" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "created_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)',
    'CREATE INDEX document_share_document ON "document_share" USING btree ("document")',
    'CREATE INDEX document_share_user ON "document_share" USING btree ("user")',
    'CREATE TABLE "read_receipt" ("id" SERIAL PRIMARY KEY NOT NULL, "document" INTEGER REFERENCES "document" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "user" INTEGER REFERENCES "app_user" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "first_opened_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "last_opened_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "open_count" INTEGER NOT NULL DEFAULT 1)',
    'CREATE INDEX read_receipt_document ON "read_receipt" USING btree ("document")',
    'CREATE TABLE "document_event" ("id" SERIAL PRIMARY KEY NOT NULL, "document" INTEGER REFERENCES "document" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "actor" INTEGER REFERENCES "app_user" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "action" VARCHAR(40) NOT NULL DEFAULT \'\', "detail" JSON NOT NULL DEFAULT \'{}\', "at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)',
    'CREATE INDEX document_event_document ON "document_event" USING btree ("document")',
    'CREATE UNIQUE INDEX number_counter_series ON "number_counter" ("organisation", "loai", "nhiem_ky")',
    'CREATE UNIQUE INDEX assignment_document_user ON "assignment" ("document", "user")',
    'CREATE INDEX assignment_inbox ON "assignment" ("user", "done", "urgency_rank", "sort_deadline", "id")',
    'CREATE UNIQUE INDEX read_receipt_document_user ON "read_receipt" ("document", "user")',
    'CREATE UNIQUE INDEX document_share_document_user ON "document_share" ("document", "user")',
    'CREATE INDEX document_register ON "document" ("organisation", "direction", "id")',
    'CREATE INDEX document_deadline ON "document" ("organisation", "status", "han_xu_ly")',
    'CREATE UNIQUE INDEX document_outgoing_number ON "document" ("organisation", "loai", "nhiem_ky", "so") WHERE "direction" = \'di\' AND "so" IS NOT NULL',
    'CREATE TABLE "document_search" ("document" INTEGER PRIMARY KEY REFERENCES "document" ("id") ON DELETE CASCADE, "meta" TEXT NOT NULL DEFAULT \'\', "body" TEXT NOT NULL DEFAULT \'\', "exact" tsvector GENERATED ALWAYS AS (strip(to_tsvector(\'simple\'::regconfig, "meta" || \' \' || "body"))) STORED, "folded" tsvector GENERATED ALWAYS AS (strip(to_tsvector(\'simple\'::regconfig, dangbo_unaccent("meta" || \' \' || "body")))) STORED, "folded_meta" tsvector GENERATED ALWAYS AS (strip(to_tsvector(\'simple\'::regconfig, dangbo_unaccent("meta")))) STORED)',
    'CREATE INDEX document_search_folded ON "document_search" USING gin ("folded")',
]


async def forwards():
    return raw_migration(ID, DESCRIPTION, sqlite=SQLITE, postgres=POSTGRES)
