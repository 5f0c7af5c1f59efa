"""Search: citizens' comments become a kind of the one index (code 4, ``Kind.COMMENT``): their
two FTS5 tables on SQLite, their three partial GIN indexes on PostgreSQL. Unlike the other
kinds, comments arrive all day during a consultation, so the GIN indexes keep their pending
list (``fastupdate`` on, PostgreSQL's default): an insert appends to it rather than updating
every word's posting tree."""

from migrations.ddl import raw_migration

ID = "2026-12-07T08:40:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "search: citizens' comments as a kind of the one index"

SPAN = 2**32
CODE = 4  # Kind.COMMENT in backend/search/entries.py
LOW, HIGH = CODE * SPAN, (CODE + 1) * SPAN - 1

SQLITE = [
    "CREATE VIRTUAL TABLE search_fts_exact_comment USING fts5(content, detail=none, tokenize='unicode61 remove_diacritics 0')",
    "CREATE VIRTUAL TABLE search_fts_folded_comment USING fts5(meta, body, detail=column, tokenize='unicode61 remove_diacritics 0')",
]

POSTGRES = [
    f'CREATE INDEX search_entry_{column}_comment ON "search_entry" USING gin ("{column}") '
    f'WHERE "id" BETWEEN {LOW} AND {HIGH}'
    for column in ("exact", "folded", "folded_meta")
]


async def forwards():
    return raw_migration(ID, DESCRIPTION, sqlite=SQLITE, postgres=POSTGRES)
