"""Background services of later domains, run for as long as the API runs (its lifespan).

Each entry takes the Litestar app and returns an async context manager; the app enters them on
startup and leaves them, in reverse order, on shutdown (before the database is closed).
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractAsyncContextManager

from litestar import Litestar

from backend.notifications.runtime import push_delivery

LIFESPAN_HOOKS: list[Callable[[Litestar], AbstractAsyncContextManager[None]]] = [push_delivery]
