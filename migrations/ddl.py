"""Run a migration's statements on the engine in use."""

from collections.abc import Sequence

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from backend.db import engine, is_postgres


def raw_migration(
    migration_id: str, description: str, *, sqlite: Sequence[str], postgres: Sequence[str]
) -> MigrationManager:
    manager = MigrationManager(
        migration_id=migration_id, app_name="dangbo", description=description
    )

    async def run() -> None:
        for statement in postgres if is_postgres() else sqlite:
            await engine().run_ddl(statement, in_pool=False)

    manager.add_raw(run)
    return manager
