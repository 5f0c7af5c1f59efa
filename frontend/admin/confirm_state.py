"""/quan-tri/xac-nhan-khoi-phuc: the held account recoveries this user may confirm as the
second person (``GET /api/recoveries``: another administrator than the one who issued the
link, or the lãnh đạo of the user's organisation). The confirmation itself is a passkey
step-up in the page (``confirm_script.CONFIRM_SCRIPT``) bound by the API to the recovery and
the passkey it holds; its result comes back to :meth:`ConfirmState.confirmed`."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from frontend.account import client as account
from frontend.admin import client
from frontend.api import ApiError, api_client
from frontend.session import SessionState
from shared.accounts import AccountAction, Recovery
from shared.clock import dmy_hm


@dataclass
class HeldRow:
    id: int
    full_name: str
    username: str
    organisation: str
    issued_by: str
    issued_at: str
    revoked_existing: bool
    passkey_name: str
    enrolled_at: str
    release_at: str


def held_row(recovery: Recovery) -> HeldRow:
    return HeldRow(
        id=recovery.id,
        full_name=recovery.full_name,
        username=recovery.username,
        organisation=recovery.organisation_name,
        issued_by=recovery.issued_by_name,
        issued_at=dmy_hm(recovery.issued_at),
        revoked_existing=recovery.revoked_existing,
        passkey_name=recovery.passkey_name or "",
        enrolled_at=dmy_hm(recovery.enrolled_at),
        release_at=dmy_hm(recovery.release_at),
    )


class ConfirmState(rx.State):
    rows: list[HeldRow] = []
    loading: bool = True
    error: str = ""
    notice: str = ""
    # The recovery the dialog is about (its id is read by the page's script).
    selected_id: int = 0
    selected_name: str = ""
    dialog_open: bool = False
    dialog_busy: bool = False
    dialog_error: str = ""

    @rx.event
    async def load(self):
        """Runs after ``SessionState.require_login``."""
        self.notice = ""
        self.dialog_open = False
        self.dialog_busy = False
        session = await self.get_state(SessionState)
        if not session.signed_in:
            return
        if not session.may(account.DOMAIN, AccountAction.CONFIRM_RECOVERY):
            self.loading = False
            self.rows = []
            self.error = (
                "Chỉ quản trị viên hoặc lãnh đạo của tổ chức được xác nhận khôi phục tài khoản."
            )
            return
        await self._refresh()

    @rx.event
    async def load_quietly(self):
        """On /quan-tri: how many wait, for the link to this page (nothing said otherwise)."""
        session = await self.get_state(SessionState)
        self.rows = []
        if session.may(account.DOMAIN, AccountAction.CONFIRM_RECOVERY):
            await self._refresh()

    async def _refresh(self) -> None:
        self.loading = True
        try:
            async with api_client(self) as api:
                held = await client.recoveries_to_confirm(api)
        except ApiError as err:
            self.error = err.detail
            self.loading = False
            return
        self.error = ""
        self.rows = [held_row(r) for r in held]
        self.loading = False

    @rx.event
    def ask(self, recovery_id: int, full_name: str):
        self.selected_id = recovery_id
        self.selected_name = full_name
        self.dialog_error = ""
        self.dialog_open = True

    @rx.event
    def close(self, _open: bool = False):
        self.dialog_open = False

    @rx.event
    def start(self):
        self.dialog_busy = True
        self.dialog_error = ""

    @rx.event
    async def confirmed(self, problem: str | None):
        """What the page's script answered: nothing on success, else the reason to show."""
        self.dialog_busy = False
        if problem:
            self.dialog_error = str(problem)
            return
        self.dialog_open = False
        self.notice = (
            f"Đã xác nhận khôi phục tài khoản của {self.selected_name}: khóa truy cập mới "
            "dùng được từ bây giờ."
        )
        await self._refresh()
