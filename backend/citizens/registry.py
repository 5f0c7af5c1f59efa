"""Creating or finding the citizen of a verified VNeID identity, one person one account.

The account row (``app_user``) holds nothing personal: a random user name ``cd-…`` and the
label "Công dân". The ``citizen`` row holds the keyed hash of the number, the name sealed under
the citizen's own key, and coarse facts (``docs/citizens.md``). Everything is written in one
transaction: a refused or failed sign-in leaves no user and no citizen behind.
"""

from __future__ import annotations

import json
import secrets

from backend import db
from backend.accounts.tables import User
from backend.audit import services as audit
from backend.citizens.identity import VneidIdentity, age_band
from backend.citizens.keys import CitizenKeys
from backend.citizens.tables import Citizen
from backend.core.clock import now, today
from backend.core.problems import Problem
from backend.orgs.tables import Organisation
from shared.accounts import Role

CITIZEN_LABEL = "Công dân"


class CitizenRegistry:
    def __init__(self, keys: CitizenKeys) -> None:
        self.keys = keys

    async def _root_organisation(self) -> int:
        org = (
            await Organisation.select(Organisation.id)
            .where(Organisation.parent.is_null())
            .order_by(Organisation.id)
            .first()
        )
        if org is None:
            raise Problem(503, "Chưa có tổ chức gốc để gắn tài khoản công dân.", code="no_root")
        return org["id"]

    async def closed(self, identity: VneidIdentity) -> bool:
        """Whether this person's account exists and was closed (by an administrator)."""
        found = (
            await Citizen.select(Citizen.user.is_active)
            .where(Citizen.pid_hash == self.keys.pid_hash(identity.pid))
            .first()
        )
        return found is not None and not found["user.is_active"]

    async def enroll(self, identity: VneidIdentity) -> tuple[int, bool]:
        """The user id of this person's citizen account (created on his first sign-in), and
        whether it was created now. Inside the caller's transaction when there is one."""
        pid_hash = self.keys.pid_hash(identity.pid)
        band = age_band(identity.birth_date, today())
        found = await Citizen.select(Citizen.user).where(Citizen.pid_hash == pid_hash).first()
        if found is not None:
            # The facts may have changed since (a move, a birthday, a higher level).
            await Citizen.update(
                {
                    Citizen.age_band: band.value,
                    Citizen.province: identity.province[:120],
                    Citizen.commune: identity.commune[:120],
                    Citizen.account_level: identity.account_level,
                }
            ).where(Citizen.pid_hash == pid_hash)
            return found["user"], False
        organisation = await self._root_organisation()
        user = User(
            username=f"cd-{secrets.token_hex(6)}",
            full_name=CITIZEN_LABEL,
            organisation=organisation,
            roles=json.dumps([Role.CONG_DAN.value]),
            is_active=True,
            created_at=now(),
        )
        await user.save()
        key = self.keys.new_person_key()
        await Citizen.insert(
            Citizen(
                user=user.id,
                pid_hash=pid_hash,
                person_key_sealed=self.keys.seal_person_key(key, user.id),
                name_sealed=self.keys.seal_name(key, user.id, identity.full_name),
                age_band=band.value,
                province=identity.province[:120],
                commune=identity.commune[:120],
                account_level=identity.account_level,
                created_at=now(),
            )
        )
        # No name, no number: the user id is the only reference (docs/security.md).
        await audit.record(
            "citizen.enrolled",
            actor_id=user.id,
            target=f"user:{user.id}",
            detail={"account_level": identity.account_level},
        )
        return user.id, True

    async def enroll_now(self, identity: VneidIdentity) -> tuple[int, bool]:
        """:meth:`enroll` in a transaction of its own (the demo seed; the sign-in opens its
        session in the same one)."""
        async with db.transaction():
            return await self.enroll(identity)
