"""HTTP: the passkey ceremonies and logging out (``/api/auth``) and the signed-in user's own
account (``/api/me``: who he is, his passkeys and sessions). The administrator's endpoints are
in ``admin_controllers.py``, account recoveries in ``recovery_controllers.py``."""

from __future__ import annotations

from datetime import timedelta

from litestar import Controller, Request, Response, delete, get, patch, post
from litestar.datastructures import Cookie
from litestar.di import Provide
from litestar.status_codes import HTTP_204_NO_CONTENT

from backend.accounts.deps import (
    UNAUTHENTICATED,
    provide_actor,
    provide_actor_in_recovery,
    provide_client,
    session_actor,
)
from backend.accounts.identity import SESSION_COOKIE, Actor, Client
from backend.accounts.invitations import InvitationService
from backend.accounts.login import LoginCeremony
from backend.accounts.passkeys import PasskeyService
from backend.accounts.recovery_views import me_of
from backend.accounts.registration import RegistrationCeremony
from backend.accounts.sessions import SessionService
from backend.core.domain import DomainHooks
from backend.core.ids import RowId
from backend.core.inject import inject
from backend.core.problems import Problem
from backend.settings import Settings
from shared.accounts import (
    ActiveSession,
    CeremonyFinish,
    CeremonyOptions,
    InvitationInfo,
    LoginBegin,
    LoginResult,
    Me,
    Passkey,
    PasskeyRename,
    RegistrationBegin,
)

_CLIENT = {"client": Provide(provide_client, sync_to_thread=False)}
_ACTOR = {"actor": Provide(provide_actor)}
_ACTOR_IN_RECOVERY = {"actor": Provide(provide_actor_in_recovery)}


def _session_cookie(settings: Settings, token: str) -> Cookie:
    return Cookie(
        key=SESSION_COOKIE,
        value=token,
        httponly=True,
        secure=settings.is_https,
        samesite="lax",
        path="/",
        max_age=int(timedelta(hours=settings.session_absolute_hours).total_seconds()),
    )


def _cleared_cookie(settings: Settings) -> Cookie:
    return Cookie(
        key=SESSION_COOKIE,
        value="",
        httponly=True,
        secure=settings.is_https,
        samesite="lax",
        path="/",
        max_age=0,
    )


async def _signed_in(
    actor: Actor, token: str, sessions: SessionService, hooks: DomainHooks
) -> Response[LoginResult]:
    return Response(
        LoginResult(me=await me_of(actor, hooks, sessions.settings.offline_days)),
        cookies=[_session_cookie(sessions.settings, token)],
    )


class AuthController(Controller):
    """Passkey ceremonies and sessions. Rate-limited (see the app factory)."""

    path = "/api/auth"
    tags = ["Xác thực"]
    dependencies = {
        **_CLIENT,
        "invitations": inject(InvitationService),
        "registration": inject(RegistrationCeremony),
        "login": inject(LoginCeremony),
        "sessions": inject(SessionService),
        "hooks": inject(DomainHooks),
    }

    @get("/invitations/{token:str}", opt={"problems": (410,)})
    async def invitation(
        self, token: str, invitations: InvitationService, client: Client
    ) -> InvitationInfo:
        return await invitations.info(token, client)

    @post("/register/begin", opt={"problems": (404, 410)})
    async def register_begin(
        self, data: RegistrationBegin, registration: RegistrationCeremony, client: Client
    ) -> CeremonyOptions:
        ceremony, options = await registration.begin(data.token, client)
        return CeremonyOptions(ceremony=ceremony, options=options)

    @post("/register/finish", opt={"problems": (403, 409, 410)})
    async def register_finish(
        self,
        data: CeremonyFinish,
        registration: RegistrationCeremony,
        sessions: SessionService,
        hooks: DomainHooks,
        client: Client,
    ) -> Response[LoginResult]:
        actor, token = await registration.finish(data.ceremony, data.credential, data.name, client)
        return await _signed_in(actor, token, sessions, hooks)

    @post("/login/begin")
    async def login_begin(self, data: LoginBegin, login: LoginCeremony) -> CeremonyOptions:
        ceremony, options = await login.begin(data.username)
        return CeremonyOptions(ceremony=ceremony, options=options)

    @post("/login/finish", opt={"problems": (403, 409)})
    async def login_finish(
        self,
        data: CeremonyFinish,
        login: LoginCeremony,
        sessions: SessionService,
        hooks: DomainHooks,
        client: Client,
    ) -> Response[LoginResult]:
        actor, token = await login.finish(data.ceremony, data.credential, client)
        return await _signed_in(actor, token, sessions, hooks)

    # A session held by an account recovery may still sign out.
    @post("/logout", status_code=HTTP_204_NO_CONTENT, dependencies=_ACTOR_IN_RECOVERY)
    async def logout(self, actor: Actor, sessions: SessionService) -> Response[None]:
        await sessions.logout(actor)
        return Response(None, status_code=204, cookies=[_cleared_cookie(sessions.settings)])

    @post("/logout-everywhere", status_code=HTTP_204_NO_CONTENT, dependencies=_ACTOR)
    async def logout_everywhere(self, actor: Actor, sessions: SessionService) -> Response[None]:
        await sessions.logout_everywhere(actor)
        return Response(None, status_code=204, cookies=[_cleared_cookie(sessions.settings)])


class MeController(Controller):
    path = "/api/me"
    tags = ["Tài khoản"]
    dependencies = {
        **_CLIENT,
        **_ACTOR,
        "passkeys": inject(PasskeyService),
        "sessions": inject(SessionService),
    }

    # Every screen asks who is signed in, so this read skips the dependency machinery (a
    # quarter of its time per request) and resolves the session itself, as provide_actor does.
    @get("/", opt={"problems": (401,)})
    async def me(self, request: Request) -> Me:
        """The signed-in user, with what he may do on no particular record (``actions``), the
        account recovery holding this session's passkey (``recovery``) and those he may still
        refuse (``recoveries_to_review``)."""
        actor = await session_actor(request)
        if actor is None:
            raise Problem(401, UNAUTHENTICATED, code="unauthenticated")
        services = request.app.state.services
        return await me_of(actor, services.get(DomainHooks), services.settings.offline_days)

    @get("/passkeys")
    async def passkeys(self, actor: Actor, passkeys: PasskeyService) -> list[Passkey]:
        return await passkeys.of(actor)

    @patch("/passkeys/{passkey_id:int}", status_code=HTTP_204_NO_CONTENT)
    async def rename_passkey(
        self, passkey_id: RowId, data: PasskeyRename, actor: Actor, passkeys: PasskeyService
    ) -> None:
        await passkeys.rename(actor, passkey_id, data.name)

    @delete("/passkeys/{passkey_id:int}", status_code=HTTP_204_NO_CONTENT)
    async def revoke_passkey(
        self, passkey_id: RowId, actor: Actor, passkeys: PasskeyService
    ) -> None:
        await passkeys.revoke(actor, passkey_id)

    @get("/sessions")
    async def sessions(self, actor: Actor, sessions: SessionService) -> list[ActiveSession]:
        return await sessions.active(actor)

    @delete("/sessions/{session_id:int}", status_code=HTTP_204_NO_CONTENT)
    async def revoke_session(
        self, session_id: RowId, actor: Actor, sessions: SessionService
    ) -> None:
        await sessions.revoke(actor, session_id)
