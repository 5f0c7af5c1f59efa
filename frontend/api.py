"""The typed API client of the Reflex UI.

State handlers reach the Litestar API in process (``httpx.ASGITransport``): the same
routes, guards, validation and audit as any other client, with no network hop. The UI never
opens the database. Each call carries the browser's session cookie, user agent and address
(``x-forwarded-for``, trusted from loopback only), so the API sees the real caller.

Usage in a handler::

    async with api_client(self) as api:
        me = await api.me()
"""

from __future__ import annotations

import http.cookies
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any, TypeVar

import httpx
import msgspec

from backend.accounts.deps import SESSION_COOKIE
from backend.core.csrf import CSRF_COOKIE, CSRF_HEADER
from shared.accounts import (
    ActiveSession,
    InvitationCreate,
    InvitationCreated,
    InvitationInfo,
    Me,
    Passkey,
    PasskeyRename,
)
from shared.notifications import (
    MarkedRead,
    NotificationItem,
    NotificationPage,
    NotificationPreference,
    NotificationPreferenceView,
    PreferencesUpdate,
    PushDevice,
    TestPushResult,
    UnreadCount,
)
from shared.orgs import Organisation
from shared.signing import SignatureReport

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

    import reflex as rx
    from litestar import Litestar

T = TypeVar("T")

_api_app: Litestar | None = None
_origin = "http://localhost:3000"


def use_api(app: Litestar, origin: str) -> None:
    """Bind the API the UI talks to (done once by the app module)."""
    global _api_app, _origin
    _api_app, _origin = app, origin


class Problem(msgspec.Struct):
    """An RFC 9457 problem detail as the API sends it."""

    status: int
    detail: str = ""
    title: str = ""
    type: str = "about:blank"


class ApiError(Exception):
    """A refused call; ``detail`` is the API's Vietnamese explanation, fit to show."""

    def __init__(self, status: int, detail: str, code: str = "") -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.code = code

    @property
    def unauthenticated(self) -> bool:
        return self.status == 401


def _problem(response: httpx.Response) -> ApiError:
    try:
        problem = msgspec.json.decode(response.content, type=Problem)
        code = problem.type.rsplit("/", 1)[-1] if "/problems/" in problem.type else ""
        return ApiError(response.status_code, problem.detail or problem.title, code)
    except msgspec.DecodeError:
        return ApiError(response.status_code, "Lỗi hệ thống, vui lòng thử lại sau.")


def session_cookie_of(cookie_header: str) -> str | None:
    jar = http.cookies.SimpleCookie()
    try:
        jar.load(cookie_header or "")
    except http.cookies.CookieError:
        return None
    morsel = jar.get(SESSION_COOKIE)
    return morsel.value if morsel else None


