"""The app's long-lived objects, built once from the settings, and the one way to reach them.

``create_app`` (and a CLI command that needs them) makes one :class:`Services` from the
settings; each domain's ``build`` adds its objects in the order of ``backend/domains.py``, so a
later domain can take an earlier one's as constructor arguments. Nothing below reads the
environment or a global: a service gets its settings and collaborators as arguments, so a test
can build one from any settings.

Controllers receive them through Litestar's dependency injection
(:func:`backend.core.inject.inject`): ``dependencies = {"files": inject(FileStore)}`` and a
``files: FileStore`` parameter.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from litestar.stores.base import Store
    from redis.asyncio import Redis

    from backend.settings import Settings

T = TypeVar("T")


class Services:
    def __init__(
        self,
        settings: Settings,
        *,
        redis: Redis | None = None,
        stores: dict[str, Store] | None = None,
    ) -> None:
        self.settings = settings
        self.redis = redis
        self.stores = dict(stores or {})
        self._by_type: dict[type, Any] = {}

    def add(self, service: T, as_type: type[T] | None = None) -> T:
        kind = as_type or type(service)
        if kind in self._by_type:
            raise RuntimeError(f"{kind.__name__} is already provided")
        self._by_type[kind] = service
        return service

    def later(self, kind: type[T]) -> Callable[[], T]:
        """``kind``'s object when first asked for: for a collaborator of a domain built later
        in ``backend/domains.py`` (accounts tell the user through the notification centre)."""
        return lambda: self.get(kind)

    def get(self, kind: type[T]) -> T:
        try:
            return self._by_type[kind]
        except KeyError:
            raise RuntimeError(f"no {kind.__name__} was built (see backend/domains.py)") from None

    def __contains__(self, kind: type) -> bool:
        return kind in self._by_type
