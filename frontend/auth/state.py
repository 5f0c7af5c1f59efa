"""Login and enrollment. The WebAuthn ceremonies run in the browser (``/passkey.js``): the
private key never leaves the authenticator, and the session cookie the API sets on success
is only seen by the state socket after a full page load, which the script then does."""

from __future__ import annotations

import reflex as rx

from frontend import routes
from frontend.account import client as account
from frontend.api import ApiError, api_client
from frontend.auth import client as auth
from shared.clock import dmy_hm


class LoginState(rx.State):
    busy: bool = False
    error: str = ""

    @rx.event
    async def on_load(self):
        self.busy = False
        self.error = ""
        # Already signed in: nothing to do here.
        try:
            async with api_client(self) as api:
                await account.me(api)
        except ApiError:
            return None
        return rx.redirect(routes.HOME, replace=True)

    @rx.event
    def start(self):
        self.busy = True
        self.error = ""

    @rx.event
    def finished(self, error: str | None):
        """The script's answer: an explanation to show, or nothing (it is navigating away)."""
        self.busy = False
        self.error = error or ""


class EnrollState(rx.State):
    loading: bool = True
    invitation_error: str = ""
    full_name: str = ""
    username: str = ""
    organisation_name: str = ""
    expires_at: str = ""
    busy: bool = False
    error: str = ""

    @rx.event
    async def load_invitation(self):
        self.loading = True
        self.invitation_error = ""
        self.busy = False
        self.error = ""
        token = self.router.url.path.rstrip("/").rsplit("/", 1)[-1]
        try:
            async with api_client(self) as api:
                info = await auth.invitation(api, token)
        except ApiError as error:
            self.invitation_error = error.detail
        else:
            self.full_name = info.full_name
            self.username = info.username
            self.organisation_name = info.organisation_name
            self.expires_at = dmy_hm(info.expires_at)
        self.loading = False

    @rx.event
    def start(self):
        self.busy = True
        self.error = ""

    @rx.event
    def finished(self, error: str | None):
        self.busy = False
        self.error = error or ""
