"""Account recoveries as their owner sees them (docs/security.md, "Account recovery").

- ``ReviewState``: on ``/tai-khoan``, the recoveries of his account still waiting or held
  (``Me.recoveries_to_review``), which he may refuse from this device;
- ``HeldState``: ``/khoi-phuc-tai-khoan``, the one page of a session whose passkey a recovery
  still holds (``Me.recovery``): what waits for whom, and until when.
"""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from frontend import routes
from frontend.account import client as account
from frontend.api import ApiError, api_client
from frontend.session import SessionState
from shared.accounts import RECOVERY_STATE_LABELS, Recovery, RecoveryState
from shared.clock import dmy_hm


@dataclass
class RecoveryRow:
    id: int
    state_label: str
    held: bool  # a passkey was enrolled through the link and waits
    issued_by: str
    issued_at: str
    revoked_existing: bool
    passkey_name: str
    enrolled_at: str
    release_at: str


def recovery_row(recovery: Recovery) -> RecoveryRow:
    return RecoveryRow(
        id=recovery.id,
        state_label=RECOVERY_STATE_LABELS[recovery.state],
        held=recovery.state is RecoveryState.HELD,
        issued_by=recovery.issued_by_name,
        issued_at=dmy_hm(recovery.issued_at),
        revoked_existing=recovery.revoked_existing,
        passkey_name=recovery.passkey_name or "",
        enrolled_at=dmy_hm(recovery.enrolled_at),
        release_at=dmy_hm(recovery.release_at),
    )


REFUSED = (
    "Đã từ chối khôi phục tài khoản: liên kết không dùng được nữa, khóa truy cập đăng ký qua nó "
    "đã bị thu hồi và mọi phiên đăng nhập của khóa đó đã kết thúc. Hãy báo cho quản trị biết."
)


class ReviewState(rx.State):
    rows: list[RecoveryRow] = []
    error: str = ""
    notice: str = ""
    selected_id: int = 0
    refuse_open: bool = False

    @rx.event
    async def load(self):
        """Runs after ``SessionState.require_login``, which fetched ``Me``."""
        session = await self.get_state(SessionState)
        self.notice = ""
        self.error = ""
        self.refuse_open = False
        me = session._me
        self.rows = [recovery_row(r) for r in me.recoveries_to_review] if me else []

    @rx.event
    def ask_refuse(self, recovery_id: int):
        self.selected_id = recovery_id
        self.error = ""
        self.refuse_open = True

    @rx.event
    def close(self, _open: bool = False):
        self.refuse_open = False

    @rx.event
    async def refuse(self):
        try:
            async with api_client(self) as api:
                await account.refuse_recovery(api, self.selected_id)
                me = await account.me(api)
        except ApiError as error:
            self.error = error.detail
            self.refuse_open = False
            return
        self.refuse_open = False
        self.rows = [recovery_row(r) for r in me.recoveries_to_review]
        session = await self.get_state(SessionState)
        session.recoveries_to_review = len(me.recoveries_to_review)
        self.notice = REFUSED


class HeldState(rx.State):
    full_name: str = ""
    username: str = ""
    organisation_name: str = ""
    issued_by: str = ""
    issued_at: str = ""
    passkey_name: str = ""
    release_at: str = ""
    error: str = ""
    checking: bool = False

    @rx.event
    async def load(self):
        """Runs after ``SessionState.require_login``: a session that is not held has nothing
        to wait for here."""
        session = await self.get_state(SessionState)
        me = session._me
        if me is None:
            return None
        if me.recovery is None:
            return rx.redirect(routes.HOME, replace=True)
        self.full_name = me.full_name
        self.username = me.username
        self.organisation_name = me.organisation_name
        self._show(me.recovery)
        return None

    def _show(self, recovery: Recovery) -> None:
        row = recovery_row(recovery)
        self.issued_by = row.issued_by
        self.issued_at = row.issued_at
        self.passkey_name = row.passkey_name
        self.release_at = row.release_at

    @rx.event
    async def check_again(self):
        """Asks the API again: once confirmed (or the waiting period is over) the app opens;
        once refused, the session has ended and the login page opens."""
        self.checking = True
        self.error = ""
        try:
            async with api_client(self) as api:
                me = await account.me(api)
        except ApiError as error:
            self.checking = False
            if error.unauthenticated:
                return rx.redirect(routes.LOGIN, replace=True)
            self.error = error.detail
            return None
        self.checking = False
        if me.recovery is None:
            return rx.redirect(routes.HOME, replace=True)
        self._show(me.recovery)
        self.error = "Khóa truy cập vẫn đang chờ xác nhận."
        return None
