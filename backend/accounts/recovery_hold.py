"""The hold on a passkey enrolled through an account recovery: what state a recovery is in
now, the refusal a held session gets, and the end of the hold when the waiting period passes.

A recovery's stored state changes when someone acts (enrolment, refusal, confirmation). Two
changes happen by time alone: a link that expires unused (``EXPIRED``) and a hold whose waiting
period passed without a refusal (``RELEASED``). Readers compute them from the stored times
(:func:`current_state`); the release is also written down, with its audit record, the first
time a session of that passkey is looked up (:func:`release_if_due`).
"""

from __future__ import annotations

from datetime import datetime

from backend import db
from backend.accounts.tables import AccountRecovery
from backend.audit import services as audit
from backend.core.clock import now
from backend.core.problems import Problem
from shared.accounts import RecoveryState

OPEN_STATES = (RecoveryState.WAITING_FOR_ENROLMENT, RecoveryState.HELD)

HELD_DETAIL = (
    "Khóa truy cập này được đăng ký qua liên kết khôi phục tài khoản do quản trị cấp và đang "
    "chờ xác nhận: một quản trị viên khác hoặc lãnh đạo của tổ chức cần xác nhận, hoặc chờ hết "
    "thời gian chờ mà chủ tài khoản không từ chối. Trong thời gian này khóa chỉ xem được trang "
    "khôi phục tài khoản, không xem văn bản, không ký, không thao tác thay chủ tài khoản."
)


def held_problem(recovery_id: int | None) -> Problem:
    return Problem(403, HELD_DETAIL, code="recovery_held", extra={"recovery_id": recovery_id})


def current_state(
    stored: str,
    *,
    release_at: datetime | None,
    link_expires_at: datetime | None,
    at: datetime,
) -> RecoveryState:
    """The state now, with the changes that happen by time alone."""
    state = RecoveryState(stored)
    if state is RecoveryState.HELD and release_at is not None and release_at <= at:
        return RecoveryState.RELEASED
    if (
        state is RecoveryState.WAITING_FOR_ENROLMENT
        and link_expires_at is not None
        and link_expires_at <= at
    ):
        return RecoveryState.EXPIRED
    return state


async def release_if_due(recovery_id: int) -> bool:
    """Write down that the waiting period of a held recovery has passed (once; audited)."""
    at = now()
    async with db.transaction():
        released = (
            await AccountRecovery.update(
                {AccountRecovery.state: RecoveryState.RELEASED.value, AccountRecovery.ended_at: at}
            )
            .where(
                (AccountRecovery.id == recovery_id)
                & (AccountRecovery.state == RecoveryState.HELD.value)
                & (AccountRecovery.release_at <= at)
            )
            .returning(AccountRecovery.user, AccountRecovery.credential)
        )
        if not released:
            return False
        await audit.record(
            "recovery.released",
            target=f"recovery:{recovery_id}",
            detail={
                "recovery": recovery_id,
                "user": released[0]["user"],
                "credential": released[0]["credential"],
            },
        )
    return True


async def recovery_of_passkey(credential_id: int) -> int | None:
    """The recovery a passkey was enrolled through, if any."""
    row = (
        await AccountRecovery.select(AccountRecovery.id)
        .where(AccountRecovery.credential == credential_id)
        .first()
    )
    return row["id"] if row else None
