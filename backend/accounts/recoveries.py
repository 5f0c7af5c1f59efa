"""Account recovery: an administrator's new link for a user who has (or had) a passkey.

No administrator may become another user alone (docs/security.md, "Account recovery"):

- :meth:`RecoveryService.open` — the link is a recovery; the user is told at once, on every
  channel he has (an urgent notification and push to his devices; his other passkeys see it
  at their next login, ``Me.recoveries_to_review``);
- :meth:`enrol` — the passkey enrolled through it is held for
  ``settings.recovery_hold_hours``: its sessions may see only their own recovery;
- :meth:`refuse` — the user, from any session of his, ends it: the passkey and every session it
  opened are revoked;
- :meth:`confirm_begin` / :meth:`confirm_finish` — a second person (another administrator than
  the issuer, or the lãnh đạo of the user's organisation) confirms it with his own passkey, in
  a step-up bound to this recovery and this passkey;
- otherwise the hold ends by itself when the waiting period passes (``recovery_hold.py``).

Every step is in the audit log with the recovery's id.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from backend import db
from backend.accounts.identity import Actor, Client
from backend.accounts.policy import POLICY, not_held
from backend.accounts.recovery_hold import OPEN_STATES, recovery_of_passkey
from backend.accounts.recovery_views import case_of, not_found, recovery, recovery_row
from backend.accounts.sessions import SessionService
from backend.accounts.step_up import StepUpCeremony
from backend.accounts.tables import AccountRecovery, Credential, Invitation, UserSession
from backend.audit import services as audit
from backend.core.clock import now
from backend.core.problems import Problem
from backend.notifications.notifier import Notifier
from backend.settings import Settings
from shared.accounts import AccountAction, Recovery, RecoveryState
from shared.notifications import NotificationKind

CONFIRM_PURPOSE = "recovery.confirm"
ACCOUNT_PAGE = "/tai-khoan"


def _bound(recovery_id: int, credential_id: int) -> bytes:
    """What a confirmation signs for: this recovery and the passkey enrolled through it."""
    return f"recovery:{recovery_id}:credential:{credential_id}".encode()


class RecoveryService:
    def __init__(
        self,
        settings: Settings,
        sessions: SessionService,
        step_up: StepUpCeremony,
        notifier: Callable[[], Notifier],
    ) -> None:
        self.settings = settings
        self.sessions = sessions
        self.step_up = step_up
        # The notification centre is built after accounts (backend/domains.py): asked for
        # when first needed.
        self._notifier = notifier

    async def open(
        self,
        user_id: int,
        invitation_id: int,
        link_expires_at: datetime,
        issuer: Actor | None,
        revoked_existing: bool,
    ) -> int | None:
        """Inside the invitation's transaction: the new link is a recovery if the user has or
        had a passkey (a first enrollment is not). Returns the recovery's id."""
        if not await Credential.exists().where(Credential.user == user_id):
            return None
        at = now()
        superseded = [RecoveryState.WAITING_FOR_ENROLMENT.value]
        if revoked_existing:
            superseded.append(RecoveryState.HELD.value)  # their passkeys were just revoked
        await AccountRecovery.update(
            {AccountRecovery.state: RecoveryState.EXPIRED.value, AccountRecovery.ended_at: at}
        ).where((AccountRecovery.user == user_id) & AccountRecovery.state.is_in(superseded))
        rows = await AccountRecovery.insert(
            AccountRecovery(
                user=user_id,
                invitation=invitation_id,
                issued_by=issuer.id if issuer else None,
                issued_at=at,
                link_expires_at=link_expires_at,
                revoked_existing=revoked_existing,
                state=RecoveryState.WAITING_FOR_ENROLMENT.value,
            )
        )
        recovery_id = rows[0]["id"]
        await audit.record(
            "recovery.opened",
            actor_id=issuer.id if issuer else None,
            target=f"user:{user_id}",
            ip=issuer.ip if issuer else "",
            detail={
                "recovery": recovery_id,
                "invitation": invitation_id,
                "revoked_existing": revoked_existing,
            },
        )
        await self._notifier().notify(
            [user_id],
            kind=NotificationKind.HE_THONG,
            title="Tài khoản của bạn đang được khôi phục",
            body=(
                "Quản trị vừa cấp liên kết đăng ký khóa truy cập mới cho tài khoản của bạn. "
                "Nếu bạn không yêu cầu, hãy mở ứng dụng và từ chối ngay."
            ),
            link=ACCOUNT_PAGE,
            urgent=True,
            topic=f"recovery:{recovery_id}",
        )
        return recovery_id

    async def enrol(
        self, invitation_id: int | None, credential_id: int, user_id: int, client: Client
    ) -> int | None:
        """Inside the registration's transaction: a passkey enrolled through a recovery link
        is held. Returns the recovery's id (None for a first enrollment)."""
        row = (
            await AccountRecovery.select(AccountRecovery.id, AccountRecovery.issued_by)
            .where(
                (AccountRecovery.invitation == invitation_id)
                & (AccountRecovery.state == RecoveryState.WAITING_FOR_ENROLMENT.value)
            )
            .first()
        )
        if row is None:
            return None
        at = now()
        release_at = at + timedelta(hours=self.settings.recovery_hold_hours)
        await AccountRecovery.update(
            {
                AccountRecovery.state: RecoveryState.HELD.value,
                AccountRecovery.credential: credential_id,
                AccountRecovery.enrolled_at: at,
                AccountRecovery.release_at: release_at,
            }
        ).where(AccountRecovery.id == row["id"])
        await audit.record(
            "recovery.enrolled",
            actor_id=user_id,
            target=f"recovery:{row['id']}",
            ip=client.ip,
            detail={
                "recovery": row["id"],
                "credential": credential_id,
                "issued_by": row["issued_by"],
            },
        )
        await self._notifier().notify(
            [user_id],
            kind=NotificationKind.HE_THONG,
            title="Khóa truy cập mới đang chờ xác nhận",
            body=(
                "Một khóa truy cập mới vừa được đăng ký cho tài khoản của bạn qua liên kết khôi "
                "phục. Khóa này chưa làm được gì cho đến khi được xác nhận hoặc hết thời gian "
                "chờ. Nếu không phải bạn, hãy từ chối ngay."
            ),
            link=ACCOUNT_PAGE,
            urgent=True,
            topic=f"recovery:{row['id']}",
        )
        return row["id"]

    async def refuse(self, actor: Actor, recovery_id: int) -> Recovery:
        """The user ends a recovery of his own account (from any of his sessions): its link
        stops working, its passkey and every session it opened are revoked."""
        row = await recovery_row(recovery_id)
        if row["user_id"] != actor.id:
            raise not_found()
        if case_of(row).state not in OPEN_STATES:
            raise Problem(
                409,
                "Khôi phục này đã kết thúc, không còn từ chối được. Nếu có khóa truy cập lạ, "
                "hãy thu hồi nó trong danh sách khóa truy cập.",
                code="recovery_closed",
            )
        at = now()
        async with db.transaction():
            refused = (
                await AccountRecovery.update(
                    {
                        AccountRecovery.state: RecoveryState.REFUSED.value,
                        AccountRecovery.ended_at: at,
                    }
                )
                .where(
                    (AccountRecovery.id == recovery_id)
                    & AccountRecovery.state.is_in([s.value for s in OPEN_STATES])
                )
                .returning(AccountRecovery.id)
            )
            if not refused:
                raise Problem(
                    409, "Khôi phục này vừa thay đổi. Hãy tải lại.", code="recovery_closed"
                )
            sessions = 0
            credential_id = row["credential_id"]
            if credential_id is not None:
                await Credential.update({Credential.revoked_at: at}).where(
                    (Credential.id == credential_id) & Credential.revoked_at.is_null()
                )
                ended = (
                    await UserSession.update({UserSession.revoked_at: at})
                    .where(
                        (UserSession.credential == credential_id) & UserSession.revoked_at.is_null()
                    )
                    .returning(UserSession.id)
                )
                sessions = len(ended)
            if row["invitation_id"] is not None:  # a link not used yet stops working
                await Invitation.update({Invitation.used_at: at}).where(
                    (Invitation.id == row["invitation_id"]) & Invitation.used_at.is_null()
                )
            await audit.record(
                "recovery.refused",
                actor_id=actor.id,
                target=f"recovery:{recovery_id}",
                ip=actor.ip,
                detail={"recovery": recovery_id, "credential": credential_id, "sessions": sessions},
            )
        self.sessions.forget(actor.id)
        return await recovery(recovery_id)

    async def confirm_begin(self, actor: Actor, recovery_id: int) -> tuple[str, dict]:
        """A second person starts confirming: a step-up bound to this recovery's passkey."""
        row = await recovery_row(recovery_id)
        POLICY.require(AccountAction.CONFIRM_RECOVERY, actor, case_of(row))
        return await self.step_up.begin(
            actor, CONFIRM_PURPOSE, _bound(recovery_id, row["credential_id"])
        )

    async def confirm_finish(
        self, actor: Actor, recovery_id: int, ceremony_id: str, credential: dict
    ) -> Recovery:
        """The second person's passkey confirmed: the held passkey acts as the user from now."""
        row = await recovery_row(recovery_id)
        POLICY.require(AccountAction.CONFIRM_RECOVERY, actor, case_of(row))
        used = await self.step_up.finish(
            actor,
            ceremony_id,
            credential,
            CONFIRM_PURPOSE,
            _bound(recovery_id, row["credential_id"]),
        )
        await self._require_independent(used, row)
        at = now()
        async with db.transaction():
            confirmed = (
                await AccountRecovery.update(
                    {
                        AccountRecovery.state: RecoveryState.CONFIRMED.value,
                        AccountRecovery.confirmed_by: actor.id,
                        AccountRecovery.confirmed_at: at,
                        AccountRecovery.ended_at: at,
                    }
                )
                .where(
                    (AccountRecovery.id == recovery_id)
                    & (AccountRecovery.state == RecoveryState.HELD.value)
                    & (AccountRecovery.credential == row["credential_id"])
                    & (AccountRecovery.release_at > at)
                )
                .returning(AccountRecovery.id)
            )
            if not confirmed:
                raise not_held()
            await audit.record(
                "recovery.confirmed",
                actor_id=actor.id,
                target=f"recovery:{recovery_id}",
                ip=actor.ip,
                detail={
                    "recovery": recovery_id,
                    "user": row["user_id"],
                    "credential": row["credential_id"],
                    "confirmed_with": used,
                },
            )
            await self._notifier().notify(
                [row["user_id"]],
                kind=NotificationKind.HE_THONG,
                title="Khôi phục tài khoản đã được xác nhận",
                body="Khóa truy cập mới của bạn đã được xác nhận và dùng được từ bây giờ.",
                link=ACCOUNT_PAGE,
                topic=f"recovery:{recovery_id}",
            )
        self.sessions.forget(row["user_id"])
        return await recovery(recovery_id)

    async def _require_independent(self, credential_id: int, row: dict) -> None:
        """The confirming passkey must not be one the same issuer could have enrolled: a
        passkey from another recovery by him counts only once someone else confirmed it."""
        own_recovery = await recovery_of_passkey(credential_id)
        if own_recovery is None:
            return
        origin = await recovery_row(own_recovery)
        vouched = origin["state"] == RecoveryState.CONFIRMED.value
        if origin["issued_by"] == row["issued_by"] and not vouched:
            raise Problem(
                403,
                "Khóa truy cập dùng để xác nhận cũng được đăng ký qua liên kết do chính người "
                "này cấp. Hãy để một quản trị viên khác hoặc lãnh đạo tổ chức xác nhận.",
                code="confirmer_not_independent",
            )
