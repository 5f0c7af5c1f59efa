"""Who is signed in, for every page that needs it.

``SessionState.require_login`` runs first in the ``on_load`` of every signed-in page: it asks
the API who the session cookie belongs to, keeps the answer (``Me``) for the handlers that run
after it (``await self.get_state(SessionState)``), and sends the browser to the login page
when nobody is signed in. A session whose passkey an account recovery still holds goes to the
recovery page (``routes.RECOVERY``), the one page the API lets it see.

What a user may do on no particular record comes from the API too (``Me.actions``): pages ask
``offered(domain, action)``, handlers ``session.may(domain, action)``. The UI keeps no role
lists of its own.
"""

from __future__ import annotations

from enum import StrEnum
from urllib.parse import quote

import reflex as rx

from frontend import routes
from frontend.account import client as account
from frontend.api import ApiError, api_client
from shared.accounts import ROLE_LABELS, Me, Role


def _key(domain: str, action: StrEnum | str) -> str:
    return f"{domain}.{action}"


class SessionState(rx.State):
    signed_in: bool = False
    username: str = ""
    full_name: str = ""
    organisation_name: str = ""
    roles: list[str] = []
    # Me.actions as "domain.action" keys, for the pages (see ``offered``).
    actions: list[str] = []
    load_error: str = ""
    # Recoveries of this user's account that he may still refuse from here (a banner says so).
    recoveries_to_review: int = 0
    # The last answer of /api/me, for the handlers that run after require_login.
    _me: Me | None = None

    @rx.var
    def role_labels(self) -> list[str]:
        return [ROLE_LABELS[Role(r)] for r in self.roles if r in Role._value2member_map_]

    def may(self, domain: str, action: StrEnum) -> bool:
        """Whether the API listed ``action`` among the user's global actions of ``domain``."""
        return self._me is not None and action.value in self._me.actions.get(domain, ())

    @rx.event
    async def require_login(self):
        self.load_error = ""
        try:
            async with api_client(self) as api:
                me = await account.me(api)
        except ApiError as error:
            if error.unauthenticated:
                self.signed_in = False
                self._me = None
                self.actions = []
                next_page = quote(self.router.url.path or routes.HOME, safe="/")
                return rx.redirect(f"{routes.LOGIN}?tiep={next_page}", replace=True)
            self.load_error = error.detail
            return None
        self._me = me
        self.signed_in = True
        self.username = me.username
        self.full_name = me.full_name
        self.organisation_name = me.organisation_name
        self.roles = [r.value for r in me.roles]
        self.actions = [_key(domain, a) for domain, names in me.actions.items() for a in names]
        self.recoveries_to_review = len(me.recoveries_to_review)
        if me.recovery is not None and self.router.url.path.rstrip("/") != routes.RECOVERY:
            # A passkey an account recovery still holds: the API refuses everything else.
            return rx.redirect(routes.RECOVERY, replace=True)
        return None


def offered(domain: str, action: StrEnum) -> rx.Var[bool]:
    """In a page: whether the signed-in user has this global action (false until known)."""
    return SessionState.actions.contains(_key(domain, action.value))
