"""Controller dependencies of every domain: who is calling (:class:`Actor`, from the session
cookie) and from where (:class:`Client`)."""

from __future__ import annotations

from litestar import Request

from backend.accounts.identity import SESSION_COOKIE, Actor, Client
from backend.accounts.sessions import SessionService
from backend.core.problems import Problem
from backend.core.request_info import client_ip, cookie, user_agent

__all__ = ["SESSION_COOKIE", "provide_actor", "provide_client", "session_actor"]

UNAUTHENTICATED = "Phiên đăng nhập đã hết hạn. Hãy đăng nhập lại."


def provide_client(request: Request) -> Client:
    return Client(ip=client_ip(request), user_agent=user_agent(request))


async def session_actor(request: Request) -> Actor | None:
    """The user of the request's session cookie (once per request), without the client."""
    cached = request.scope.get("dangbo_actor", False)
    if cached is not False:
        return cached
    sessions: SessionService = request.app.state.services.get(SessionService)
    actor = await sessions.resolve(cookie(request, SESSION_COOKIE))
    request.scope["dangbo_actor"] = actor  # type: ignore[typeddict-unknown-key]
    return actor


async def provide_actor(request: Request) -> Actor:
    actor = await session_actor(request)
    if actor is None:
        raise Problem(401, UNAUTHENTICATED, code="unauthenticated")
    return actor.coming_from(provide_client(request))
