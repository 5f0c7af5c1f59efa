"""A loopback push service for tests and benchmarks, strict where real ones are strict.

For each message it checks what FCM / Mozilla autopush check, then records it:

* the VAPID ``Authorization: vapid t=<JWT>, k=<key>`` header (RFC 8292): ES256 signature
  verified with ``k``, ``k`` equal to the application server key the subscription was made
  with, ``aud`` equal to this service's origin, ``exp`` in the future and at most 24 h away,
  ``sub`` a mailto: or https: contact;
* ``TTL`` present (RFC 8030), ``Urgency`` and ``Topic`` well formed;
* ``Content-Encoding: aes128gcm``, and the body decrypts (RFC 8291, with ``http_ece``) with the
  subscription's private key and auth secret, which only this service and the test know.

Each subscription answers 201 unless told otherwise: ``script`` is a list of statuses (or
``(status, retry_after)`` pairs) used one per request, e.g. ``[(429, "1"), 500]`` then 201.

The server runs on 127.0.0.1 at a random port in its own thread and event loop, so the
code under test (in-process or in another process) reaches it over real TCP.
"""

from __future__ import annotations

import asyncio
import base64
import json
import re
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

import http_ece
from aiohttp import web
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature


def b64url_decode(value: str) -> bytes:
    return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))


def b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


@dataclass
class Received:
    token: str
    status: int  # what the fake answered
    error: str  # why it refused, "" when the message was valid
    payload: dict | None
    claims: dict | None
    headers: dict[str, str]
    at: float


@dataclass
class FakeSubscription:
    """A browser's side of one subscription: its key pair and auth secret."""

    service: FakePushService
    token: str
    private_key: ec.EllipticCurvePrivateKey
    auth: bytes
    script: deque = field(default_factory=deque)

    @property
    def endpoint(self) -> str:
        return f"{self.service.origin}/push/{self.token}"

    def as_json(self) -> dict:
        """What ``PushSubscription.toJSON()`` gives in a browser."""
        public = self.private_key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        return {
            "endpoint": self.endpoint,
            "expirationTime": None,
            "keys": {"p256dh": b64url(public), "auth": b64url(self.auth)},
        }

    def respond(self, *statuses: int | tuple[int, str]) -> None:
        self.script.extend(statuses)

    @property
    def received(self) -> list[Received]:
        return [r for r in self.service.received if r.token == self.token]

    @property
    def accepted(self) -> list[Received]:
        return [r for r in self.received if 200 <= r.status < 300]


