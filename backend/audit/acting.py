"""What the audit log adds to the events of one request: the account recovery the acting
session's passkey came from.

A passkey enrolled through an administrator's recovery link keeps that origin for good, and
every act of a session it opened names the recovery in the audit detail (``"recovery": id``),
whichever domain writes the event: ``provide_actor`` names it once per request
(:func:`name_recovery`) and :func:`backend.audit.services.record` adds it to the events of
that user. The names live in a per-request holder set up by :func:`request_scope` (an ASGI
middleware): dependencies may be resolved in child tasks, which see the same holder.
"""

from __future__ import annotations

from contextvars import ContextVar

from litestar.types import ASGIApp, Receive, Scope, Send

_ACTING: ContextVar[dict[int, int] | None] = ContextVar("audit_acting", default=None)


def request_scope(app: ASGIApp) -> ASGIApp:
    """Litestar middleware: a fresh holder for each request, dropped when it ends."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        token = _ACTING.set({})
        try:
            await app(scope, receive, send)
        finally:
            _ACTING.reset(token)

    return middleware


def name_recovery(user_id: int, recovery_id: int) -> None:
    """The acting user's session came from this recovery's passkey (for this request)."""
    acting = _ACTING.get()
    if acting is not None:
        acting[user_id] = recovery_id


def recovery_of(user_id: int | None) -> int | None:
    acting = _ACTING.get()
    if not acting or user_id is None:
        return None
    return acting.get(user_id)
