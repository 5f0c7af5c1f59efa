from __future__ import annotations

from datetime import timedelta

from litestar import Controller, Request, Response, delete, get, patch, post
from litestar.datastructures import Cookie
from litestar.di import Provide
from litestar.status_codes import HTTP_204_NO_CONTENT

from backend.accounts.deps import (
    UNAUTHENTICATED,
    provide_actor,
    provide_admin,
    provide_client,
    session_actor,
)
from backend.accounts.identity import SESSION_COOKIE, Actor, Client
from backend.accounts.services import AccountService
from backend.core.domain import DomainHooks
from backend.core.ids import RowId
from backend.core.inject import inject
from backend.core.problems import Problem
from shared.accounts import (
    ActiveSession,
    CeremonyFinish,
    CeremonyOptions,
    InvitationCreate,
    InvitationCreated,
    InvitationInfo,
    LoginBegin,
    LoginResult,
    Me,
    Passkey,
    PasskeyRename,
    RegistrationBegin,
)

_DEPS = {
    "accounts": inject(AccountService),
    "client": Provide(provide_client, sync_to_thread=False),
}


def _session_cookie(accounts: AccountService, token: str) -> Cookie:
    return Cookie(
        key=SESSION_COOKIE,
        value=token,
        httponly=True,
        secure=accounts.settings.is_https,
        samesite="lax",
        path="/",
        max_age=int(timedelta(hours=accounts.settings.session_absolute_hours).total_seconds()),
    )


def _cleared_cookie(accounts: AccountService) -> Cookie:
    return Cookie(
        key=SESSION_COOKIE,
        value="",
        httponly=True,
        secure=accounts.settings.is_https,
        samesite="lax",
        path="/",
        max_age=0,
    )


class AuthController(Controller):
    """Passkey ceremonies and sessions. Rate-limited (see the app factory)."""

    path = "/api/auth"
    tags = ["Xác thực"]
    dependencies = _DEPS

    @get("/invitations/{token:str}")
    async def invitation(
        self, token: str, accounts: AccountService, client: Client
    ) -> InvitationInfo:
        info = await accounts.invitation_info(token, client)
        return InvitationInfo(
            full_name=info["full_name"],
            username=info["username"],
            organisation_name=info["org_name"],
            expires_at=info["expires_at"],
        )

    @post("/register/begin")
    async def register_begin(
        self, data: RegistrationBegin, accounts: AccountService, client: Client
    ) -> CeremonyOptions:
        ceremony, options = await accounts.begin_registration(data.token, client)
        return CeremonyOptions(ceremony=ceremony, options=options)

    @post("/register/finish")
    async def register_finish(
        self, data: CeremonyFinish, accounts: AccountService, client: Client
    ) -> Response[LoginResult]:
        actor, token = await accounts.finish_registration(
            data.ceremony, data.credential, data.name, client
        )
        return Response(
            LoginResult(me=actor.to_me(accounts.hooks.global_actions(actor))),
            cookies=[_session_cookie(accounts, token)],
        )

    @post("/login/begin")
    async def login_begin(self, data: LoginBegin, accounts: AccountService) -> CeremonyOptions:
        ceremony, options = await accounts.begin_login(data.username)
        return CeremonyOptions(ceremony=ceremony, options=options)

    @post("/login/finish")
    async def login_finish(
        self, data: CeremonyFinish, accounts: AccountService, client: Client
    ) -> Response[LoginResult]:
        actor, token = await accounts.finish_login(data.ceremony, data.credential, client)
        return Response(
            LoginResult(me=actor.to_me(accounts.hooks.global_actions(actor))),
            cookies=[_session_cookie(accounts, token)],
        )

    @post(
        "/logout", status_code=HTTP_204_NO_CONTENT, dependencies={"actor": Provide(provide_actor)}
    )
    async def logout(
        self, actor: Actor, accounts: AccountService, client: Client
    ) -> Response[None]:
        await accounts.logout(actor, client)
        return Response(None, status_code=204, cookies=[_cleared_cookie(accounts)])

    @post(
        "/logout-everywhere",
        status_code=HTTP_204_NO_CONTENT,
        dependencies={"actor": Provide(provide_actor)},
    )
    async def logout_everywhere(
        self, actor: Actor, accounts: AccountService, client: Client
    ) -> Response[None]:
        await accounts.logout_everywhere(actor, client)
        return Response(None, status_code=204, cookies=[_cleared_cookie(accounts)])


class MeController(Controller):
    path = "/api/me"
    tags = ["Tài khoản"]
    dependencies = {**_DEPS, "actor": Provide(provide_actor)}

    # Every screen asks who is signed in, so this read skips the dependency machinery (a
    # quarter of its time per request) and resolves the session itself, as provide_actor does.
    @get("/")
    async def me(self, request: Request) -> Me:
        """The signed-in user, with what he may do on no particular record (``actions``)."""
        actor = await session_actor(request)
        if actor is None:
            raise Problem(401, UNAUTHENTICATED, code="unauthenticated")
        hooks: DomainHooks = request.app.state.services.get(DomainHooks)
        return actor.to_me(hooks.global_actions(actor))

    @get("/passkeys")
    async def passkeys(self, actor: Actor, accounts: AccountService) -> list[Passkey]:
        return await accounts.passkeys(actor)

    @patch("/passkeys/{passkey_id:int}", status_code=HTTP_204_NO_CONTENT)
    async def rename_passkey(
        self,
        passkey_id: RowId,
        data: PasskeyRename,
        actor: Actor,
        accounts: AccountService,
        client: Client,
    ) -> None:
        await accounts.rename_passkey(actor, passkey_id, data.name, client)

    @delete("/passkeys/{passkey_id:int}", status_code=HTTP_204_NO_CONTENT)
    async def revoke_passkey(
        self, passkey_id: RowId, actor: Actor, accounts: AccountService, client: Client
    ) -> None:
        await accounts.revoke_passkey(actor, passkey_id, client)

    @get("/sessions")
    async def sessions(self, actor: Actor, accounts: AccountService) -> list[ActiveSession]:
        return await accounts.sessions(actor)

    @delete("/sessions/{session_id:int}", status_code=HTTP_204_NO_CONTENT)
    async def revoke_session(
        self, session_id: RowId, actor: Actor, accounts: AccountService, client: Client
    ) -> None:
        await accounts.revoke_session(actor, session_id, client)


class AdminController(Controller):
    path = "/api/admin"
    tags = ["Quản trị"]
    dependencies = {**_DEPS, "admin": Provide(provide_admin)}

    @post("/invitations")
    async def invite(
        self,
        data: InvitationCreate,
        admin: Actor,
        accounts: AccountService,
        client: Client,
    ) -> InvitationCreated:
        if data.username is None and (not data.full_name or not data.roles):
            raise Problem(
                400, "Cần họ tên và ít nhất một vai trò cho người dùng mới.", code="validation"
            )
        url, username, expires_at = await accounts.invite(
            full_name=data.full_name or "",
            roles=data.roles,
            organisation_code=data.organisation_code,
            username=data.username,
            revoke_existing=data.revoke_existing,
            created_by=admin.id,
            caller=client,
        )
        return InvitationCreated(url=url, username=username, expires_at=expires_at)
