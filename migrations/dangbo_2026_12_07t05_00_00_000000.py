"""Search: one index for several kinds of record. The documents' index moves, row for row,
into ``search_entry`` (and, on SQLite, the documents' ``search_fts_exact_document``/
``search_fts_folded_document``), each entry's id being the kind's code × 2³² + the record's
id (``backend/search/entries.py``); every kind gets its word indexes (FTS5 tables on SQLite,
partial GIN indexes on PostgreSQL); then the library's published articles and the published
FAQ answers are indexed. The old tables are dropped only after their rows are copied, in the
same migration."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from backend.db import engine, is_postgres
from backend.library.indexing import reindex_all as index_library
from backend.questions.indexing import reindex_all as index_faq

ID = "2026-12-07T05:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "search: one index for documents, library articles and FAQ answers"

SPAN = 2**32
KINDS = {"document": 1, "library_article": 2, "faq": 3}  # Kind in backend/search/entries.py
DOCUMENT = KINDS["document"] * SPAN  # the first entry id of the documents


def _fts(kind: str) -> list[str]:
    return [
        f"CREATE VIRTUAL TABLE search_fts_exact_{kind} USING fts5(content, detail=none, tokenize='unicode61 remove_diacritics 0')",
        f"CREATE VIRTUAL TABLE search_fts_folded_{kind} USING fts5(meta, body, detail=column, tokenize='unicode61 remove_diacritics 0')",
    ]


def _gin(kind: str, code: int) -> list[str]:
    # One set of GIN indexes per kind, over its id range (the query names the range in
    # numbers); no pending list (fastupdate), as before: written rarely, searched all day.
    low, high = code * SPAN, (code + 1) * SPAN - 1
    return [
        f'CREATE INDEX search_entry_{column}_{kind} ON "search_entry" USING gin ("{column}") '
        f'WITH (fastupdate = off) WHERE "id" BETWEEN {low} AND {high}'
        for column in ("exact", "folded", "folded_meta")
    ]


SQLITE = [
    'CREATE TABLE "search_entry" ("id" INTEGER PRIMARY KEY NOT NULL, "kind" VARCHAR(20) NOT NULL, "record" INTEGER NOT NULL, "scope" INTEGER)',
    *[statement for kind in KINDS for statement in _fts(kind)],
    # Every indexed document, with its organisation (the scope its visibility rule reads).
    f'INSERT INTO "search_entry" ("id", "kind", "record", "scope") SELECT {DOCUMENT} + f.rowid, \'document\', f.rowid, (SELECT d."organisation" FROM "document" d WHERE d."id" = f.rowid) FROM document_fts_folded f ORDER BY f.rowid',
    f"INSERT INTO search_fts_exact_document (rowid, content) SELECT {DOCUMENT} + rowid, content FROM document_fts_exact ORDER BY rowid",
    f"INSERT INTO search_fts_folded_document (rowid, meta, body) SELECT {DOCUMENT} + rowid, meta, body FROM document_fts_folded ORDER BY rowid",
    "INSERT INTO search_fts_exact_document(search_fts_exact_document) VALUES('optimize')",
    "INSERT INTO search_fts_folded_document(search_fts_folded_document) VALUES('optimize')",
    "DROP TABLE document_fts_exact",
    "DROP TABLE document_fts_folded",
]

POSTGRES = [
    'CREATE TABLE "search_entry" ("id" BIGINT PRIMARY KEY NOT NULL, "kind" VARCHAR(20) NOT NULL, "record" INTEGER NOT NULL, "scope" INTEGER, "meta" TEXT NOT NULL DEFAULT \'\', "body" TEXT NOT NULL DEFAULT \'\', "exact" tsvector GENERATED ALWAYS AS (strip(to_tsvector(\'simple\'::regconfig, "meta" || \' \' || "body"))) STORED, "folded" tsvector GENERATED ALWAYS AS (strip(to_tsvector(\'simple\'::regconfig, dangbo_unaccent("meta" || \' \' || "body")))) STORED, "folded_meta" tsvector GENERATED ALWAYS AS (strip(to_tsvector(\'simple\'::regconfig, dangbo_unaccent("meta")))) STORED)',
    # Narrow rows, as document_search had (docs/documents.md, "Search").
    'ALTER TABLE "search_entry" SET (toast_tuple_target = 128)',
    'ALTER TABLE "search_entry" ALTER COLUMN "meta" SET STORAGE EXTERNAL, ALTER COLUMN "body" SET STORAGE EXTERNAL, ALTER COLUMN "exact" SET STORAGE EXTERNAL, ALTER COLUMN "folded" SET STORAGE EXTERNAL, ALTER COLUMN "folded_meta" SET STORAGE EXTERNAL',
    f'INSERT INTO "search_entry" ("id", "kind", "record", "scope", "meta", "body") SELECT {DOCUMENT} + "document", \'document\', "document", "organisation", "meta", "body" FROM "document_search" ORDER BY "document"',
    *[statement for kind, code in KINDS.items() for statement in _gin(kind, code)],
    'DROP TABLE "document_search"',
    'ANALYZE "search_entry"',
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="dangbo", description=DESCRIPTION)

    async def run() -> None:
        for statement in POSTGRES if is_postgres() else SQLITE:
            await engine().run_ddl(statement, in_pool=False)
        # Published before search knew them: the library's articles and the FAQ answers.
        await index_library()
        await index_faq()

    manager.add_raw(run)
    return manager
