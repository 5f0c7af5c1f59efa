"""How a domain plugs into the app: one registration object per ``backend/<domain>/``.

Each domain's ``plugin.py`` defines ``DOMAIN = Domain(...)``, naming what it brings; the app
factory, the database binding, the demo seed and the revocation of a user's devices read them
from the one list in ``backend/domains.py``. The command line reads each domain's ``cli.py``
(``register(sub)``) from the same list without importing the rest, so ``dangbo --help`` stays
fast.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import msgspec

if TYPE_CHECKING:
    from litestar import Litestar
    from litestar.types import ControllerRouterHandler
    from piccolo.table import Table

    from backend.accounts.identity import Actor
    from backend.core.services import Services

# A blob of the file store: the name under which the actor may download it, or None.
FileAccess = Callable[["Actor", str], Awaitable[str | None]]
# What notifications are about: for the links (paths in the app) of an actor's notifications,
# a short description of each record he may still read (link → text); others are left out.
NotificationSubjects = Callable[["Actor", Sequence[str]], Awaitable[Mapping[str, str]]]
# Who may read a live event stream: the actor and the number after the stream's prefix
# (``"congress"`` → ``congress:{id}``).
StreamAccess = Callable[["Actor", int], Awaitable[bool]]
# A citizen's erasure (``backend/citizens``), before his person key is destroyed: the user id
# and ``token_of(scope)``, his pseudonymous token in a scope (``"consultation:12"``), so that a
# domain finds his records by token one last time. Returns how many records it changed.
CitizenForgetter = Callable[[int, Callable[[str], str]], Awaitable[int]]
# What the domain holds about a citizen, for his data-subject request (JSON-ready).
CitizenData = Callable[["Actor"], Awaitable[Mapping[str, Any]]]


@dataclass(frozen=True, kw_only=True)
class Domain:
    name: str
    # Piccolo tables, in dependency order (bound to the engine at start).
    tables: Sequence[type[Table]] = ()
    # Litestar controllers and route handlers.
    controllers: Sequence[ControllerRouterHandler] = ()
    # Handlers behind the auth rate limit (the passkey ceremonies).
    rate_limited: Sequence[ControllerRouterHandler] = ()
    # Adds the domain's long-lived objects to the app's Services.
    build: Callable[[Services], None] | None = None
    # Background work for as long as the API runs (entered on start, left on stop).
    lifespan: Callable[[Litestar], AbstractAsyncContextManager[None]] | None = None
    # Demo data for ``dangbo seed-demo``: returns counts of what it added.
    seed: Callable[[Services], Awaitable[dict[str, int]]] | None = None
    # What the domain forgets about a user's devices when they are cut off (inside the
    # revocation's transaction), by what it is: each returns how many it removed.
    forget_devices: Mapping[str, Callable[[int], Awaitable[int]]] = field(default_factory=dict)
    # Who may download which blobs of the one file store.
    file_access: FileAccess | None = None
    # The actions of this domain on no particular record that ``actor`` may take (for /api/me).
    global_actions: Callable[[Actor], Iterable[Any]] | None = None
    # Indexes every searchable record of the domain again, its kind emptied first (``dangbo
    # search-reindex``, in one transaction): returns how many it indexed.
    search_index: Callable[[], Awaitable[int]] | None = None
    # What the in-app notifications linking to this domain's records are about.
    notification_subjects: NotificationSubjects | None = None
    # The live event streams of this domain, by prefix (``"congress"`` → ``congress:{id}``):
    # who may read each (``GET /api/events/{stream}``).
    event_streams: Mapping[str, StreamAccess] = field(default_factory=dict)
    # What the domain forgets when a citizen erases his data (inside the erasure's transaction,
    # before his key is destroyed).
    forget_citizen: CitizenForgetter | None = None
    # What the domain holds about the signed-in citizen (his comments, his votes), for the
    # download of his data (``GET /api/citizens/me/data``, under the domain's name).
    citizen_data: CitizenData | None = None


# Actors whose global actions are kept (one per session in use; all forgotten past this many).
GLOBAL_ACTIONS_KEPT = 4096


class DomainHooks:
    """What every domain contributes to a cross-domain question, gathered once from the list
    of plugins: who may download a blob, which global actions an actor has, what to forget
    when a user's devices are cut off, what a notification is about."""

    def __init__(self, domains: Sequence[Domain]) -> None:
        self.file_access = [d.file_access for d in domains if d.file_access is not None]
        self.global_action_rules = [
            (d.name, d.global_actions) for d in domains if d.global_actions is not None
        ]
        self.forget_device_hooks = [
            (what, hook) for d in domains for what, hook in d.forget_devices.items()
        ]
        self.subject_hooks = [
            d.notification_subjects for d in domains if d.notification_subjects is not None
        ]
        self.stream_access: dict[str, StreamAccess] = {}
        for d in domains:
            for prefix, access in d.event_streams.items():
                if prefix in self.stream_access:
                    raise RuntimeError(f"two domains read the event stream prefix {prefix!r}")
                self.stream_access[prefix] = access
        self.citizen_forgetters = [
            (d.name, d.forget_citizen) for d in domains if d.forget_citizen is not None
        ]
        self.citizen_data_hooks = [
            (d.name, d.citizen_data) for d in domains if d.citizen_data is not None
        ]
        self._global_actions: dict[bytes, dict[str, list[str]]] = {}
        # The last answer per Actor object: the session memo hands the same object to every
        # request of a session for a moment, so most asks are answered without a key.
        self._last_actions: dict[int, tuple[Actor, dict[str, list[str]]]] = {}

    async def downloadable_as(self, actor: Actor, sha256: str) -> str | None:
        for check in self.file_access:
            name = await check(actor, sha256)
            if name:
                return name
        return None

    async def may_read_stream(self, actor: Actor, stream: str) -> bool | None:
        """Whether ``actor`` may read ``stream`` (``"prefix:number"``); None when no domain
        has streams of that prefix (or the name is not of that shape)."""
        prefix, _, number = stream.partition(":")
        access = self.stream_access.get(prefix)
        canonical = number.isascii() and number.isdigit() and len(number) <= 10
        if access is None or not canonical or str(int(number)) != number:
            return None
        if int(number) > 2**31 - 1:  # no row has such an id (32-bit integer columns)
            return None
        return await access(actor, int(number))

    def global_actions(self, actor: Actor) -> dict[str, list[str]]:
        """Every domain's actions on no particular record that ``actor`` may take.

        Asked by ``/api/me``, which every screen calls: going through every rule of every
        domain took a third of that request's time. The rules are plain functions of the
        actor, so the answer is kept per actor (every field but the client he calls from)."""
        last = self._last_actions.get(id(actor))
        if last is not None and last[0] is actor:  # it holds the actor: its id is not reused
            return {name: list(actions) for name, actions in last[1].items()}
        key = msgspec.json.encode(msgspec.structs.replace(actor, client=None))
        found = self._global_actions.get(key)
        if found is None:
            found = {}
            for name, rule in self.global_action_rules:
                actions = [getattr(a, "value", a) for a in rule(actor)]
                if actions:
                    found[name] = actions
            if len(self._global_actions) >= GLOBAL_ACTIONS_KEPT:
                self._global_actions.clear()
            self._global_actions[key] = found
        if len(self._last_actions) >= GLOBAL_ACTIONS_KEPT:
            self._last_actions.clear()
        self._last_actions[id(actor)] = (actor, found)
        return {name: list(actions) for name, actions in found.items()}

    async def notification_subjects(self, actor: Actor, links: Sequence[str]) -> dict[str, str]:
        """link → what it is about, for the links ``actor`` may still follow."""
        found: dict[str, str] = {}
        for hook in self.subject_hooks:
            found.update(await hook(actor, links))
        return found

    async def forget_citizen(self, user_id: int, token_of: Callable[[str], str]) -> dict[str, int]:
        """Every domain's part of a citizen's erasure (see ``CitizenForgetter``)."""
        return {name: await hook(user_id, token_of) for name, hook in self.citizen_forgetters}

    async def citizen_data(self, actor: Actor) -> dict[str, Any]:
        """Each domain's part of a citizen's data, under the domain's name."""
        return {name: dict(await hook(actor)) for name, hook in self.citizen_data_hooks}

    async def forget_devices(self, user_id: int) -> dict[str, int]:
        """Run inside the caller's transaction; the counts go into its audit record."""
        return {name: await hook(user_id) for name, hook in self.forget_device_hooks}
