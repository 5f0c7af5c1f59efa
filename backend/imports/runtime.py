"""Import jobs run in the background of the API process while it runs."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from litestar import Litestar

from backend.imports.jobs import ImportRunner


@asynccontextmanager
async def import_jobs(app: Litestar) -> AsyncIterator[None]:
    async with app.state.services.get(ImportRunner).running():
        yield
