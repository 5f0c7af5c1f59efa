"""Imports of CSV and XLSX files with row-level errors, for every domain that takes them."""

from backend.core.domain import Domain
from backend.core.services import Services
from backend.imports.controllers import ImportController
from backend.imports.jobs import ImportRunner
from backend.imports.runtime import import_jobs
from backend.imports.tables import ImportJob


def build(services: Services) -> None:
    services.add(ImportRunner())


DOMAIN = Domain(
    name="imports",
    tables=[ImportJob],
    controllers=[ImportController],
    build=build,
    lifespan=import_jobs,
)
