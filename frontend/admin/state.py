"""/quan-tri: invitations (new users) and re-invitations (lost device)."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from frontend.account import client as account
from frontend.admin import client
from frontend.api import ApiError, api_client
from frontend.session import SessionState
from shared.accounts import ROLE_LABELS, AccountAction, InvitationCreate, Role
from shared.clock import dmy_hm
from shared.orgs import ORG_KIND_LABELS


@dataclass
class OrgOption:
    code: str
    label: str


ROLE_OPTIONS = [(role.value, ROLE_LABELS[role]) for role in Role]


class AdminState(rx.State):
    organisations: list[OrgOption] = []
    organisation_code: str = ""
    roles: list[str] = []
    error: str = ""
    busy: bool = False
    link: str = ""
    link_username: str = ""
    link_expires_at: str = ""
    link_copied: bool = False
    revoke_existing: bool = False
    link_note: str = ""

    @rx.event
    async def load(self):
        """Runs after ``SessionState.require_login`` (see the page's ``on_load``)."""
        session = await self.get_state(SessionState)
        if not session.signed_in:
            return None
        if not session.may(account.DOMAIN, AccountAction.INVITE):
            self.error = "Chỉ quản trị viên được dùng trang này."
            return None
        self.error = ""
        try:
            async with api_client(self) as api:
                orgs = await client.organisations(api)
        except ApiError as err:
            self.error = err.detail
            return None
        self.organisations = [
            OrgOption(code=o.code, label=f"{o.name} ({ORG_KIND_LABELS[o.kind]}, {o.code})")
            for o in orgs
        ]
        if not self.organisation_code and orgs:
            self.organisation_code = next((o.code for o in orgs if o.parent_code is None), "")
        return None

    @rx.event
    def set_organisation(self, code: str):
        self.organisation_code = code

    @rx.event
    def toggle_role(self, role: str, checked: bool):
        if checked and role not in self.roles:
            self.roles = [*self.roles, role]
        elif not checked:
            self.roles = [r for r in self.roles if r != role]

    async def _invite(self, invitation: InvitationCreate):
        self.busy = True
        self.error = ""
        self.link = ""
        self.link_note = ""
        self.link_copied = False
        try:
            async with api_client(self) as api:
                created = await client.invite(api, invitation)
        except ApiError as err:
            self.error = err.detail
        else:
            self.link = created.url
            self.link_username = created.username
            self.link_expires_at = dmy_hm(created.expires_at)
            if invitation.revoke_existing:
                self.link_note = (
                    "Đã thu hồi mọi khóa truy cập cũ, kết thúc mọi phiên đăng nhập và ngừng "
                    "gửi thông báo đến các thiết bị cũ của tài khoản này."
                )
                self.revoke_existing = False
        self.busy = False

    @rx.event
    async def invite(self, form: dict):
        full_name = " ".join(str(form.get("full_name", "")).split())
        if len(full_name) < 2:
            self.error = "Hãy nhập họ và tên (ít nhất 2 ký tự)."
            return
        if not self.roles:
            self.error = "Hãy chọn ít nhất một vai trò."
            return
        await self._invite(
            InvitationCreate(
                full_name=full_name,
                roles=[Role(r) for r in self.roles],
                organisation_code=self.organisation_code or None,
            )
        )

    @rx.event
    async def reinvite(self, form: dict):
        username = str(form.get("username", "")).strip().lower()
        if not username:
            self.error = "Hãy nhập tên đăng nhập của người cần cấp lại."
            return
        # A re-invitation keeps the user's name and roles as they are.
        await self._invite(
            InvitationCreate(username=username, revoke_existing=self.revoke_existing)
        )

    @rx.event
    def set_revoke_existing(self, checked: bool):
        self.revoke_existing = bool(checked)

    @rx.event
    def copied(self, ok: bool):
        self.link_copied = bool(ok)
