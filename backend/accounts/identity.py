"""Who is acting: the one type every domain receives for the signed-in user.

``Actor`` is the user behind a session (identity, organisation, roles, the passkey that opened
it and the account recovery that passkey came from) together with where the request came from
(``client``: address and user agent, for the audit log and the session list).
Controllers get it from :func:`backend.accounts.deps.provide_actor`; services take it as their
first argument. ``Client`` alone stands for a caller who is not signed in yet (the passkey
ceremonies).
"""

from __future__ import annotations

import json
from typing import Any

import msgspec

from shared.accounts import Me, Role

SESSION_COOKIE = "dangbo_session"


class Client(msgspec.Struct, frozen=True):
    ip: str = ""
    user_agent: str = ""


NO_CLIENT = Client()


class Actor(msgspec.Struct, frozen=True):
    id: int
    username: str
    full_name: str
    organisation_id: int
    organisation_code: str
    organisation_name: str
    roles: list[Role]
    session_id: int
    client: Client = NO_CLIENT
    # The passkey that opened the session, and the account recovery it was enrolled through
    # (any state): the audit log names that recovery on every act of the session.
    credential_id: int | None = None
    recovery_id: int | None = None
    # That recovery is still held: the session may see its own account's recovery, no more.
    recovery_held: bool = False
    # Some recovery of this account is still open (a link out, or a passkey held): /api/me
    # lists them so the user can refuse one from any device he holds.
    recoveries_open: bool = False

    def has(self, *roles: Role) -> bool:
        return any(role in self.roles for role in roles)

    @property
    def ip(self) -> str:
        return self.client.ip

    def coming_from(self, client: Client) -> Actor:
        return msgspec.structs.replace(self, client=client)

    def to_me(self, actions: dict[str, list[str]], offline_days: int) -> Me:
        return Me(
            id=self.id,
            username=self.username,
            full_name=self.full_name,
            organisation_code=self.organisation_code,
            organisation_name=self.organisation_name,
            roles=list(self.roles),
            actions=actions,
            offline_days=offline_days,
        )


def roles_of(raw: Any) -> list[Role]:
    """The ``roles`` column (JSON text on SQLite, a list on PostgreSQL), unknown values dropped."""
    values = json.loads(raw) if isinstance(raw, str) else (raw or [])
    return [Role(v) for v in values if v in Role._value2member_map_]
