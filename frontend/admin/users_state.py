"""/quan-tri: the administrator's list of users (search, paging by the API's cursor), and
acting on one of them: a new link (a lost device: for a user who had a passkey it is an
account recovery, held until a second person confirms it), or a new link that also revokes
every passkey and session (a stolen device). Both go through the invitation endpoint, with an
idempotency key per opened dialog."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from frontend.account import client as account
from frontend.admin import client
from frontend.admin.invite_state import new_key
from frontend.api import ApiError, api_client
from frontend.session import SessionState
from shared.accounts import (
    RECOVERY_STATE_LABELS,
    ROLE_LABELS,
    AccountAction,
    InvitationCreate,
    UserSummary,
)
from shared.clock import dmy_hm

PAGE_SIZE = 20


@dataclass
class UserRow:
    id: int
    username: str
    full_name: str
    organisation: str
    roles: list[str]
    active: bool
    passkeys: int
    passkey_last_used_at: str
    sessions: int
    recovery: str  # the state of his latest account recovery, in words ("" if none)


def user_row(user: UserSummary) -> UserRow:
    return UserRow(
        id=user.id,
        username=user.username,
        full_name=user.full_name,
        organisation=user.organisation_name,
        roles=[ROLE_LABELS[r] for r in user.roles],
        active=user.active,
        passkeys=user.passkeys,
        passkey_last_used_at=dmy_hm(user.passkey_last_used_at) or "chưa dùng",
        sessions=user.sessions,
        recovery=RECOVERY_STATE_LABELS[user.recovery_state] if user.recovery_state else "",
    )


class UsersState(rx.State):
    q: str = ""
    rows: list[UserRow] = []
    next_cursor: str = ""
    loading: bool = False
    error: str = ""

    # The dialog acting on one user: a new link, with or without revoking everything.
    target_username: str = ""
    target_name: str = ""
    revoke: bool = False
    dialog_open: bool = False
    dialog_busy: bool = False
    dialog_error: str = ""
    _dialog_key: str = ""
    link: str = ""
    link_expires_at: str = ""
    link_copied: bool = False
    link_recovery: bool = False  # the link is an account recovery (held)
    link_revoked: bool = False

    @rx.event
    async def load(self):
        """Runs after ``SessionState.require_login``. The state outlives a reload of the tab:
        a dialog left open is closed."""
        self.dialog_open = False
        self.link = ""
        session = await self.get_state(SessionState)
        if not session.may(account.DOMAIN, AccountAction.LIST_USERS):
            self.rows = []
            return
        await self._fetch(reset=True)

    async def _fetch(self, reset: bool) -> None:
        self.loading = True
        try:
            async with api_client(self) as api:
                page = await client.users(
                    api,
                    q=self.q.strip() or None,
                    cursor=None if reset else self.next_cursor or None,
                    limit=PAGE_SIZE,
                )
        except ApiError as err:
            self.error = err.detail
            self.loading = False
            return
        self.error = ""
        found = [user_row(u) for u in page.items]
        self.rows = found if reset else [*self.rows, *found]
        self.next_cursor = page.next_cursor or ""
        self.loading = False

    @rx.event
    async def search(self, form: dict):
        self.q = " ".join(str(form.get("q", "")).split())
        await self._fetch(reset=True)

    @rx.event
    async def more(self):
        await self._fetch(reset=False)

    @rx.event
    def ask(self, username: str, full_name: str, revoke: bool):
        self.target_username = username
        self.target_name = full_name
        self.revoke = revoke
        self.dialog_error = ""
        self.link = ""
        self.link_copied = False
        self._dialog_key = new_key()
        self.dialog_open = True

    @rx.event
    async def close(self, _open: bool = False):
        self.dialog_open = False
        if self.link:  # the list shows what changed (sessions ended, recovery waiting)
            self.link = ""
            await self._fetch(reset=True)

    @rx.event
    async def reissue(self):
        if self.link:  # a second tap on a done dialog
            return
        self.dialog_busy = True
        self.dialog_error = ""
        yield
        invitation = InvitationCreate(username=self.target_username, revoke_existing=self.revoke)
        try:
            async with api_client(self) as api:
                created = await client.invite(api, invitation, idempotency_key=self._dialog_key)
        except ApiError as err:
            self.dialog_error = err.detail
            self.dialog_busy = False
            return
        self.dialog_busy = False
        self.link = created.url
        self.link_expires_at = dmy_hm(created.expires_at)
        self.link_recovery = created.recovery is not None
        self.link_revoked = self.revoke
        yield rx.set_focus("reissue-result")

    @rx.event
    def copied(self, ok: bool):
        self.link_copied = bool(ok)
