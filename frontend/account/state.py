"""/tai-khoan: the signed-in user's passkeys and sessions."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from frontend.account import client as account
from frontend.api import ApiError, api_client
from frontend.session import SessionState
from shared.clock import dmy_hm


@dataclass
class PasskeyRow:
    id: int
    name: str
    created_at: str
    last_used_at: str
    backed_up: bool


@dataclass
class SessionRow:
    id: int
    device: str
    created_at: str
    last_seen_at: str
    current: bool


def device_label(user_agent: str) -> str:
    """A short, readable name for a browser from its user agent (``Chrome trên Android``)."""
    ua = user_agent or ""
    if "Edg/" in ua:
        browser = "Edge"
    elif "OPR/" in ua or "Opera" in ua:
        browser = "Opera"
    elif "CriOS" in ua or "Chrome/" in ua or "Chromium/" in ua:
        browser = "Chrome"
    elif "FxiOS" in ua or "Firefox/" in ua:
        browser = "Firefox"
    elif "Safari/" in ua:
        browser = "Safari"
    else:
        browser = "Trình duyệt"
    if "Android" in ua:
        system = "Android"
    elif "iPhone" in ua or "iPad" in ua:
        system = "iOS"
    elif "Windows" in ua:
        system = "Windows"
    elif "Mac OS X" in ua or "Macintosh" in ua:
        system = "macOS"
    elif "Linux" in ua:
        system = "Linux"
    else:
        return browser
    return f"{browser} trên {system}"


class AccountState(rx.State):
    loading: bool = True
    error: str = ""
    notice: str = ""
    passkeys: list[PasskeyRow] = []
    sessions: list[SessionRow] = []

    # The rename dialog and the revoke confirmation act on one passkey at a time.
    selected_id: int = 0
    selected_name: str = ""
    rename_open: bool = False
    revoke_open: bool = False
    dialog_error: str = ""

    @rx.event
    async def load(self):
        """Runs after ``SessionState.require_login`` (see the page's ``on_load``)."""
        self.notice = ""
        session = await self.get_state(SessionState)
        if session.signed_in:
            await self._refresh()

    async def _refresh(self) -> None:
        self.loading = True
        try:
            async with api_client(self) as api:
                passkeys = await account.passkeys(api)
                sessions = await account.sessions(api)
        except ApiError as error:
            self.error = error.detail
            self.loading = False
            return
        self.error = ""
        self.passkeys = [
            PasskeyRow(
                id=p.id,
                name=p.name,
                created_at=dmy_hm(p.created_at),
                last_used_at=dmy_hm(p.last_used_at) or "chưa dùng",
                backed_up=p.backed_up,
            )
            for p in passkeys
        ]
        self.sessions = [
            SessionRow(
                id=s.id,
                device=device_label(s.user_agent),
                created_at=dmy_hm(s.created_at),
                last_seen_at=dmy_hm(s.last_seen_at),
                current=s.current,
            )
            for s in sessions
        ]
        self.loading = False

    def _select(self, passkey_id: int) -> None:
        self.selected_id = passkey_id
        self.selected_name = next((p.name for p in self.passkeys if p.id == passkey_id), "")
        self.dialog_error = ""

    @rx.event
    def ask_rename(self, passkey_id: int):
        self._select(passkey_id)
        self.rename_open = True

    @rx.event
    def ask_revoke(self, passkey_id: int):
        self._select(passkey_id)
        self.revoke_open = True

    @rx.event
    def close_dialogs(self, _open: bool = False):
        self.rename_open = False
        self.revoke_open = False
        self.dialog_error = ""

    @rx.event
    async def rename(self, form: dict):
        name = str(form.get("name", "")).strip()
        if not name:
            self.dialog_error = "Hãy nhập tên cho khóa truy cập."
            return None
        try:
            async with api_client(self) as api:
                await account.rename_passkey(api, self.selected_id, name)
        except ApiError as error:
            self.dialog_error = error.detail
            return None
        self.rename_open = False
        await self._refresh()
        self.notice = "Đã đổi tên khóa truy cập."
        return None

    @rx.event
    async def revoke(self):
        try:
            async with api_client(self) as api:
                await account.revoke_passkey(api, self.selected_id)
        except ApiError as error:
            self.dialog_error = error.detail
            return None
        self.revoke_open = False
        await self._refresh()
        self.notice = "Đã thu hồi khóa truy cập."
        return None

    @rx.event
    async def revoke_session(self, session_id: int):
        try:
            async with api_client(self) as api:
                await account.revoke_session(api, session_id)
        except ApiError as error:
            self.notice = ""
            self.error = error.detail
            return None
        await self._refresh()
        self.notice = "Đã đăng xuất thiết bị đó."
        return None
