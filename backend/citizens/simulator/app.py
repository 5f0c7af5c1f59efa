"""The VNeID simulator: a small Litestar app speaking VNeID's protocol (DESIGN.md, "VNeID").

- ``GET /authorize``: the sign-in page (test citizens, a form to enter one, cancel);
- ``POST /authorize``: the chosen citizen; redirects to the client's ``redirect_uri`` with an
  encrypted ``code`` and its ``encrypt_key`` (``+`` left unencoded, as VNeID does) and
  ``state``, or ``error=access_denied``;
- ``POST /token``: form-encoded ``grant_type, code, redirect_uri, client_id, client_secret``
  (and ``code_verifier`` when the authorize request had a PKCE challenge); a code works once
  and for ``code_ttl_seconds``; answers ``{data, key}`` encrypted to the client's public key;
- ``GET /userinfo`` with ``Authorization: Bearer``: the claims, encrypted the same way.

It never runs in production: :func:`create_simulator` refuses production settings, and the
settings refuse ``DANGBO_VNEID_SIMULATOR`` there (``backend/settings.py``).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlencode

from cryptography.hazmat.primitives.asymmetric import rsa
from litestar import Litestar, MediaType, Request, Response, get, post
from litestar.response import Redirect

from backend.citizens.envelope import seal_code, seal_envelope
from backend.citizens.simulator.pages import error_page, sign_in_page
from backend.citizens.simulator.people import TEST_CITIZENS, TestCitizen

PublicKey = Callable[[], Awaitable[rsa.RSAPublicKey]]
_AUTHORIZE_PARAMS = (
    "response_type",
    "client_id",
    "redirect_uri",
    "scope",
    "state",
    "code_challenge",
    "code_challenge_method",
)


class SimulatorInProduction(RuntimeError):
    pass


@dataclass
class Issued:
    claims: dict
    redirect_uri: str
    challenge: str
    expires: float


@dataclass
class SimulatorConfig:
    client_id: str
    client_secret: str
    public_key: PublicKey
    # Where codes may be sent: the app's callback (exact match).
    redirect_uris: tuple[str, ...]
    base_path: str = ""  # "/vneid-sim" when mounted on the app's origin
    code_ttl_seconds: float = 60.0
    token_ttl_seconds: float = 300.0
    encrypt_code: bool = True
    clock: Callable[[], float] = time.monotonic
    codes: dict[str, Issued] = field(default_factory=dict)
    tokens: dict[str, tuple[dict, float]] = field(default_factory=dict)


def _problem(status: int, error: str) -> Response:
    return Response({"error": error}, status_code=status, media_type=MediaType.JSON)


def _html(text: str, status: int = 200) -> Response:
    return Response(text, status_code=status, media_type=MediaType.HTML)


def _s256(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def _entered(form: dict[str, Any]) -> TestCitizen | None:
    pid = str(form.get("pid", "")).strip()
    name = " ".join(str(form.get("full_name", "")).split())
    if len(pid) != 12 or not pid.isdigit() or not name:
        return None
    level = str(form.get("level", "2"))
    return TestCitizen(
        pid=pid,
        full_name=name[:200],
        birth_date=str(form.get("birth_date", "")).strip()[:10],
        account_level=int(level) if level in ("1", "2") else 2,
        province=str(form.get("province", "")).strip()[:120],
        commune=str(form.get("commune", "")).strip()[:120],
    )


def create_simulator(config: SimulatorConfig, *, production: bool = False) -> Litestar:
    if production:
        raise SimulatorInProduction("Trình giả lập VNeID không bao giờ chạy ở chế độ production.")

    def checked(params: dict[str, str]) -> str | None:
        if params.get("client_id") != config.client_id:
            return "Ứng dụng (client_id) chưa được đăng ký với trình giả lập."
        if params.get("redirect_uri") not in config.redirect_uris:
            return "Địa chỉ chuyển về (redirect_uri) không khớp với địa chỉ đã đăng ký."
        if params.get("response_type") != "code":
            return "Chỉ hỗ trợ response_type=code."
        if params.get("code_challenge") and params.get("code_challenge_method") != "S256":
            return "Chỉ hỗ trợ PKCE S256."
        return None

    @get("/authorize", media_type=MediaType.HTML, sync_to_thread=False)
    def authorize(request: Request) -> Response:
        params = {
            k: request.query_params[k] for k in _AUTHORIZE_PARAMS if k in request.query_params
        }
        refusal = checked(params)
        if refusal:
            return _html(error_page(refusal), 400)
        return _html(sign_in_page(f"{config.base_path}/authorize", params))

    @post("/authorize", status_code=303)
    async def choose(request: Request) -> Response:
        form = dict(await request.form())
        params = {k: str(form[k]) for k in _AUTHORIZE_PARAMS if k in form}
        refusal = checked(params)
        if refusal:
            return _html(error_page(refusal), 400)
        back = params["redirect_uri"]
        joiner = "&" if "?" in back else "?"
        choice = str(form.get("citizen", ""))
        if choice == "huy":
            query = urlencode({"error": "access_denied", "state": params.get("state", "")})
            return Redirect(f"{back}{joiner}{query}", status_code=303)
        if choice.isdigit() and int(choice) < len(TEST_CITIZENS):
            person: TestCitizen | None = TEST_CITIZENS[int(choice)]
        else:
            person = _entered(form)
        if person is None:
            return _html(
                error_page("Số định danh phải có 12 chữ số và họ tên không được trống."), 400
            )
        code = secrets.token_urlsafe(24)
        config.codes[code] = Issued(
            claims=person.claims(),
            redirect_uri=back,
            challenge=params.get("code_challenge", ""),
            expires=config.clock() + config.code_ttl_seconds,
        )
        if config.encrypt_code:
            sealed, key = seal_code(await config.public_key(), code)
            # VNeID leaves "+" unencoded in these two (the client reads a space as "+").
            coded = f"code={quote(sealed, safe='+/=')}&encrypt_key={quote(key, safe='+/=')}"
        else:
            coded = urlencode({"code": code})
        state = urlencode({"state": params.get("state", "")})
        return Redirect(f"{back}{joiner}{coded}&{state}", status_code=303)

    @post("/token", media_type=MediaType.JSON)
    async def token(request: Request) -> Response:
        form = dict(await request.form())
        if form.get("grant_type") != "authorization_code":
            return _problem(400, "unsupported_grant_type")
        secret_ok = hmac.compare_digest(
            str(form.get("client_secret", "")).encode(), config.client_secret.encode()
        )
        if form.get("client_id") != config.client_id or not secret_ok:
            return _problem(401, "invalid_client")
        issued = config.codes.pop(str(form.get("code", "")), None)  # a code works once
        if issued is None or issued.expires <= config.clock():
            return _problem(400, "invalid_grant")
        if form.get("redirect_uri") != issued.redirect_uri:
            return _problem(400, "invalid_grant")
        if issued.challenge:
            verifier = str(form.get("code_verifier", ""))
            if not verifier or not hmac.compare_digest(_s256(verifier), issued.challenge):
                return _problem(400, "invalid_grant")
        access = secrets.token_urlsafe(32)
        config.tokens[access] = (issued.claims, config.clock() + config.token_ttl_seconds)
        body = {"access_token": access, "token_type": "Bearer", "expires_in": 300}
        return Response(
            seal_envelope(await config.public_key(), body),
            status_code=200,
            media_type=MediaType.JSON,
        )

    @get("/userinfo", media_type=MediaType.JSON)
    async def userinfo(request: Request) -> Response:
        header = request.headers.get("authorization", "")
        access = header[7:] if header.lower().startswith("bearer ") else ""
        found = config.tokens.get(access)
        if found is None or found[1] <= config.clock():
            return _problem(401, "invalid_token")
        return Response(
            seal_envelope(await config.public_key(), found[0]), media_type=MediaType.JSON
        )

    return Litestar(route_handlers=[authorize, choose, token, userinfo], debug=False)
