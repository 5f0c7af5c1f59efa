"""HTTP: VNeID sign-in (``/api/citizens/vneid``, rate-limited like the passkey ceremonies),
the consent notice, and the citizen's own data (``/api/citizens/me``)."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated
from urllib.parse import urlencode

from litestar import Controller, Request, Response, get, post
from litestar.datastructures import Cookie
from litestar.di import Provide
from litestar.params import Parameter, QueryParameter
from litestar.response import Redirect

from backend.accounts.deps import provide_actor, provide_client, session_actor
from backend.accounts.identity import SESSION_COOKIE, Actor, Client
from backend.citizens.own_data import CitizenData
from backend.citizens.vneid import STATE_TTL_SECONDS, VneidClient, VneidRefused
from backend.core.inject import inject
from backend.core.problems import Problem
from backend.core.request_info import cookie
from backend.settings import Settings
from shared.citizens import (
    CITIZEN_HOME_PAGE,
    CONSENT_PAGE,
    FAILURE_PAGE,
    CitizenDataExport,
    CitizenErase,
    CitizenErased,
    CitizenProfile,
    ConsentAccept,
    ConsentNotice,
    VneidFailure,
)

BROWSER_COOKIE = "dangbo_vneid"
_VNEID_PATH = "/api/citizens/vneid"


def _browser_cookie(settings: Settings, value: str, max_age: int) -> Cookie:
    return Cookie(
        key=BROWSER_COOKIE,
        value=value,
        httponly=True,
        secure=settings.is_https,
        samesite="lax",  # sent on the top-level redirect back from VNeID
        path=_VNEID_PATH,
        max_age=max_age,
    )


def _session_cookie(settings: Settings, token: str) -> Cookie:
    # Exactly the cookie a passkey login sets (backend/accounts/controllers.py); an empty
    # token clears it.
    return Cookie(
        key=SESSION_COOKIE,
        value=token,
        httponly=True,
        secure=settings.is_https,
        samesite="lax",
        path="/",
        max_age=int(timedelta(hours=settings.session_absolute_hours).total_seconds())
        if token
        else 0,
    )


def _failure(settings: Settings, failure: VneidFailure) -> Redirect:
    return Redirect(
        f"{FAILURE_PAGE}?{urlencode({'ma': failure.value})}",
        status_code=303,
        cookies=[_browser_cookie(settings, "", 0)],
    )


class VneidController(Controller):
    """The redirect flow: the browser is sent to VNeID and comes back to the callback."""

    path = _VNEID_PATH
    tags = ["Công dân"]
    dependencies = {
        "client": Provide(provide_client, sync_to_thread=False),
        "vneid": inject(VneidClient),
    }

    @get("/start", status_code=303)
    async def start(self, request: Request, vneid: VneidClient) -> Redirect:
        """Sends the browser to VNeID's sign-in page."""
        settings: Settings = request.app.state.settings
        if not vneid.config.ready:
            return _failure(settings, VneidFailure.OFF)
        url, browser = await vneid.start()
        return Redirect(
            url, status_code=303, cookies=[_browser_cookie(settings, browser, STATE_TTL_SECONDS)]
        )

    @get("/callback", status_code=303)
    async def callback(
        self,
        request: Request,
        vneid: VneidClient,
        client: Client,
        oauth_state: Annotated[str | None, QueryParameter(name="state", max_length=500)] = None,
        code: Annotated[str | None, Parameter(max_length=4096)] = None,
        encrypt_key: Annotated[str | None, Parameter(max_length=4096)] = None,
        error: Annotated[str | None, Parameter(max_length=200)] = None,
    ) -> Redirect:
        """Where VNeID sends the browser back: signs the citizen in, or shows why not."""
        settings: Settings = request.app.state.settings
        params = {
            "state": oauth_state or "",
            "code": code or "",
            "encrypt_key": encrypt_key or "",
            "error": error or "",
        }
        try:
            actor, token, _ = await vneid.finish(params, cookie(request, BROWSER_COOKIE), client)
        except VneidRefused as refused:
            return _failure(settings, refused.failure)
        data: CitizenData = request.app.state.services.get(CitizenData)
        notice = await data.notice(actor)
        return Redirect(
            CITIZEN_HOME_PAGE if notice.accepted else CONSENT_PAGE,
            status_code=303,
            cookies=[_session_cookie(settings, token), _browser_cookie(settings, "", 0)],
        )


class CitizenController(Controller):
    path = "/api/citizens"
    tags = ["Công dân"]
    dependencies = {"own": inject(CitizenData)}

    @get("/consent")
    async def consent(self, request: Request, own: CitizenData) -> ConsentNotice:
        """The current consent notice (Luật 91/2025); for a signed-in citizen, whether he
        accepted it. Readable before signing in."""
        actor = await session_actor(request)
        return await own.notice(actor)

    @post(
        "/consent",
        status_code=200,
        dependencies={"actor": Provide(provide_actor)},
        opt={"problems": (403, 409, 410)},
    )
    async def accept(self, data: ConsentAccept, actor: Actor, own: CitizenData) -> ConsentNotice:
        return await own.accept(actor, data.version)

    @get("/me", dependencies={"actor": Provide(provide_actor)}, opt={"problems": (403, 410)})
    async def me(self, actor: Actor, own: CitizenData) -> CitizenProfile:
        """The signed-in citizen's record (his name, unsealed for him)."""
        return await own.profile(actor)

    @get(
        "/me/data",
        dependencies={"actor": Provide(provide_actor)},
        opt={"problems": (403, 410)},
    )
    async def export(self, actor: Actor, own: CitizenData) -> Response[CitizenDataExport]:
        """Everything the app holds about the signed-in citizen, as a JSON download."""
        return Response(
            await own.export(actor),
            headers={"Content-Disposition": 'attachment; filename="du-lieu-cua-toi.json"'},
        )

    @post(
        "/me/erase",
        status_code=200,
        dependencies={"actor": Provide(provide_actor)},
        opt={"problems": (403, 410)},
    )
    async def erase(
        self, request: Request, data: CitizenErase, actor: Actor, own: CitizenData
    ) -> Response[CitizenErased]:
        """Erases the citizen's data (crypto-shredding) and ends his sessions."""
        if not data.confirm:
            raise Problem(400, "Hãy xác nhận yêu cầu xóa dữ liệu.", code="confirm_required")
        erased = await own.erase(actor)
        settings: Settings = request.app.state.settings
        return Response(erased, cookies=[_session_cookie(settings, "")])