class FakePushService:
    def __init__(self, application_server_key: str | None = None) -> None:
        self.application_server_key = application_server_key
        self.delay_seconds = 0.0  # how long each push takes to be accepted (a slow service)
        self.subscriptions: dict[str, FakeSubscription] = {}
        self._received: list[Received] = []
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._runner: web.AppRunner | None = None
        self._ready = threading.Event()
        self.port = 0

    # -- lifecycle ------------------------------------------------------------------------------

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> FakePushService:
        self._thread = threading.Thread(target=self._serve, name="fake-push", daemon=True)
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("fake push service did not start")
        return self

    def stop(self) -> None:
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)
        if self._thread is not None:
            self._thread.join(10)

    def _serve(self) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        app = web.Application(client_max_size=8192)
        app.router.add_post("/push/{token}", self._handle)
        self._runner = web.AppRunner(app, access_log=None)
        loop.run_until_complete(self._runner.setup())
        site = web.TCPSite(self._runner, "127.0.0.1", 0, backlog=1024)
        loop.run_until_complete(site.start())
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self._ready.set()
        try:
            loop.run_forever()
        finally:
            loop.run_until_complete(self._runner.cleanup())
            loop.close()

    # -- subscriptions --------------------------------------------------------------------------

    def subscription(self, *script: int | tuple[int, str]) -> FakeSubscription:
        sub = FakeSubscription(
            service=self,
            token=secrets.token_urlsafe(16),
            private_key=ec.generate_private_key(ec.SECP256R1()),
            auth=secrets.token_bytes(16),
        )
        sub.respond(*script)
        self.subscriptions[sub.token] = sub
        return sub

    @property
    def received(self) -> list[Received]:
        with self._lock:
            return list(self._received)

    def reset(self) -> None:
        with self._lock:
            self._received.clear()

    async def wait_for(
        self, condition: Callable[[], bool], within: float = 30.0, interval: float = 0.05
    ) -> bool:
        """Poll ``condition`` until it holds or ``within`` seconds pass; its final value."""
        stop_at = time.monotonic() + within
        while time.monotonic() < stop_at:
            if condition():
                return True
            await asyncio.sleep(interval)
        return condition()

    # -- the push endpoint ----------------------------------------------------------------------

    def _verify_vapid(self, authorization: str) -> dict:
        match = re.fullmatch(r"vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)", authorization.strip())
        if not match:
            raise PermissionError("Authorization is not 'vapid t=…, k=…'")
        token, key = match.groups()
        if self.application_server_key and key != self.application_server_key:
            raise PermissionError("k is not the key the subscription was created with")
        try:
            header_b64, claims_b64, signature_b64 = token.split(".")
            header = json.loads(b64url_decode(header_b64))
            claims = json.loads(b64url_decode(claims_b64))
            signature = b64url_decode(signature_b64)
        except (ValueError, json.JSONDecodeError) as exc:
            raise PermissionError(f"malformed JWT: {exc}") from None
        if header.get("alg") != "ES256" or header.get("typ", "JWT") != "JWT":
            raise PermissionError(f"JWT header {header}")
        if len(signature) != 64:
            raise PermissionError("ES256 signature must be 64 bytes (r||s)")
        public = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), b64url_decode(key))
        der = encode_dss_signature(
            int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big")
        )
        try:
            public.verify(der, f"{header_b64}.{claims_b64}".encode(), ec.ECDSA(hashes.SHA256()))
        except InvalidSignature:
            raise PermissionError("JWT signature does not verify") from None
        now = time.time()
        if claims.get("aud") != self.origin:
            raise PermissionError(f"aud {claims.get('aud')!r} is not {self.origin!r}")
        exp = claims.get("exp")
        if not isinstance(exp, int) or exp <= now or exp > now + 24 * 3600:
            raise PermissionError(f"exp {exp!r} not within the next 24 h")
        sub = str(claims.get("sub", ""))
        if not sub.startswith(("mailto:", "https:")):
            raise PermissionError(f"sub {sub!r} is not a mailto: or https: contact")
        return claims

    async def _handle(self, request: web.Request) -> web.Response:
        token = request.match_info["token"]
        body = await request.read()
        headers = {k.lower(): v for k, v in request.headers.items()}
        kept = {
            k: headers[k] for k in ("ttl", "urgency", "topic", "content-encoding") if k in headers
        }
        sub = self.subscriptions.get(token)
        if sub is None:
            return self._record(token, 404, "unknown subscription", None, None, kept)
        try:
            claims = self._verify_vapid(headers.get("authorization", ""))
        except PermissionError as exc:
            return self._record(token, 401, str(exc), None, None, kept)
        error = ""
        if not headers.get("ttl", "").isdigit():
            error = "TTL header missing or not a number"
        elif headers.get("urgency", "normal") not in ("very-low", "low", "normal", "high"):
            error = "bad Urgency"
        elif "topic" in headers and not re.fullmatch(r"[A-Za-z0-9_-]{1,32}", headers["topic"]):
            error = "bad Topic"
        elif headers.get("content-encoding") != "aes128gcm":
            error = "Content-Encoding is not aes128gcm"
        if error:
            return self._record(token, 400, error, None, claims, kept)
        try:
            plain = http_ece.decrypt(
                body, private_key=sub.private_key, auth_secret=sub.auth, version="aes128gcm"
            )
            payload = json.loads(plain)
        except Exception as exc:  # noqa: BLE001 - any failure is a bad message
            return self._record(token, 400, f"cannot decrypt: {exc!r}", None, claims, kept)
        if self.delay_seconds:
            await asyncio.sleep(self.delay_seconds)
        answer = sub.script.popleft() if sub.script else 201
        status, retry_after = answer if isinstance(answer, tuple) else (answer, None)
        return self._record(token, status, "", payload, claims, kept, retry_after)

    def _record(
        self,
        token: str,
        status: int,
        error: str,
        payload: dict | None,
        claims: dict | None,
        headers: dict[str, str],
        retry_after: str | None = None,
    ) -> web.Response:
        with self._lock:
            self._received.append(
                Received(token, status, error, payload, claims, headers, time.monotonic())
            )
        response_headers = {"Retry-After": retry_after} if retry_after else {}
        if status == 201:
            response_headers["Location"] = f"{self.origin}/message/{secrets.token_hex(8)}"
        return web.Response(status=status, headers=response_headers, text=error)
