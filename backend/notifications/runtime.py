"""Push delivery inside the API process, started and stopped with the app's lifespan.

With Redis configured, the API only enqueues SAQ jobs (``dangbo worker`` sends). Without it,
an asyncio task in the API process sends (:class:`DeliveryLoop`). Either way the process keeps
one :class:`PushSender` for the "gửi thử" button, which sends while the user waits.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from litestar import Litestar

from backend.notifications import dispatch
from backend.notifications.delivery import DeliveryLoop, PushSender
from backend.settings import Settings


@asynccontextmanager
async def push_delivery(app: Litestar) -> AsyncIterator[None]:
    settings: Settings = app.state.settings
    sender = PushSender(settings)
    await sender.start()
    app.state.push_sender = sender
    loop: DeliveryLoop | None = None
    queue = None
    if settings.redis_url:
        from backend.notifications.jobs import SaqDispatcher, make_queue

        queue = make_queue(settings)
        await queue.connect()
        dispatch.install(SaqDispatcher(queue))
    else:
        loop = DeliveryLoop(sender)
        dispatch.install(loop)
        loop.start()
    try:
        yield
    finally:
        dispatch.install(None)
        if loop is not None:
            await loop.stop()
        if queue is not None:
            await queue.disconnect()
        await sender.close()
