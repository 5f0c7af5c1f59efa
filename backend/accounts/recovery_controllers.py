"""HTTP: account recoveries — the user's own (``/api/me/recoveries``: list, refuse) and the
held ones a second person confirms with his passkey (``/api/recoveries``)."""

from __future__ import annotations

from litestar import Controller, get, post
from litestar.di import Provide

from backend.accounts.deps import provide_actor, provide_actor_in_recovery
from backend.accounts.identity import Actor
from backend.accounts.recoveries import RecoveryService
from backend.accounts.recovery_views import own_recoveries, to_confirm
from backend.core.ids import RowId
from backend.core.inject import inject
from shared.accounts import CeremonyFinish, CeremonyOptions, Recovery


class OwnRecoveryController(Controller):
    """Open to a session whose passkey a recovery holds: it is the one page it may see."""

    path = "/api/me/recoveries"
    tags = ["Tài khoản"]
    dependencies = {
        "actor": Provide(provide_actor_in_recovery),
        "recoveries": inject(RecoveryService),
    }

    @get("/")
    async def own(self, actor: Actor) -> list[Recovery]:
        """The recoveries of the signed-in user's account, newest first."""
        return await own_recoveries(actor)

    @post("/{recovery_id:int}/refuse", status_code=200)
    async def refuse(
        self, recovery_id: RowId, actor: Actor, recoveries: RecoveryService
    ) -> Recovery:
        """Refuse a recovery of one's own account: its link stops working, the passkey
        enrolled through it and every session that passkey opened are revoked."""
        return await recoveries.refuse(actor, recovery_id)


class RecoveryController(Controller):
    """The second person: another administrator than the issuer, or the lãnh đạo of the
    user's organisation (``AccountAction.CONFIRM_RECOVERY``)."""

    path = "/api/recoveries"
    tags = ["Quản trị"]
    dependencies = {"actor": Provide(provide_actor), "recoveries": inject(RecoveryService)}

    @get("/")
    async def held(self, actor: Actor) -> list[Recovery]:
        """The held recoveries this user may confirm."""
        return await to_confirm(actor)

    @post("/{recovery_id:int}/confirm/begin", status_code=200)
    async def confirm_begin(
        self, recovery_id: RowId, actor: Actor, recoveries: RecoveryService
    ) -> CeremonyOptions:
        """A passkey step-up bound to this recovery and the passkey it holds."""
        ceremony, options = await recoveries.confirm_begin(actor, recovery_id)
        return CeremonyOptions(ceremony=ceremony, options=options)

    @post("/{recovery_id:int}/confirm/finish", status_code=200)
    async def confirm_finish(
        self,
        recovery_id: RowId,
        data: CeremonyFinish,
        actor: Actor,
        recoveries: RecoveryService,
    ) -> Recovery:
        return await recoveries.confirm_finish(actor, recovery_id, data.ceremony, data.credential)
