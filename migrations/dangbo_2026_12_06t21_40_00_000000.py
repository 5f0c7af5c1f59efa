"""Thư viện văn kiện: collections, documents, articles with stable ids and their versions, and each reader's bookmarks, highlights, reading position and last visit."""

from migrations.ddl import raw_migration

ID = "2026-12-06T21:40:00:000000"
VERSION = "1.38.0"
DESCRIPTION = (
    "library: collections, documents, articles and versions, bookmarks, highlights, reading, visits"
)

SQLITE = [
    'CREATE TABLE "library_collection" ("id" INTEGER PRIMARY KEY NOT NULL, "title" VARCHAR(200) NOT NULL DEFAULT \'\', "description" TEXT NOT NULL DEFAULT \'\', "position" INTEGER NOT NULL DEFAULT 0, "created_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)',
    'CREATE TABLE "library_document" ("id" INTEGER PRIMARY KEY NOT NULL, "collection" INTEGER REFERENCES "library_collection" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "title" VARCHAR(200) NOT NULL DEFAULT \'\', "kind" VARCHAR(20) NOT NULL DEFAULT \'\', "so_ky_hieu" VARCHAR(60) NOT NULL DEFAULT \'\', "issuer" VARCHAR(200) NOT NULL DEFAULT \'\', "issued_on" DATE DEFAULT null, "summary" TEXT NOT NULL DEFAULT \'\', "state" VARCHAR(20) NOT NULL DEFAULT \'\', "version" INTEGER NOT NULL DEFAULT 0, "content_hash" VARCHAR(64) NOT NULL DEFAULT \'\', "draft_text" TEXT NOT NULL DEFAULT \'\', "draft_updated_at" TIMESTAMPTZ DEFAULT null, "published_at" TIMESTAMPTZ DEFAULT null, "created_by" INTEGER REFERENCES "app_user" ("id") ON DELETE SET NULL ON UPDATE CASCADE DEFAULT null, "created_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "updated_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)',
    'CREATE INDEX library_document_collection ON "library_document" ("collection")',
    'CREATE INDEX library_document_state ON "library_document" ("state")',
    'CREATE TABLE "library_article" ("id" INTEGER PRIMARY KEY NOT NULL, "document" INTEGER REFERENCES "library_document" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "anchor" VARCHAR(200) NOT NULL DEFAULT \'\', "kind" VARCHAR(10) NOT NULL DEFAULT \'\', "label" VARCHAR(60) NOT NULL DEFAULT \'\', "title" TEXT NOT NULL DEFAULT \'\', "level" INTEGER NOT NULL DEFAULT 1, "parent" INTEGER DEFAULT null, "position" INTEGER NOT NULL DEFAULT 0, "blocks" JSON NOT NULL DEFAULT \'[]\', "content_hash" VARCHAR(64) NOT NULL DEFAULT \'\', "version" INTEGER NOT NULL DEFAULT 1, "live" BOOLEAN NOT NULL DEFAULT true, "changed_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "created_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)',
    'CREATE INDEX library_article_document ON "library_article" ("document")',
    'CREATE TABLE "library_article_version" ("id" INTEGER PRIMARY KEY NOT NULL, "article" INTEGER REFERENCES "library_article" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "version" INTEGER NOT NULL DEFAULT 0, "document_version" INTEGER NOT NULL DEFAULT 0, "title" TEXT NOT NULL DEFAULT \'\', "blocks" JSON NOT NULL DEFAULT \'[]\', "content_hash" VARCHAR(64) NOT NULL DEFAULT \'\', "published_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)',
    'CREATE INDEX library_article_version_article ON "library_article_version" ("article")',
    'CREATE TABLE "library_bookmark" ("id" INTEGER PRIMARY KEY NOT NULL, "user" INTEGER REFERENCES "app_user" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "article" INTEGER REFERENCES "library_article" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "created_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)',
    'CREATE INDEX library_bookmark_user ON "library_bookmark" ("user")',
    'CREATE TABLE "library_highlight" ("id" INTEGER PRIMARY KEY NOT NULL, "user" INTEGER REFERENCES "app_user" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "article" INTEGER REFERENCES "library_article" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "article_version" INTEGER NOT NULL DEFAULT 0, "block" INTEGER NOT NULL DEFAULT 0, "start" INTEGER NOT NULL DEFAULT 0, "end" INTEGER NOT NULL DEFAULT 0, "quote" TEXT NOT NULL DEFAULT \'\', "note" TEXT NOT NULL DEFAULT \'\', "created_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "updated_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)',
    'CREATE INDEX library_highlight_user ON "library_highlight" ("user")',
    'CREATE INDEX library_highlight_article ON "library_highlight" ("article")',
    'CREATE TABLE "library_reading" ("id" INTEGER PRIMARY KEY NOT NULL, "user" INTEGER REFERENCES "app_user" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "document" INTEGER REFERENCES "library_document" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "article" INTEGER REFERENCES "library_article" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "block" INTEGER NOT NULL DEFAULT 0, "updated_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)',
    'CREATE INDEX library_reading_user ON "library_reading" ("user")',
    'CREATE TABLE "library_visit" ("id" INTEGER PRIMARY KEY NOT NULL, "user" INTEGER UNIQUE REFERENCES "app_user" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "seen_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)',
    # An article's identity across versions is its anchor in its document.
    'CREATE UNIQUE INDEX library_article_anchor ON "library_article" ("document", "anchor")',
    'CREATE INDEX library_article_changed ON "library_article" ("changed_at")',
    'CREATE INDEX library_article_order ON "library_article" ("document", "position")',
    'CREATE UNIQUE INDEX library_bookmark_once ON "library_bookmark" ("user", "article")',
    'CREATE UNIQUE INDEX library_reading_once ON "library_reading" ("user", "document")',
]

