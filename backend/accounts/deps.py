"""Dependencies: the account service and the signed-in user (from the session cookie)."""

from __future__ import annotations

from litestar import Request
from litestar.datastructures import State

from backend.accounts.services import AccountService, Caller, CurrentUser
from backend.core.problems import Problem
from backend.core.request_info import client_ip, cookie, user_agent
from shared.accounts import Role

SESSION_COOKIE = "dangbo_session"


def provide_accounts(state: State) -> AccountService:
    return state.accounts


def provide_caller(request: Request) -> Caller:
    return Caller(ip=client_ip(request), user_agent=user_agent(request))


async def current_user_or_none(request: Request) -> CurrentUser | None:
    cached = request.scope.get("dangbo_user", False)
    if cached is not False:
        return cached
    user = await request.app.state.accounts.resolve_session(cookie(request, SESSION_COOKIE))
    request.scope["dangbo_user"] = user  # type: ignore[typeddict-unknown-key]
    return user


async def provide_user(request: Request) -> CurrentUser:
    user = await current_user_or_none(request)
    if user is None:
        raise Problem(401, "Phiên đăng nhập đã hết hạn. Hãy đăng nhập lại.", code="unauthenticated")
    return user


async def provide_admin(request: Request) -> CurrentUser:
    user = await provide_user(request)
    if not user.has(Role.QUAN_TRI):
        raise Problem(403, "Chỉ quản trị viên được thực hiện thao tác này.", code="forbidden")
    return user
