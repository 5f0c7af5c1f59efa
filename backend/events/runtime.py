"""The event hub inside the API process, started and stopped with the app's lifespan: with
Redis configured, one subscription to the announcements of every worker."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

from litestar import Litestar

from backend.core.services import Services
from backend.events.hub import EventHub


@contextlib.asynccontextmanager
async def event_hub(app: Litestar) -> AsyncIterator[None]:
    services: Services = app.state.services
    hub = services.get(EventHub)
    listener = None
    if services.redis is not None:
        listener = asyncio.create_task(hub.listen_redis(services.redis), name="events redis")
    try:
        yield
    finally:
        if listener is not None:
            listener.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await listener
        await hub.close()