class ApiClient:
    """Typed calls to ``/api``; decodes into the ``shared`` structs, raises ``ApiError``."""

    def __init__(self, http_client: httpx.AsyncClient, session: str | None) -> None:
        self._http = http_client
        self._cookies = {SESSION_COOKIE: session} if session else {}
        self._csrf_ready = False

    def _cookie_header(self) -> dict[str, str]:
        if not self._cookies:
            return {}
        return {"cookie": "; ".join(f"{k}={v}" for k, v in self._cookies.items())}

    # ---- plumbing ------------------------------------------------------------------------

    async def _prime_csrf(self) -> None:
        # Litestar's CSRF check wants the same token in the cookie and the header.
        if self._csrf_ready:
            return
        response = await self._http.get("/api/csrf", headers=self._cookie_header())
        if response.status_code >= 400:
            raise _problem(response)
        token = response.cookies.get(CSRF_COOKIE) or ""
        self._cookies[CSRF_COOKIE] = token
        self._http.headers[CSRF_HEADER] = token
        self._csrf_ready = True

    async def request(
        self, method: str, path: str, *, body: Any = None, type: type[T] | None = None
    ) -> T | None:
        if method not in ("GET", "HEAD"):
            await self._prime_csrf()
        content = msgspec.json.encode(body) if body is not None else None
        headers = self._cookie_header()
        if content is not None:
            headers["content-type"] = "application/json"
        response = await self._http.request(method, path, content=content, headers=headers)
        if response.status_code >= 400:
            raise _problem(response)
        if type is None or response.status_code == 204:
            return None
        return msgspec.json.decode(response.content, type=type)

    async def get(self, path: str, type: type[T]) -> T:
        return await self.request("GET", path, type=type)  # type: ignore[return-value]

    # ---- accounts ------------------------------------------------------------------------

    async def me(self) -> Me:
        return await self.get("/api/me", Me)

    async def passkeys(self) -> list[Passkey]:
        return await self.get("/api/me/passkeys", list[Passkey])

    async def rename_passkey(self, passkey_id: int, name: str) -> None:
        await self.request("PATCH", f"/api/me/passkeys/{passkey_id}", body=PasskeyRename(name))

    async def revoke_passkey(self, passkey_id: int) -> None:
        await self.request("DELETE", f"/api/me/passkeys/{passkey_id}")

    async def sessions(self) -> list[ActiveSession]:
        return await self.get("/api/me/sessions", list[ActiveSession])

    async def revoke_session(self, session_id: int) -> None:
        await self.request("DELETE", f"/api/me/sessions/{session_id}")

    async def invitation(self, token: str) -> InvitationInfo:
        return await self.get(f"/api/auth/invitations/{token}", InvitationInfo)

    # ---- administration ------------------------------------------------------------------

    async def organisations(self) -> list[Organisation]:
        return await self.get("/api/orgs", list[Organisation])

    async def invite(self, invitation: InvitationCreate) -> InvitationCreated:
        return await self.request(  # type: ignore[return-value]
            "POST", "/api/admin/invitations", body=invitation, type=InvitationCreated
        )

    # ---- notifications -------------------------------------------------------------------

    async def notifications(self, before: int | None = None, limit: int = 20) -> NotificationPage:
        query = f"?limit={limit}" + (f"&before={before}" if before else "")
        return await self.get(f"/api/notifications{query}", NotificationPage)

    async def notification(self, notification_id: int) -> NotificationItem:
        return await self.get(f"/api/notifications/{notification_id}", NotificationItem)

    async def unread_count(self) -> int:
        return (await self.get("/api/notifications/unread-count", UnreadCount)).count

    async def mark_notification_read(self, notification_id: int) -> MarkedRead:
        return await self.request(  # type: ignore[return-value]
            "POST", f"/api/notifications/{notification_id}/read", type=MarkedRead
        )

    async def mark_all_notifications_read(self) -> MarkedRead:
        return await self.request(  # type: ignore[return-value]
            "POST", "/api/notifications/read-all", type=MarkedRead
        )

    async def notification_preferences(self) -> list[NotificationPreferenceView]:
        return await self.get("/api/notifications/preferences", list[NotificationPreferenceView])

    async def update_notification_preferences(
        self, items: list[NotificationPreference]
    ) -> list[NotificationPreferenceView]:
        return await self.request(  # type: ignore[return-value]
            "PUT",
            "/api/notifications/preferences",
            body=PreferencesUpdate(items=items),
            type=list[NotificationPreferenceView],
        )

    async def push_devices(self) -> list[PushDevice]:
        return await self.get("/api/push/subscriptions", list[PushDevice])

    async def remove_push_device(self, subscription_id: int) -> None:
        await self.request("DELETE", f"/api/push/subscriptions/{subscription_id}")

    async def test_push_device(self, subscription_id: int) -> TestPushResult:
        return await self.request(  # type: ignore[return-value]
            "POST", f"/api/push/subscriptions/{subscription_id}/test", type=TestPushResult
        )

    # ---- signing -------------------------------------------------------------------------

    async def verify_pdf(self, filename: str, content: bytes) -> SignatureReport:
        """``POST /api/signing/verify`` (multipart): every signature in the PDF, checked."""
        await self._prime_csrf()
        response = await self._http.post(
            "/api/signing/verify",
            files={"data": (filename or "van-ban.pdf", content, "application/pdf")},
            headers=self._cookie_header(),
        )
        if response.status_code >= 400:
            raise _problem(response)
        return msgspec.json.decode(response.content, type=SignatureReport)


@asynccontextmanager
async def open_client(
    *, cookie_header: str = "", user_agent: str = "", client_ip: str = ""
) -> AsyncIterator[ApiClient]:
    """A client acting for the browser described by these request facts."""
    if _api_app is None:
        raise RuntimeError("use_api() has not been called")
    headers = {"user-agent": user_agent or "dangbo-ui"}
    if client_ip:
        headers["x-forwarded-for"] = client_ip
    # The browser's address is also the ASGI client address, so what keys on it (the auth
    # rate limit) counts each browser apart instead of lumping every UI call together.
    transport = httpx.ASGITransport(app=_api_app, client=(client_ip or "127.0.0.1", 0))
    async with httpx.AsyncClient(
        transport=transport, base_url=_origin, headers=headers, timeout=30
    ) as http_client:
        # Only the session cookie is passed on: the API needs nothing else of the browser's.
        yield ApiClient(http_client, session_cookie_of(cookie_header))


def api_client(state: rx.State):
    """``async with api_client(self) as api:`` inside a Reflex event handler."""
    router = state.router
    return open_client(
        cookie_header=router.headers.cookie,
        user_agent=router.headers.user_agent,
        client_ip=router.session.client_ip,
    )
