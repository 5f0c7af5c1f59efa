"""The notification centre and Web Push."""

from backend.core.domain import Domain
from backend.core.services import Services
from backend.notifications.controllers import NotificationController, PushController
from backend.notifications.delivery import PushSender
from backend.notifications.notifier import Notifier
from backend.notifications.runtime import push_delivery
from backend.notifications.seed import seed_notifications
from backend.notifications.services import forget_user_devices
from backend.notifications.tables import (
    Notification,
    NotificationPreference,
    PushDelivery,
    PushSubscription,
)


def build(services: Services) -> None:
    services.add(PushSender(services.settings))
    services.add(Notifier())


DOMAIN = Domain(
    name="notifications",
    tables=[Notification, PushSubscription, NotificationPreference, PushDelivery],
    controllers=[NotificationController, PushController],
    build=build,
    lifespan=push_delivery,
    seed=seed_notifications,
    # The stolen phone gets no more notifications.
    forget_devices={"push_subscriptions": forget_user_devices},
)
