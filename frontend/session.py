"""Who is signed in, for every page that needs it.

``SessionState.require_login`` is the ``on_load`` of every signed-in page: it asks the API
who the session cookie belongs to and sends the browser to the login page when nobody is.
"""

from __future__ import annotations

from urllib.parse import quote

import reflex as rx

from frontend import routes
from frontend.api import ApiError, api_client
from shared.accounts import ROLE_LABELS, Role


class SessionState(rx.State):
    signed_in: bool = False
    username: str = ""
    full_name: str = ""
    organisation_name: str = ""
    roles: list[str] = []
    load_error: str = ""

    @rx.var
    def is_admin(self) -> bool:
        return Role.QUAN_TRI.value in self.roles

    @rx.var
    def role_labels(self) -> list[str]:
        return [ROLE_LABELS[Role(r)] for r in self.roles if r in Role._value2member_map_]

    def has_role(self, *roles: Role) -> bool:
        return any(r.value in self.roles for r in roles)

    @rx.event
    async def require_login(self):
        self.load_error = ""
        try:
            async with api_client(self) as api:
                me = await api.me()
        except ApiError as error:
            if error.unauthenticated:
                self.signed_in = False
                next_page = quote(self.router.url.path or routes.HOME, safe="/")
                return rx.redirect(f"{routes.LOGIN}?tiep={next_page}", replace=True)
            self.load_error = error.detail
            return None
        self.signed_in = True
        self.username = me.username
        self.full_name = me.full_name
        self.organisation_name = me.organisation_name
        self.roles = [r.value for r in me.roles]
        return None
