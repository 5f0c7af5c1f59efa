"""The notification centre and Web Push."""

from backend.core.domain import Domain, DomainHooks
from backend.core.services import Services
from backend.notifications.centre import NotificationCentre
from backend.notifications.controllers import NotificationController, PushController
from backend.notifications.delivery import PushSender
from backend.notifications.devices import DeviceService, forget_user_devices
from backend.notifications.notifier import Notifier
from backend.notifications.preferences import PreferenceService
from backend.notifications.runtime import push_delivery
from backend.notifications.seed import seed_notifications
from backend.notifications.tables import (
    Notification,
    NotificationPreference,
    PushDelivery,
    PushSubscription,
)
from backend.notifications.vapid import VapidKeys
from backend.vault.vault import KeyVault


def build(services: Services) -> None:
    settings = services.settings
    services.add(Notifier())
    keys = services.add(VapidKeys(settings, services.get(KeyVault)))
    services.add(PushSender(settings, keys))
    services.add(NotificationCentre(services.get(DomainHooks)))
    services.add(PreferenceService())
    services.add(DeviceService(settings))


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
