"""What later domains forget when an administrator cuts a user's devices off (a lost or stolen
phone, ``dangbo invite --user X --revoke``), beyond the passkeys and sessions accounts ends.

Each hook takes the user id, runs inside the revocation's transaction and returns how many
things it removed; the audit record carries the counts under each hook's name.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from backend.notifications.services import forget_user_devices

REVOCATION_HOOKS: dict[str, Callable[[int], Awaitable[int]]] = {
    "push_subscriptions": forget_user_devices,  # the stolen phone gets no more notifications
}
