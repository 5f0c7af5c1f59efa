"""The migrations of the whole schema, run by Piccolo's migration runner (``dangbo migrate``).

Each migration writes its DDL out explicitly for SQLite and for PostgreSQL: the schema uses
features Piccolo's auto-migrations do not cover (FTS5, tsvector, triggers), and a migration
must keep meaning what it meant when it was written, whatever the tables look like later.
"""

from pathlib import Path

from piccolo.conf.apps import AppConfig

from backend.domains import all_tables

APP_CONFIG = AppConfig(
    app_name="dangbo",
    migrations_folder_path=str(Path(__file__).parent),
    table_classes=all_tables(),
    migration_dependencies=[],
    commands=[],
)
