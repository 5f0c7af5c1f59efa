from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from litestar import Controller, Request, Response, delete, get, patch, post
from litestar.datastructures import Cookie
from litestar.di import Provide
from litestar.params import Parameter
from litestar.status_codes import HTTP_204_NO_CONTENT

from backend.accounts.deps import (
    SESSION_COOKIE,
    provide_accounts,
    provide_admin,
    provide_caller,
    provide_user,
)
from backend.accounts.services import AccountService, Caller, CurrentUser
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

# Row ids are 32-bit (SERIAL): a larger number is a clear 400, never a database error.
RowId = Annotated[int, Parameter(gt=0, le=2**31 - 1)]

_DEPS = {
    "accounts": Provide(provide_accounts, sync_to_thread=False),
    "caller": Provide(provide_caller, sync_to_thread=False),
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
        self, token: str, accounts: AccountService, caller: Caller
    ) -> InvitationInfo:
        info = await accounts.invitation_info(token, caller)
        return InvitationInfo(
            full_name=info["full_name"],
            username=info["username"],
            organisation_name=info["org_name"],
            expires_at=info["expires_at"],
        )

    @post("/register/begin")
    async def register_begin(
        self, data: RegistrationBegin, accounts: AccountService, caller: Caller
    ) -> CeremonyOptions:
        ceremony, options = await accounts.begin_registration(data.token, caller)
        return CeremonyOptions(ceremony=ceremony, options=options)

    @post("/register/finish")
    async def register_finish(
        self, data: CeremonyFinish, accounts: AccountService, caller: Caller
    ) -> Response[LoginResult]:
        user, token = await accounts.finish_registration(
            data.ceremony, data.credential, data.name, caller
        )
        return Response(LoginResult(me=user.to_me()), cookies=[_session_cookie(accounts, token)])

    @post("/login/begin")
    async def login_begin(self, data: LoginBegin, accounts: AccountService) -> CeremonyOptions:
        ceremony, options = await accounts.begin_login(data.username)
        return CeremonyOptions(ceremony=ceremony, options=options)

    @post("/login/finish")
    async def login_finish(
        self, data: CeremonyFinish, accounts: AccountService, caller: Caller
    ) -> Response[LoginResult]:
        user, token = await accounts.finish_login(data.ceremony, data.credential, caller)
        return Response(LoginResult(me=user.to_me()), cookies=[_session_cookie(accounts, token)])

    @post("/logout", status_code=HTTP_204_NO_CONTENT, dependencies={"user": Provide(provide_user)})
    async def logout(
        self, user: CurrentUser, accounts: AccountService, caller: Caller
    ) -> Response[None]:
        await accounts.logout(user, caller)
        return Response(None, status_code=204, cookies=[_cleared_cookie(accounts)])

    @post(
        "/logout-everywhere",
        status_code=HTTP_204_NO_CONTENT,
        dependencies={"user": Provide(provide_user)},
    )
    async def logout_everywhere(
        self, user: CurrentUser, accounts: AccountService, caller: Caller
    ) -> Response[None]:
        await accounts.logout_everywhere(user, caller)
        return Response(None, status_code=204, cookies=[_cleared_cookie(accounts)])


class MeController(Controller):
    path = "/api/me"
    tags = ["Tài khoản"]
    dependencies = {**_DEPS, "user": Provide(provide_user)}

    # Every screen asks who is signed in, so this read skips the dependency machinery (a
    # quarter of its time per request) and resolves the session itself, as provide_user does.
    @get("/")
    async def me(self, request: Request) -> Me:
        return (await provide_user(request)).to_me()

    @get("/passkeys")
    async def passkeys(self, user: CurrentUser, accounts: AccountService) -> list[Passkey]:
        return await accounts.passkeys(user)

    @patch("/passkeys/{passkey_id:int}", status_code=HTTP_204_NO_CONTENT)
    async def rename_passkey(
        self,
        passkey_id: RowId,
        data: PasskeyRename,
        user: CurrentUser,
        accounts: AccountService,
        caller: Caller,
    ) -> None:
        await accounts.rename_passkey(user, passkey_id, data.name, caller)

    @delete("/passkeys/{passkey_id:int}", status_code=HTTP_204_NO_CONTENT)
    async def revoke_passkey(
        self, passkey_id: RowId, user: CurrentUser, accounts: AccountService, caller: Caller
    ) -> None:
        await accounts.revoke_passkey(user, passkey_id, caller)

    @get("/sessions")
    async def sessions(self, user: CurrentUser, accounts: AccountService) -> list[ActiveSession]:
        return await accounts.sessions(user)

    @delete("/sessions/{session_id:int}", status_code=HTTP_204_NO_CONTENT)
    async def revoke_session(
        self, session_id: RowId, user: CurrentUser, accounts: AccountService, caller: Caller
    ) -> None:
        await accounts.revoke_session(user, session_id, caller)


class AdminController(Controller):
    path = "/api/admin"
    tags = ["Quản trị"]
    dependencies = {**_DEPS, "admin": Provide(provide_admin)}

    @post("/invitations")
    async def invite(
        self,
        data: InvitationCreate,
        admin: CurrentUser,
        accounts: AccountService,
        caller: Caller,
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
            caller=caller,
        )
        return InvitationCreated(url=url, username=username, expires_at=expires_at)
