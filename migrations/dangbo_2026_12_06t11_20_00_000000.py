"""The file store in PostgreSQL: blobs as bytea chunks keyed by (sha256, part)."""

from migrations.ddl import raw_migration

ID = "2026-12-06T11:20:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "files: file_chunk (PostgreSQL file store)"

# The local directory is SQLite's only store: nothing to create there.
SQLITE: list[str] = []

POSTGRES = [
    'CREATE TABLE "file_chunk" ("sha256" VARCHAR(64) NOT NULL, "part" INTEGER NOT NULL, "data" BYTEA NOT NULL, "digest" VARCHAR(64) NOT NULL, PRIMARY KEY ("sha256", "part"))',
    # PDFs and Office files are compressed already: TOAST would spend CPU compressing them
    # again for nothing.
    'ALTER TABLE "file_chunk" ALTER COLUMN "data" SET STORAGE EXTERNAL',
]


async def forwards():
    return raw_migration(ID, DESCRIPTION, sqlite=SQLITE, postgres=POSTGRES)
