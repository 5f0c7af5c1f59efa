"""Notifications (the in-app record), push subscriptions, preferences and the push outbox."""

from piccolo.columns import Boolean, ForeignKey, Integer, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from backend.accounts.tables import User


class Notification(Table, tablename="notification"):
    """The record the user reads in the app. Push only announces it."""

    user = ForeignKey(User, on_delete=OnDelete.cascade)
    kind = Varchar(length=20)
    title = Varchar(length=120)
    body = Varchar(length=240)
    link = Varchar(length=500)
    urgent = Boolean(default=False)
    topic = Varchar(length=32, null=True, default=None)
    created_at = Timestamptz()
    read_at = Timestamptz(null=True, default=None)


class PushSubscription(Table, tablename="push_subscription"):
    """One browser on one device (a user may have several)."""

    user = ForeignKey(User, on_delete=OnDelete.cascade, index=True)
    endpoint = Varchar(length=1024, unique=True)
    p256dh = Varchar(length=100)
    auth = Varchar(length=40)
    label = Varchar(length=80, default="")
    user_agent = Varchar(length=200, default="")
    created_at = Timestamptz()
    last_success_at = Timestamptz(null=True, default=None)


class NotificationPreference(Table, tablename="notification_preference"):
    """Per user and kind; a missing row means the defaults (push on, no quiet hours)."""

    user = ForeignKey(User, on_delete=OnDelete.cascade)
    kind = Varchar(length=20)
    push_enabled = Boolean(default=True)
    # Minutes after midnight, Asia/Ho_Chi_Minh; both null when quiet hours are off.
    quiet_start = Integer(null=True, default=None)
    quiet_end = Integer(null=True, default=None)


class PushDelivery(Table, tablename="push_delivery"):
    """The outbox: one row per notification and subscription, written in the same
    transaction as the notification, and worked off by the delivery workers.

    A worker claims a row by writing its ``claim_token`` and a lease (``claimed_until``); it may
    only record the outcome while it still holds that token, and a row whose lease ran out
    (crashed worker) goes back to ``pending``.
    """

    notification = ForeignKey(Notification, on_delete=OnDelete.cascade)
    subscription = ForeignKey(PushSubscription, on_delete=OnDelete.cascade)
    status = Varchar(length=12, default="pending")  # pending|sending|sent|failed|skipped
    attempts = Integer(default=0)
    next_attempt_at = Timestamptz()
    claim_token = Varchar(length=32, null=True, default=None)
    claimed_until = Timestamptz(null=True, default=None)
    last_status = Integer(null=True, default=None)
    last_error = Varchar(length=200, default="")
    created_at = Timestamptz()
    sent_at = Timestamptz(null=True, default=None)