POSTGRES = [
    'CREATE TABLE "library_collection" ("id" SERIAL PRIMARY KEY NOT NULL, "title" VARCHAR(200) NOT NULL DEFAULT \'\', "description" TEXT NOT NULL DEFAULT \'\', "position" INTEGER NOT NULL DEFAULT 0, "created_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)',
    'CREATE TABLE "library_document" ("id" SERIAL PRIMARY KEY NOT NULL, "collection" INTEGER REFERENCES "library_collection" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "title" VARCHAR(200) NOT NULL DEFAULT \'\', "kind" VARCHAR(20) NOT NULL DEFAULT \'\', "so_ky_hieu" VARCHAR(60) NOT NULL DEFAULT \'\', "issuer" VARCHAR(200) NOT NULL DEFAULT \'\', "issued_on" DATE DEFAULT null, "summary" TEXT NOT NULL DEFAULT \'\', "state" VARCHAR(20) NOT NULL DEFAULT \'\', "version" INTEGER NOT NULL DEFAULT 0, "content_hash" VARCHAR(64) NOT NULL DEFAULT \'\', "draft_text" TEXT NOT NULL DEFAULT \'\', "draft_updated_at" TIMESTAMPTZ DEFAULT null, "published_at" TIMESTAMPTZ DEFAULT null, "created_by" INTEGER REFERENCES "app_user" ("id") ON DELETE SET NULL ON UPDATE CASCADE DEFAULT null, "created_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "updated_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)',
    'CREATE INDEX library_document_collection ON "library_document" USING btree ("collection")',
    'CREATE INDEX library_document_state ON "library_document" USING btree ("state")',
    'CREATE TABLE "library_article" ("id" SERIAL PRIMARY KEY NOT NULL, "document" INTEGER REFERENCES "library_document" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "anchor" VARCHAR(200) NOT NULL DEFAULT \'\', "kind" VARCHAR(10) NOT NULL DEFAULT \'\', "label" VARCHAR(60) NOT NULL DEFAULT \'\', "title" TEXT NOT NULL DEFAULT \'\', "level" INTEGER NOT NULL DEFAULT 1, "parent" INTEGER DEFAULT null, "position" INTEGER NOT NULL DEFAULT 0, "blocks" JSON NOT NULL DEFAULT \'[]\', "content_hash" VARCHAR(64) NOT NULL DEFAULT \'\', "version" INTEGER NOT NULL DEFAULT 1, "live" BOOLEAN NOT NULL DEFAULT true, "changed_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "created_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)',
    'CREATE INDEX library_article_document ON "library_article" USING btree ("document")',
    'CREATE TABLE "library_article_version" ("id" SERIAL PRIMARY KEY NOT NULL, "article" INTEGER REFERENCES "library_article" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "version" INTEGER NOT NULL DEFAULT 0, "document_version" INTEGER NOT NULL DEFAULT 0, "title" TEXT NOT NULL DEFAULT \'\', "blocks" JSON NOT NULL DEFAULT \'[]\', "content_hash" VARCHAR(64) NOT NULL DEFAULT \'\', "published_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)',
    'CREATE INDEX library_article_version_article ON "library_article_version" USING btree ("article")',
    'CREATE TABLE "library_bookmark" ("id" SERIAL PRIMARY KEY NOT NULL, "user" INTEGER REFERENCES "app_user" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "article" INTEGER REFERENCES "library_article" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "created_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)',
    'CREATE INDEX library_bookmark_user ON "library_bookmark" USING btree ("user")',
    'CREATE TABLE "library_highlight" ("id" SERIAL PRIMARY KEY NOT NULL, "user" INTEGER REFERENCES "app_user" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "article" INTEGER REFERENCES "library_article" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "article_version" INTEGER NOT NULL DEFAULT 0, "block" INTEGER NOT NULL DEFAULT 0, "start" INTEGER NOT NULL DEFAULT 0, "end" INTEGER NOT NULL DEFAULT 0, "quote" TEXT NOT NULL DEFAULT \'\', "note" TEXT NOT NULL DEFAULT \'\', "created_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "updated_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)',
    'CREATE INDEX library_highlight_user ON "library_highlight" USING btree ("user")',
    'CREATE INDEX library_highlight_article ON "library_highlight" USING btree ("article")',
    'CREATE TABLE "library_reading" ("id" SERIAL PRIMARY KEY NOT NULL, "user" INTEGER REFERENCES "app_user" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "document" INTEGER REFERENCES "library_document" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "article" INTEGER REFERENCES "library_article" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "block" INTEGER NOT NULL DEFAULT 0, "updated_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)',
    'CREATE INDEX library_reading_user ON "library_reading" USING btree ("user")',
    'CREATE TABLE "library_visit" ("id" SERIAL PRIMARY KEY NOT NULL, "user" INTEGER UNIQUE REFERENCES "app_user" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, "seen_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)',
    'CREATE UNIQUE INDEX library_article_anchor ON "library_article" ("document", "anchor")',
    'CREATE INDEX library_article_changed ON "library_article" ("changed_at")',
    'CREATE INDEX library_article_order ON "library_article" ("document", "position")',
    'CREATE UNIQUE INDEX library_bookmark_once ON "library_bookmark" ("user", "article")',
    'CREATE UNIQUE INDEX library_reading_once ON "library_reading" ("user", "document")',
]


async def forwards():
    return raw_migration(ID, DESCRIPTION, sqlite=SQLITE, postgres=POSTGRES)
