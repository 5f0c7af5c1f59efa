"""Search: one folding on both engines. SQLite's folded index no longer folds on its own
(``remove_diacritics 0``): the words are folded in Python by ``backend.core.text.fold``, the
same table as PostgreSQL's ``unaccent``; words already indexed are folded again with it (the
eth Ð/ð, which the old folding kept)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.apps.migrations.tables import Migration

from backend.core.text import fold
from backend.db import engine, is_postgres

ID = "2026-12-06T11:10:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "search: SQLite folded index folded by the one table only"

SQLITE = [
    "CREATE VIRTUAL TABLE document_fts_folded_new USING fts5(meta, body, detail=column, tokenize='unicode61 remove_diacritics 0')",
    "INSERT INTO document_fts_folded_new (rowid, meta, body) SELECT rowid, meta, body FROM document_fts_folded",
    "DROP TABLE document_fts_folded",
    "ALTER TABLE document_fts_folded_new RENAME TO document_fts_folded",
]


async def _refold() -> None:
    # Rows with any character outside printable ASCII may hold a letter the old folding kept.
    rows = await Migration.raw(
        "SELECT rowid AS id, meta, body FROM document_fts_folded "
        "WHERE meta GLOB '*[^ -~]*' OR body GLOB '*[^ -~]*'"
    )
    for row in rows:
        await Migration.raw(
            "UPDATE document_fts_folded SET meta = {}, body = {} WHERE rowid = {}",
            fold(row["meta"]),
            fold(row["body"]),
            row["id"],
        )


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="dangbo", description=DESCRIPTION)

    async def run() -> None:
        if is_postgres():
            return  # PostgreSQL folds with dangbo_unaccent, which the table matches
        for statement in SQLITE:
            await engine().run_ddl(statement, in_pool=False)
        await _refold()

    manager.add_raw(run)
    return manager
