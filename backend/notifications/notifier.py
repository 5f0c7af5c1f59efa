"""The notification centre as other domains use it: ``await notifier.notify(...)``.

One :class:`Notifier` per app (``backend/notifications/plugin.py``), handed to services and
controllers like every other long-lived object. It writes through :func:`services.notify`
inside the caller's transaction and wakes the delivery that the app's lifespan started (the
in-process loop, or the SAQ queue with Redis).
"""

from __future__ import annotations

from collections.abc import Iterable

from backend.notifications import services
from backend.notifications.dispatch import Dispatcher
from shared.notifications import NotificationKind


class Notifier:
    def __init__(self) -> None:
        self.dispatcher: Dispatcher | None = None  # set while the app's lifespan runs

    async def notify(
        self,
        user_ids: Iterable[int],
        *,
        kind: NotificationKind,
        title: str,
        body: str = "",
        link: str = "/thong-bao",
        urgent: bool = False,
        topic: str | None = None,
    ) -> list[int]:
        """See :func:`backend.notifications.services.notify`: call it inside the caller's
        ``db.transaction()``; titles and bodies name no confidential content."""
        return await services.notify(
            user_ids,
            kind=kind,
            title=title,
            body=body,
            link=link,
            urgent=urgent,
            topic=topic,
            wake=self.dispatcher,
        )
