"""An :class:`Actor` for a username, without a session: for the demo seed and scripts that act
as a known user (the audit log then records them with no address)."""

from __future__ import annotations

from backend.accounts.identity import Actor, roles_of
from backend.accounts.tables import User
from backend.core.convert import to_struct


async def actor_for(username: str) -> Actor | None:
    row = (
        await User.select(
            User.id,
            User.username,
            User.full_name,
            User.roles,
            User.organisation.id.as_alias("organisation_id"),
            User.organisation.code.as_alias("organisation_code"),
            User.organisation.name.as_alias("organisation_name"),
        )
        .where(User.username == username)
        .first()
    )
    if row is None:
        return None
    return to_struct(row, Actor, roles=roles_of(row["roles"]), session_id=0)
