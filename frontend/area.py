"""What an area of the UI brings: its pages. Each ``frontend/<area>/pages.py`` defines
``AREA = Area(...)``; ``frontend/areas.py`` lists the areas and ``frontend/frontend.py`` adds
every page of every area to the app."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import reflex as rx


@dataclass(frozen=True, kw_only=True)
class Page:
    # The address (``frontend/routes.py``), with ``[name]`` for a parameter.
    route: str
    component: Callable[[], rx.Component]
    # Shown in the browser tab, before the app's name.
    title: str
    # Event handlers run when the page loads. A signed-in page runs
    # ``SessionState.require_login`` before them, so they can read the signed-in user.
    on_load: Sequence[Any] = ()
    # A page for visitors who are not signed in (login, enrollment).
    public: bool = False


@dataclass(frozen=True, kw_only=True)
class Area:
    name: str
    pages: Sequence[Page]
