"""Signing a citizen in with VNeID: the OAuth2 authorization-code flow as VNeID speaks it
(DESIGN.md, "VNeID"; docs/citizens.md).

``start`` keeps a random ``state`` (and a PKCE verifier when configured) server-side, in the
ceremonies store, bound to the browser by a cookie; ``finish`` takes it exactly once, opens an
encrypted code, exchanges it (form-encoded, with the client secret), reads userinfo with the
Bearer token, opens both ``{data, key}`` answers, checks the claims and the account level, then
enrolls or finds the citizen and opens a session, in one transaction. Every refusal is a
:class:`VneidRefused` naming a :class:`shared.citizens.VneidFailure`; before it nothing was
written.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from urllib.parse import urlencode

import httpx
import msgspec
import structlog

from backend import db
from backend.accounts.identity import Actor, Client
from backend.accounts.sessions import SessionService
from backend.audit import services as audit
from backend.citizens.client_key import VneidClientKey
from backend.citizens.envelope import Unreadable, open_code, open_envelope
from backend.citizens.identity import VneidIdentity
from backend.citizens.registry import CitizenRegistry
from backend.core.stores import OneTimeStore
from backend.settings import Settings
from shared.citizens import VneidFailure

STATE_TTL_SECONDS = 600
SIMULATOR_PATH = "/vneid-sim"
SIMULATOR_CLIENT_ID = "dangbo-demo"
_PID = re.compile(r"^[0-9]{12}$")
NAME_MAX = 200


@dataclass(frozen=True)
class VneidConfig:
    authorization_url: str
    token_url: str
    userinfo_url: str
    client_id: str
    client_secret: str
    redirect_uri: str
    scope: str
    pkce: bool
    min_level: int
    timeout_seconds: float

    @property
    def ready(self) -> bool:
        return all((self.authorization_url, self.token_url, self.userinfo_url, self.client_id))


def simulator_secret(settings: Settings) -> str:
    """The demo client's secret, the same for the app and the simulator it mounts."""
    return hmac.new(
        settings.secret_key.encode(), b"dangbo vneid simulator client", hashlib.sha256
    ).hexdigest()[:32]


def config_of(settings: Settings) -> VneidConfig:
    sim = settings.vneid_simulator and not settings.is_production
    base = f"{settings.origin}{SIMULATOR_PATH}"
    return VneidConfig(
        authorization_url=settings.vneid_authorization_url or (f"{base}/authorize" if sim else ""),
        token_url=settings.vneid_token_url or (f"{base}/token" if sim else ""),
        userinfo_url=settings.vneid_userinfo_url or (f"{base}/userinfo" if sim else ""),
        client_id=settings.vneid_client_id or (SIMULATOR_CLIENT_ID if sim else ""),
        client_secret=settings.vneid_client_secret or (simulator_secret(settings) if sim else ""),
        redirect_uri=settings.vneid_redirect_uri,
        scope=settings.vneid_scope,
        pkce=settings.vneid_pkce or (sim and not settings.vneid_authorization_url),
        min_level=settings.vneid_min_level,
        timeout_seconds=settings.vneid_timeout_seconds,
    )


class VneidRefused(Exception):
    def __init__(self, failure: VneidFailure, reason: str = "") -> None:
        super().__init__(failure.value)
        self.failure = failure
        self.reason = reason  # for the log: never a number, a name or a token


class PendingSignIn(msgspec.Struct, frozen=True):
    binding: str  # sha256 of the browser cookie's value
    verifier: str = ""  # PKCE code verifier


