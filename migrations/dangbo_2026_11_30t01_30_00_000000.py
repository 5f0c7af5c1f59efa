"""Documents search on PostgreSQL: the organisation beside the vectors, narrow heap rows, GIN
on every vector (see backend/search/services.py). Nothing changes on SQLite."""

from migrations.ddl import raw_migration

ID = "2026-11-30T01:30:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "documents search: narrow rows and set-based ranking on PostgreSQL"

SQLITE: list[str] = []

POSTGRES = [
    # Visibility is checked on the search row itself (a document never changes organisation),
    # so ranking 80,000 matches does not look up 80,000 documents.
    'ALTER TABLE "document_search" ADD COLUMN "organisation" INTEGER',
    'UPDATE "document_search" s SET "organisation" = d."organisation" FROM "document" d WHERE d."id" = s."document"',
    # Keep the text and the vectors out of line: a bitmap heap scan over tens of thousands of
    # matches then reads a few hundred narrow pages instead of tens of thousands of wide ones.
    'ALTER TABLE "document_search" SET (toast_tuple_target = 128)',
    'ALTER TABLE "document_search" ALTER COLUMN "meta" SET STORAGE EXTERNAL, ALTER COLUMN "body" SET STORAGE EXTERNAL, ALTER COLUMN "exact" SET STORAGE EXTERNAL, ALTER COLUMN "folded" SET STORAGE EXTERNAL, ALTER COLUMN "folded_meta" SET STORAGE EXTERNAL',
    'CREATE INDEX document_search_exact ON "document_search" USING gin ("exact")',
    'CREATE INDEX document_search_folded_meta ON "document_search" USING gin ("folded_meta")',
    # A register takes a few documents an hour and is searched all day: no pending list
    # (GIN's fastupdate) for searches to scan linearly until the next vacuum.
    "ALTER INDEX document_search_folded SET (fastupdate = off)",
    "ALTER INDEX document_search_exact SET (fastupdate = off)",
    "ALTER INDEX document_search_folded_meta SET (fastupdate = off)",
]


async def forwards():
    return raw_migration(ID, DESCRIPTION, sqlite=SQLITE, postgres=POSTGRES)
