"""A process that commits a notification and then waits to be killed before it sends anything.

``python -m tests.outbox_crash committed|claimed|fanout '<subscription JSON>'`` (settings from
the environment, like ``dangbo``; ``fanout`` takes a JSON list of subscriptions):

* ``committed``: the business transaction (with ``notify``) commits; the process dies before
  any delivery starts. With Redis it first enqueues its SAQ job, as the API does.
* ``fanout``: one notification to a user per subscription, committed, nothing enqueued; the
  process exits (a worker started later sends the fan-out).
* ``claimed``: additionally claims the outbox row as a worker would (one-second lease) and dies
  before sending: the row is left in ``sending`` under a lease nobody will renew.

It prints one JSON line ``{"notification_id": …}`` once the commit is done.
"""

from __future__ import annotations

import asyncio
import json
import secrets
import sys

from backend import db
from backend.accounts.tables import User
from backend.core.clock import now
from backend.domains import build_services
from backend.notifications.delivery import PushSender, new_claim_token
from backend.notifications.notifier import Notifier
from backend.notifications.tables import PushSubscription
from backend.notifications.vapid import VapidKeys
from backend.settings import get_settings
from shared.notifications import NotificationKind


async def fan_out(subscriptions: list[dict]) -> None:
    settings = get_settings()
    engine = db.create_engine(settings.database_url)
    await db.start(engine)
    user_ids = []
    async with db.transaction():
        for subscription in subscriptions:
            user = await User.insert(
                User(
                    username=f"fanout-{secrets.token_hex(5)}",
                    full_name="Người Nhận Loạt Tin",
                    roles=json.dumps(["can_bo"]),
                    is_active=True,
                    created_at=now(),
                )
            ).returning(User.id)
            user_ids.append(user[0]["id"])
            await PushSubscription.insert(
                PushSubscription(
                    user=user[0]["id"],
                    endpoint=subscription["endpoint"],
                    p256dh=subscription["keys"]["p256dh"],
                    auth=subscription["keys"]["auth"],
                    label="Điện thoại",
                    created_at=now(),
                )
            )
    async with db.transaction():
        ids = await Notifier().notify(
            user_ids, kind=NotificationKind.VAN_BAN, title="Thông báo chung", link="/"
        )
    await db.stop(engine)
    print(json.dumps({"notification_ids": ids}), flush=True)


async def main(mode: str, subscription: dict) -> None:
    settings = get_settings()
    services = build_services(settings)
    engine = db.create_engine(settings.database_url)
    await db.start(engine)
    queue = None
    notifier = Notifier()
    if settings.redis_url and mode == "committed":
        from backend.notifications.jobs import SaqDispatcher, make_queue

        queue = make_queue(settings)
        await queue.connect()
        notifier.dispatcher = SaqDispatcher(queue)

    async with db.transaction():
        user = await User.insert(
            User(
                username=f"outbox-{secrets.token_hex(4)}",
                full_name="Người Nhận Sau Sự Cố",
                roles=json.dumps(["can_bo"]),
                is_active=True,
                created_at=now(),
            )
        ).returning(User.id)
        user_id = user[0]["id"]
        await PushSubscription.insert(
            PushSubscription(
                user=user_id,
                endpoint=subscription["endpoint"],
                p256dh=subscription["keys"]["p256dh"],
                auth=subscription["keys"]["auth"],
                label="Điện thoại",
                created_at=now(),
            )
        )
    async with db.transaction():  # the business write and its notification
        [notification_id] = await notifier.notify(
            [user_id],
            kind=NotificationKind.VAN_BAN,
            title="Văn bản hỏa tốc được giao",
            link="/van-ban/1",
            urgent=True,
        )
    if mode == "claimed":
        sender = PushSender(settings, services.get(VapidKeys), lease_seconds=1)
        claimed = await sender._claim(new_claim_token(), 10, notification_id=notification_id)
        assert claimed, "nothing to claim"
    else:
        await asyncio.sleep(0.5)  # let the enqueue of the SAQ job go out
    print(json.dumps({"notification_id": notification_id}), flush=True)
    await asyncio.sleep(3600)  # SIGKILL arrives here


if __name__ == "__main__":
    if sys.argv[1] == "fanout":
        asyncio.run(fan_out(json.loads(sys.argv[2])))
    else:
        asyncio.run(main(sys.argv[1], json.loads(sys.argv[2])))
