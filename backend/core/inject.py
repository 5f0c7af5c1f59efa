"""The one way a controller receives the app's long-lived objects (see ``core/services.py``)."""

from __future__ import annotations

from typing import Any, TypeVar

from litestar.datastructures import State
from litestar.di import Provide

from backend.core.services import Services

T = TypeVar("T")


def services_of(state: State) -> Services:
    return state.services


def inject(kind: type[T]) -> Provide:
    """A Litestar dependency that hands a handler the app's ``kind`` object."""

    def provider(state: State) -> Any:
        return state.services.get(kind)

    provider.__annotations__ = {"state": State, "return": kind}
    return Provide(provider, sync_to_thread=False)
