"""/quan-tri: the form that invites a new user, and the link it gives.

Feedback is where the administrator looks: an error stands beside its field, which gets the
focus; the link appears right under the button, and the focus moves to it. After a success
the form is cleared (a new ``form_generation`` remounts it) and gets a new idempotency key: the
key is a hidden field of the form, so a double tap sends the same key twice and the API answers
the second request with the first answer, creating no second account. A second invitation of the
same name in the same organisation within a minute is refused by the API
(``duplicate_invitation``): the page asks whether it is really another person.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import reflex as rx

from frontend.account import client as account
from frontend.admin import client
from frontend.api import ApiError, api_client
from frontend.session import SessionState
from shared.accounts import ROLE_LABELS, AccountAction, InvitationCreate, Role
from shared.clock import dmy_hm
from shared.orgs import ORG_KIND_LABELS

ROLE_OPTIONS = [(role.value, ROLE_LABELS[role]) for role in Role]
ROLE_FIELD = "role_"  # one checkbox per role: role_can_bo, role_quan_tri…
FIRST_ROLE_ID = f"invite-{ROLE_FIELD}{ROLE_OPTIONS[0][0]}"
NOT_ADMIN = "Chỉ quản trị viên được dùng trang này."
DUPLICATE = "duplicate_invitation"
# Where the result of the form is shown and the focus goes (always in the page).
FEEDBACK_ID = "invite-feedback"


@dataclass
class OrgOption:
    code: str
    label: str


def new_key() -> str:
    return uuid.uuid4().hex


class InviteState(rx.State):
    organisations: list[OrgOption] = []
    organisation_code: str = ""
    # The next request's Idempotency-Key (a hidden field of the form).
    form_key: str = ""
    # The form's React key: a new one after a success remounts it, every field cleared. (Not
    # on load: what was typed while the page loaded stays.)
    form_generation: int = 0
    error: str = ""  # the page's own (not an administrator; the organisations did not load)
    name_error: str = ""
    roles_error: str = ""
    form_error: str = ""  # the API's refusal of the whole request
    busy: bool = False
    # The API's duplicate_invitation question, and the invitation it is about.
    duplicate_question: str = ""
    _pending: InvitationCreate | None = None
    link: str = ""
    link_username: str = ""
    link_full_name: str = ""
    link_expires_at: str = ""
    link_copied: bool = False

    @rx.event
    async def load(self):
        """Runs after ``SessionState.require_login`` (see the page's ``on_load``)."""
        session = await self.get_state(SessionState)
        if not session.signed_in:
            return None
        if not session.may(account.DOMAIN, AccountAction.INVITE):
            self.error = NOT_ADMIN
            return None
        self.error = ""
        self._clear_feedback()  # a reload starts from an empty form
        self.busy = False
        self.form_key = new_key()
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

    def _clear_feedback(self) -> None:
        self.name_error = ""
        self.roles_error = ""
        self.form_error = ""
        self.duplicate_question = ""
        self._pending = None
        self.link = ""
        self.link_copied = False

    @rx.event
    async def invite(self, form: dict):
        self._clear_feedback()
        full_name = " ".join(str(form.get("full_name", "")).split())
        roles = [Role(value) for value, _ in ROLE_OPTIONS if form.get(f"{ROLE_FIELD}{value}")]
        if len(full_name) < 2:
            self.name_error = "Hãy nhập họ và tên (ít nhất 2 ký tự)."
        if not roles:
            self.roles_error = "Hãy chọn ít nhất một vai trò."
        if self.name_error or self.roles_error:
            yield rx.set_focus("invite-name" if self.name_error else FIRST_ROLE_ID)
            return
        invitation = InvitationCreate(
            full_name=full_name,
            roles=roles,
            organisation_code=self.organisation_code or None,
        )
        async for event in self._send(invitation, str(form.get("idempotency_key") or "") or None):
            yield event

    @rx.event
    async def confirm_duplicate(self):
        """The administrator says it is another person of the same name: invite anyway."""
        pending = self._pending
        if pending is None:
            return
        self._clear_feedback()
        invitation = InvitationCreate(
            full_name=pending.full_name,
            roles=pending.roles,
            organisation_code=pending.organisation_code,
            confirm_duplicate=True,
        )
        async for event in self._send(invitation, new_key()):
            yield event

    @rx.event
    def cancel_duplicate(self):
        self._clear_feedback()
        return rx.set_focus("invite-name")

    async def _send(self, invitation: InvitationCreate, key: str | None):
        self.busy = True
        yield
        try:
            async with api_client(self) as api:
                created = await client.invite(api, invitation, idempotency_key=key)
        except ApiError as err:
            self.busy = False
            if err.code == DUPLICATE:
                self._pending = invitation
                self.duplicate_question = err.detail
            else:
                self.form_error = err.detail
            yield rx.set_focus(FEEDBACK_ID)
            return
        self.busy = False
        self.link = created.url
        self.link_username = created.username
        self.link_full_name = invitation.full_name or ""
        self.link_expires_at = dmy_hm(created.expires_at)
        self.form_key = new_key()  # a new key for the next person
        self.form_generation += 1  # and a cleared form
        yield rx.set_focus(FEEDBACK_ID)

    @rx.event
    def copied(self, ok: bool):
        self.link_copied = bool(ok)
