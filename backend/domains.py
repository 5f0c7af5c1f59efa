"""The domains of the app, in dependency order. Adding a domain is one line here.

Each entry is a package with a ``plugin.py`` that defines ``DOMAIN`` (a
:class:`backend.core.domain.Domain`) and, when it has commands, a ``cli.py`` with
``register(sub)``. The app factory, the database, the demo seed and the revocation of a user's
devices read the plugins; the command line reads only the ``cli.py`` modules, so that
``dangbo --help`` does not import the whole app.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Sequence
from functools import cache
from types import ModuleType
from typing import TYPE_CHECKING

from backend.core.domain import Domain, DomainHooks
from backend.core.services import Services

if TYPE_CHECKING:
    from litestar.stores.base import Store
    from piccolo.table import Table
    from redis.asyncio import Redis

    from backend.settings import Settings

PACKAGES: tuple[str, ...] = (
    "backend.orgs",
    "backend.accounts",
    "backend.audit",
    "backend.vault",
    "backend.files",
    "backend.notifications",
    "backend.events",
    "backend.signing",
    "backend.documents",
    "backend.imports",
    "backend.members",
    "backend.meetings",
    "backend.library",
    "backend.study",
    "backend.questions",
    "backend.congress",
    "backend.polls",
    "backend.ballots",  # after backend.polls (a key belongs to a poll)
    "backend.citizens",
    "backend.consultations",  # after backend.citizens (its CitizenKeys)
    "backend.health",  # it checks the parts the others provide
    "backend.backup",
)


@cache
def _plugin(package: str) -> Domain:
    domain = importlib.import_module(f"{package}.plugin").DOMAIN
    if not isinstance(domain, Domain):
        raise TypeError(f"{package}.plugin.DOMAIN is not a Domain")
    return domain


def plugins(packages: Sequence[str] | None = None) -> list[Domain]:
    return [_plugin(p) for p in (PACKAGES if packages is None else packages)]


def command_modules(packages: Sequence[str] | None = None) -> list[ModuleType]:
    """Each domain's ``cli`` module, where it has one (nothing else is imported)."""
    found = []
    for package in PACKAGES if packages is None else packages:
        if importlib.util.find_spec(f"{package}.cli") is not None:
            found.append(importlib.import_module(f"{package}.cli"))
    return found


def all_tables(packages: Sequence[str] | None = None) -> list[type[Table]]:
    return [table for domain in plugins(packages) for table in domain.tables]


def build_services(
    settings: Settings,
    *,
    redis: Redis | None = None,
    stores: dict[str, Store] | None = None,
    packages: Sequence[str] | None = None,
) -> Services:
    """Every domain's long-lived objects, built from ``settings`` in the order above."""
    services = Services(settings, redis=redis, stores=stores)
    domains = plugins(packages)
    services.add(DomainHooks(domains))
    for domain in domains:
        if domain.build is not None:
            domain.build(services)
    return services
