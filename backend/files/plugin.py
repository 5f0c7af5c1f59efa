"""The one file store of every domain, and the page images of its PDFs."""

from __future__ import annotations

from backend.core.domain import Domain
from backend.core.services import Services
from backend.files.controllers import FileController
from backend.files.local_store import LocalFileStore
from backend.files.pages import PageImages, page_renderer
from backend.files.postgres_store import PostgresFileStore
from backend.files.services import FileStore
from backend.files.tables import StoredFile

STORES = ("local", "postgres")


def build(services: Services) -> None:
    settings = services.settings
    limit = settings.max_upload_mb * 1024 * 1024
    if settings.file_store not in STORES:
        raise RuntimeError(
            f"DANGBO_FILE_STORE={settings.file_store!r} không hợp lệ: chọn local hoặc postgres."
        )
    if settings.file_store == "postgres":
        if not settings.is_postgres:
            raise RuntimeError(
                "DANGBO_FILE_STORE=postgres cần cơ sở dữ liệu PostgreSQL (DANGBO_DATABASE_URL)."
            )
        store: FileStore = PostgresFileStore(settings.file_store_dir, limit)
    else:
        store = LocalFileStore(settings.file_store_dir, limit)
    services.add(store, as_type=FileStore)
    services.add(PageImages(store))


DOMAIN = Domain(
    name="files",
    tables=[StoredFile],
    controllers=[FileController],
    build=build,
    lifespan=page_renderer,
)
