"""Controller dependencies of every domain: who is calling (:class:`Actor`, from the session
cookie) and from where (:class:`Client`).

``provide_actor`` is the one check no domain can forget: a session opened with a passkey that
an account recovery still holds is refused here (403 ``recovery_held``), whatever the endpoint.
Only the user's own recovery endpoints and logging out take ``provide_actor_in_recovery``
instead; ``/api/me`` resolves the session itself and shows the hold.
"""

from __future__ import annotations

from litestar import Request

from backend.accounts.identity import SESSION_COOKIE, Actor, Client
from backend.accounts.recovery_hold import held_problem
from backend.accounts.sessions import SessionService
from backend.audit.acting import name_recovery
from backend.core.problems import Problem
from backend.core.request_info import client_ip, cookie, user_agent

__all__ = [
    "SESSION_COOKIE",
    "provide_actor",
    "provide_actor_in_recovery",
    "provide_client",
    "session_actor",
]

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


async def provide_actor_in_recovery(request: Request) -> Actor:
    """The signed-in user, also when his session's passkey is held by a recovery."""
    actor = await session_actor(request)
    if actor is None:
        raise Problem(401, UNAUTHENTICATED, code="unauthenticated")
    if actor.recovery_id is not None:
        name_recovery(actor.id, actor.recovery_id)
    return actor.coming_from(provide_client(request))


async def provide_actor(request: Request) -> Actor:
    actor = await session_actor(request)
    if actor is None:
        raise Problem(401, UNAUTHENTICATED, code="unauthenticated")
    if actor.recovery_held:
        raise held_problem(actor.recovery_id)
    if actor.recovery_id is not None:
        name_recovery(actor.id, actor.recovery_id)
    return actor.coming_from(provide_client(request))