def _challenge(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def _binding(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def _birth_date(raw: Any) -> date | None:
    if not isinstance(raw, str) or not raw.strip():
        return None
    text = raw.strip()
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%Y%m%d"):
        try:
            return datetime.strptime(text[:10], fmt).date()
        except ValueError:
            continue
    return None


def _level(raw: Any) -> int:
    if isinstance(raw, bool):
        return 0
    if isinstance(raw, int):
        return raw
    if isinstance(raw, str) and raw.strip().isdigit():
        return int(raw.strip())
    return 0


def identity_of(claims: dict, min_level: int) -> VneidIdentity:
    """The checked identity in VNeID's userinfo claims."""
    pid = claims.get("citizenPid")
    name = claims.get("fullName")
    if not isinstance(pid, str) or not _PID.match(pid.strip()):
        raise VneidRefused(VneidFailure.CLAIMS, "citizenPid missing or not 12 digits")
    if not isinstance(name, str) or not name.strip() or len(name) > NAME_MAX:
        raise VneidRefused(VneidFailure.CLAIMS, "fullName missing or too long")
    level = _level(claims.get("accountLevel"))
    if level < min_level:
        raise VneidRefused(VneidFailure.LEVEL, f"account level {level} < {min_level}")

    def place(key: str) -> str:
        value = claims.get(key)
        return " ".join(value.split())[:120] if isinstance(value, str) else ""

    return VneidIdentity(
        pid=pid.strip(),
        full_name=" ".join(name.split()),
        birth_date=_birth_date(claims.get("birthDate")),
        account_level=level,
        province=place("province"),
        commune=place("commune"),
    )


class VneidClient:
    def __init__(
        self,
        settings: Settings,
        store: OneTimeStore,
        client_key: VneidClientKey,
        registry: CitizenRegistry,
        sessions: SessionService,
    ) -> None:
        self.config = config_of(settings)
        self.settings = settings
        self.store = store
        self.client_key = client_key
        self.registry = registry
        self.sessions = sessions
        # Tests (and the demo's in-process simulator) may hand another transport.
        self.transport: httpx.AsyncBaseTransport | None = None

    @staticmethod
    def config_for(settings: Settings) -> VneidConfig:
        return config_of(settings)

    async def start(self) -> tuple[str, str]:
        """The authorize address to send the browser to, and the value of the cookie that
        binds the sign-in to this browser."""
        state = secrets.token_urlsafe(24)
        browser = secrets.token_urlsafe(24)
        verifier = secrets.token_urlsafe(48) if self.config.pkce else ""
        pending = PendingSignIn(binding=_binding(browser), verifier=verifier)
        await self.store.put(f"vneid:{state}", msgspec.json.encode(pending), STATE_TTL_SECONDS)
        query = {
            "response_type": "code",
            "client_id": self.config.client_id,
            "redirect_uri": self.config.redirect_uri,
            "scope": self.config.scope,
            "state": state,
        }
        if verifier:
            query |= {"code_challenge": _challenge(verifier), "code_challenge_method": "S256"}
        joiner = "&" if "?" in self.config.authorization_url else "?"
        return f"{self.config.authorization_url}{joiner}{urlencode(query)}", browser

    async def _pending(self, state: str, browser: str | None) -> PendingSignIn:
        if not state or len(state) > 200:
            raise VneidRefused(VneidFailure.STATE, "no state")
        raw = await self.store.take(f"vneid:{state}")
        if raw is None:
            raise VneidRefused(VneidFailure.STATE, "unknown, used or expired state")
        pending = msgspec.json.decode(raw, type=PendingSignIn)
        if not browser or not hmac.compare_digest(pending.binding, _binding(browser)):
            raise VneidRefused(VneidFailure.STATE, "state opened in another browser")
        return pending

    async def _call(self, http: httpx.AsyncClient, method: str, url: str, **kwargs) -> dict:
        try:
            response = await http.request(method, url, **kwargs)
        except httpx.TimeoutException as exc:
            raise VneidRefused(VneidFailure.UNAVAILABLE, f"{url}: timeout") from exc
        except httpx.HTTPError as exc:
            raise VneidRefused(VneidFailure.UNAVAILABLE, f"{url}: {type(exc).__name__}") from exc
        if response.status_code >= 500:
            raise VneidRefused(VneidFailure.UNAVAILABLE, f"{url}: {response.status_code}")
        if response.status_code in (400, 401, 403):
            raise VneidRefused(VneidFailure.CODE, f"{url}: {response.status_code}")
        if response.status_code != 200:
            raise VneidRefused(VneidFailure.UNAVAILABLE, f"{url}: {response.status_code}")
        try:
            return open_envelope(await self.client_key.private_key(), response.content)
        except Unreadable as exc:
            raise VneidRefused(VneidFailure.UNREADABLE, f"{url}: {exc}") from exc

    async def identity(self, params: dict[str, str], browser: str | None) -> VneidIdentity:
        """The checked identity behind a callback's parameters (no writes)."""
        state = params.get("state", "")
        pending = await self._pending(state, browser)
        if params.get("error"):
            raise VneidRefused(VneidFailure.DENIED, "the citizen cancelled")
        code = params.get("code", "")
        if not code or len(code) > 4096:
            raise VneidRefused(VneidFailure.CODE, "no code")
        encrypt_key = params.get("encrypt_key", "")
        if encrypt_key:
            try:
                code = open_code(await self.client_key.private_key(), code, encrypt_key)
            except Unreadable as exc:
                raise VneidRefused(VneidFailure.UNREADABLE, f"code: {exc}") from exc
        form = {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": self.config.redirect_uri,
            "client_id": self.config.client_id,
            "client_secret": self.config.client_secret,
        }
        if pending.verifier:
            form["code_verifier"] = pending.verifier
        async with httpx.AsyncClient(
            transport=self.transport, timeout=self.config.timeout_seconds
        ) as http:
            token = await self._call(http, "POST", self.config.token_url, data=form)
            access = token.get("access_token")
            if not isinstance(access, str) or not access:
                raise VneidRefused(VneidFailure.UNREADABLE, "no access_token")
            claims = await self._call(
                http,
                "GET",
                self.config.userinfo_url,
                headers={"Authorization": f"Bearer {access}"},
            )
        return identity_of(claims, self.config.min_level)

    async def finish(
        self, params: dict[str, str], browser: str | None, client: Client
    ) -> tuple[Actor, str, bool]:
        """The signed-in citizen, his session token, and whether his account was created
        now. Raises :class:`VneidRefused` (audited) with nothing written."""
        try:
            identity = await self.identity(params, browser)
            if await self.registry.closed(identity):
                raise VneidRefused(VneidFailure.CLOSED, "account closed")
        except VneidRefused as refused:
            structlog.get_logger("dangbo.citizens").info(
                "vneid.refused", failure=refused.failure.value, reason=refused.reason
            )
            async with db.transaction():
                # No address: audit rows about citizens hold no personal data.
                await audit.record(
                    "citizen.login_failed", detail={"failure": refused.failure.value}
                )
            raise
        async with db.transaction():
            user_id, created = await self.registry.enroll(identity)
            await audit.record(
                "login.succeeded",
                actor_id=user_id,
                detail={"via": "vneid", "account_level": identity.account_level},
            )
            token = await self.sessions.open(user_id, client)
        actor = await self.sessions.resolve(token)
        if actor is None:  # closed between the check and now
            raise VneidRefused(VneidFailure.CLOSED, "account closed meanwhile")
        return actor, token, created
