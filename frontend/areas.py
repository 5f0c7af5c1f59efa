"""The areas of the UI. Adding an area is one line here.

Each entry is a package with a ``pages.py`` that defines ``AREA`` (a
:class:`frontend.area.Area`) and, when it calls the API, a ``client.py`` that declares the
routes it calls (:class:`frontend.api.Endpoint`); a test holds those against the API's
OpenAPI document.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Sequence
from types import ModuleType

from frontend.area import Area

PACKAGES: tuple[str, ...] = (
    "frontend.auth",
    "frontend.home",
    "frontend.account",
    "frontend.admin",
    "frontend.van_ban",
    "frontend.so_tay",
    "frontend.dai_hoi",
    "frontend.gop_y",
    "frontend.cong_dan",
    "frontend.thong_bao",
    "frontend.xac_minh",
)


def areas(packages: Sequence[str] | None = None) -> list[Area]:
    found = []
    for package in PACKAGES if packages is None else packages:
        area = importlib.import_module(f"{package}.pages").AREA
        if not isinstance(area, Area):
            raise TypeError(f"{package}.pages.AREA is not an Area")
        found.append(area)
    return found


def client_modules(packages: Sequence[str] | None = None) -> list[ModuleType]:
    """Each area's ``client`` module, where it has one (its pages are not imported)."""
    found = []
    for package in PACKAGES if packages is None else packages:
        if importlib.util.find_spec(f"{package}.client") is not None:
            found.append(importlib.import_module(f"{package}.client"))
    return found
