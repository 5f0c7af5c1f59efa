"""The one file store of every domain."""

from backend.core.domain import Domain
from backend.core.services import Services
from backend.files.controllers import FileController
from backend.files.services import FileStore
from backend.files.tables import StoredFile


def build(services: Services) -> None:
    settings = services.settings
    services.add(FileStore(settings.file_store_dir, settings.max_upload_mb * 1024 * 1024))


DOMAIN = Domain(name="files", tables=[StoredFile], controllers=[FileController], build=build)
