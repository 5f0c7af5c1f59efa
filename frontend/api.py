"""The plumbing of the UI's typed API client: one ``ApiClient`` for every area.

State handlers reach the Litestar API in process (``httpx.ASGITransport``): the same
routes, guards, validation and audit as any other client, with no network hop. The UI never
opens the database. Each call carries the browser's session cookie, user agent and address
(``x-forwarded-for``, trusted from loopback only), so the API sees the real caller.

Every route the UI calls is declared once, as an :class:`Endpoint` in its area's
``client.py``, and every call goes through it, so a test can hold each declaration against the
API's OpenAPI document. Usage in a handler::

    async with api_client(self) as api:
        me = await account.me(api)  # frontend/account/client.py
"""

from __future__ import annotations

import http.cookies
import json
import re
from collections.abc import Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar
from urllib.parse import quote, urlencode

import httpx
import msgspec

from backend.accounts.identity import SESSION_COOKIE
from backend.core.csrf import CSRF_COOKIE, CSRF_HEADER

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

    import reflex as rx
    from litestar import Litestar

T = TypeVar("T")

_PARAMETER = re.compile(r"\{(\w+)\}")

_api_app: Litestar | None = None
_origin = "http://localhost:3000"


def use_api(app: Litestar, origin: str) -> None:
    """Bind the API the UI talks to (done once by the app module)."""
    global _api_app, _origin
    _api_app, _origin = app, origin


@dataclass(frozen=True)
class Endpoint(Generic[T]):
    """One route of the API as the UI calls it: the method, the path template as the API
    declares it (``/api/documents/{document_id}``), the query parameters the UI may send, and
    the ``shared`` type of the answer (None when the UI reads no body)."""

    method: str
    path: str
    answer: Any = None  # type[T], or a generic alias such as list[Passkey]
    query: tuple[str, ...] = ()

    @property
    def parameters(self) -> list[str]:
        return _PARAMETER.findall(self.path)

    def url(self, query: Mapping[str, object] | None = None, **params: object) -> str:
        """The address with the path parameters filled in; query values that are None, empty
        or False are left out (the API's defaults)."""
        if set(params) != set(self.parameters):
            raise TypeError(f"{self.path} takes {self.parameters}, not {sorted(params)}")
        path = _PARAMETER.sub(lambda m: quote(str(params[m.group(1)]), safe=""), self.path)
        sent = {
            k: "true" if v is True else v
            for k, v in (query or {}).items()
            if v is not None and v is not False and v != ""
        }
        unknown = set(sent) - set(self.query)
        if unknown:
            raise TypeError(f"{self.path} declares no query parameter {sorted(unknown)}")
        return f"{path}?{urlencode(sent)}" if sent else path

    def js_url(self, **expressions: str) -> str:
        """A JavaScript expression for the address, each path parameter given as an
        expression (for the scripts that call the API from the page)."""
        parts = _PARAMETER.split(self.path)  # text, name, text, name, …, text
        pieces = [
            f"encodeURIComponent({expressions[part]})" if i % 2 else json.dumps(part)
            for i, part in enumerate(parts)
            if i % 2 or part
        ]
        return " + ".join(pieces)


CSRF = Endpoint("GET", "/api/csrf")


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


# A file for a multipart upload: (file name, content, media type).
UploadedFile = tuple[str, bytes, str]


class ApiClient:
    """Calls to ``/api`` through declared endpoints; decodes answers into the ``shared``
    structs and raises ``ApiError`` with the API's explanation when refused."""

    def __init__(self, http_client: httpx.AsyncClient, session: str | None) -> None:
        self._http = http_client
        self._cookies = {SESSION_COOKIE: session} if session else {}
        self._csrf_ready = False

    def _cookie_header(self) -> dict[str, str]:
        if not self._cookies:
            return {}
        return {"cookie": "; ".join(f"{k}={v}" for k, v in self._cookies.items())}

    async def _prime_csrf(self) -> None:
        # Litestar's CSRF check wants the same token in the cookie and the header.
        if self._csrf_ready:
            return
        response = await self._http.get(CSRF.url(), headers=self._cookie_header())
        if response.status_code >= 400:
            raise _problem(response)
        token = response.cookies.get(CSRF_COOKIE) or ""
        self._cookies[CSRF_COOKIE] = token
        self._http.headers[CSRF_HEADER] = token
        self._csrf_ready = True

    async def _send(
        self,
        endpoint: Endpoint[T],
        url: str,
        headers: Mapping[str, str] | None = None,
        **payload: Any,
    ) -> T:
        if endpoint.method not in ("GET", "HEAD"):
            await self._prime_csrf()
        response = await self._http.request(
            endpoint.method, url, headers={**self._cookie_header(), **(headers or {})}, **payload
        )
        if response.status_code >= 400:
            raise _problem(response)
        if endpoint.answer is None or response.status_code == 204:
            return None  # type: ignore[return-value]
        return msgspec.json.decode(response.content, type=endpoint.answer)

    async def request(
        self,
        endpoint: Endpoint[T],
        *,
        body: Any = None,
        query: Mapping[str, object] | None = None,
        headers: Mapping[str, str] | None = None,
        **params: object,
    ) -> T:
        """Call ``endpoint`` with a JSON ``body`` (when given) and extra ``headers`` (such as
        ``Idempotency-Key``); ``params`` fill its path."""
        url = endpoint.url(query, **params)
        if body is None:
            return await self._send(endpoint, url, headers=headers)
        return await self._send(
            endpoint,
            url,
            headers={**(headers or {}), "content-type": "application/json"},
            content=msgspec.json.encode(body),
        )

    async def get(
        self, endpoint: Endpoint[T], *, query: Mapping[str, object] | None = None, **params: object
    ) -> T:
        if endpoint.method != "GET":
            raise TypeError(f"{endpoint.method} {endpoint.path} is not a GET")
        return await self.request(endpoint, query=query, **params)

    async def post(
        self,
        endpoint: Endpoint[T],
        body: Any = None,
        *,
        headers: Mapping[str, str] | None = None,
        **params: object,
    ) -> T:
        if endpoint.method != "POST":
            raise TypeError(f"{endpoint.method} {endpoint.path} is not a POST")
        return await self.request(endpoint, body=body, headers=headers, **params)

    async def upload(
        self,
        endpoint: Endpoint[T],
        *,
        files: Mapping[str, UploadedFile],
        fields: Mapping[str, str] | None = None,
        **params: object,
    ) -> T:
        """A multipart request: ``files`` by form field, plus plain text ``fields``."""
        return await self._send(
            endpoint, endpoint.url(**params), files=dict(files), data=dict(fields or {})
        )


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
