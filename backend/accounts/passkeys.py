"""The signed-in user's own passkeys: listing, renaming and revoking them.

Another user's passkey is "not found": every query is scoped to the actor.
"""

from __future__ import annotations

from piccolo.columns.combination import And

from backend import db
from backend.accounts.identity import Actor
from backend.accounts.tables import Credential
from backend.audit import services as audit
from backend.core.clock import now
from backend.core.convert import to_structs
from backend.core.problems import Problem
from shared.accounts import Passkey


def _owned_live(actor: Actor, passkey_id: int) -> And:
    return (
        (Credential.id == passkey_id)
        & (Credential.user == actor.id)
        & Credential.revoked_at.is_null()
    )


def _not_found() -> Problem:
    return Problem(404, "Không tìm thấy khóa truy cập.", code="unknown_passkey")


class PasskeyService:
    async def of(self, actor: Actor) -> list[Passkey]:
        rows = (
            await Credential.select(
                Credential.id,
                Credential.name,
                Credential.created_at,
                Credential.last_used_at,
                Credential.backed_up,
            )
            .where((Credential.user == actor.id) & Credential.revoked_at.is_null())
            .order_by(Credential.id)
        )
        return to_structs(rows, Passkey)

    async def rename(self, actor: Actor, passkey_id: int, name: str) -> None:
        async with db.transaction():
            changed = (
                await Credential.update({Credential.name: name.strip()[:80]})
                .where(_owned_live(actor, passkey_id))
                .returning(Credential.id)
            )
            if not changed:
                raise _not_found()
            await audit.record(
                "passkey.renamed", actor_id=actor.id, ip=actor.ip, target=f"credential:{passkey_id}"
            )

    async def revoke(self, actor: Actor, passkey_id: int) -> None:
        async with db.transaction():
            revoked = (
                await Credential.update({Credential.revoked_at: now()})
                .where(_owned_live(actor, passkey_id))
                .returning(Credential.id)
            )
            if not revoked:
                raise _not_found()
            await audit.record(
                "passkey.revoked", actor_id=actor.id, ip=actor.ip, target=f"credential:{passkey_id}"
            )
