"""Push delivery inside the API process, started and stopped with the app's lifespan.

With Redis configured, the API only enqueues SAQ jobs (``dangbo worker`` sends). Without it,
an asyncio task in the API process sends (:class:`DeliveryLoop`). Either way the process keeps
one :class:`PushSender` for the "gửi thử" button, which sends while the user waits.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from litestar import Litestar

from backend.core.services import Services
from backend.notifications.delivery import PushSender
from backend.notifications.jobs import SaqDispatcher, make_queue
from backend.notifications.loop import DeliveryLoop
from backend.notifications.notifier import Notifier


@asynccontextmanager
async def push_delivery(app: Litestar) -> AsyncIterator[None]:
    services: Services = app.state.services
    settings = services.settings
    sender = services.get(PushSender)
    notifier = services.get(Notifier)
    await sender.start()
    loop: DeliveryLoop | None = None
    queue = None
    if settings.redis_url:
        queue = make_queue(settings)
        await queue.connect()
        notifier.dispatcher = SaqDispatcher(queue)
    else:
        loop = DeliveryLoop(sender)
        notifier.dispatcher = loop
        loop.start()
    try:
        yield
    finally:
        notifier.dispatcher = None
        if loop is not None:
            await loop.stop()
        if queue is not None:
            await queue.disconnect()
        await sender.close()
