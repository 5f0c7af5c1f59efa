"""Settings, read once from ``DANGBO_*`` environment variables into one Struct."""

from __future__ import annotations

import ipaddress
import os
import secrets
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

import msgspec

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(msgspec.Struct, frozen=True, kw_only=True):
    database_url: str
    redis_url: str | None = None
    redis_prefix: str = "dangbo"
    origin: str = "http://localhost:3000"
    secret_key: str
    # "env" when DANGBO_SECRET_KEY is set; "file" when it was read from (or written to)
    # var/secrets/secret_key, which production refuses: every machine needs the same key.
    secret_key_source: str = "env"
    var_dir: Path
    environment: str = "development"
    session_idle_minutes: int = 30
    session_absolute_hours: int = 12
    invitation_hours: int = 72
    auth_rate_limit_per_minute: int = 30
    verify_rate_limit_per_minute: int = 20  # the public signature check, per address
    vapid_private_key_path: Path | None = None
    vapid_contact: str = "mailto:quantri@dangbo.example.vn"
    files_dir: Path | None = None
    # Where files live: "local" (files_dir, the embedded default) or "postgres" (the database,
    # shared by every machine; the default in production on PostgreSQL).
    file_store: str = "local"
    max_upload_mb: int = 50
    ca_dir: Path | None = None
    signing_trust_roots: Path | None = None  # PEM bundle of a real CA's roots, for verification
    # The frontend build this machine serves (Reflex's static dir), where its build id is.
    build_dir: Path = PROJECT_ROOT / ".web" / "build" / "client"
    # Reverse proxies (addresses or CIDRs) whose X-Forwarded-For is believed; nobody's by default.
    trusted_proxies: tuple[str, ...] = ()
    # How long a passkey enrolled through an administrator's recovery link stays held when no
    # second person confirms it (docs/security.md, "Account recovery").
    recovery_hold_hours: int = 72
    # How many days a phone may show the documents saved for offline reading without the
    # server having confirmed the session (docs/security.md, "Offline copies").
    offline_days: int = 7
    # VNeID sign-in for citizens (docs/citizens.md). Without the three addresses and the
    # client id, citizens cannot sign in; the simulator fills them in for the demo.
    vneid_authorization_url: str = ""
    vneid_token_url: str = ""
    vneid_userinfo_url: str = ""
    vneid_client_id: str = ""
    vneid_client_secret: str = ""
    # The client's RSA private key (PEM) that VNeID encrypts to; sealed in the vault
    # (``dangbo vneid key``) when not given.
    vneid_private_key_path: Path | None = None
    vneid_scope: str = "openid"
    vneid_pkce: bool = False  # send a PKCE S256 challenge (where the provider accepts one)
    vneid_min_level: int = 2  # mức 2: identified in person, with biometrics
    vneid_timeout_seconds: float = 10.0
    # The bundled simulator, on the one origin under /vneid-sim: never in production.
    vneid_simulator: bool = False
    # Processes per API worker that check secret ballots' proofs off the event loop
    # (docs/ballots.md "Casting"); 0 checks them inline (tests).
    ballot_check_workers: int = 1

    @property
    def rp_id(self) -> str:
        """The WebAuthn relying-party id is the host of the public origin."""
        return urlsplit(self.origin).hostname or "localhost"

    @property
    def is_production(self) -> bool:
        return self.environment == "production"

    @property
    def is_https(self) -> bool:
        return self.origin.startswith("https://")

    @property
    def is_postgres(self) -> bool:
        return self.database_url.startswith(("postgres://", "postgresql://"))

    @property
    def vneid_redirect_uri(self) -> str:
        return f"{self.origin}/api/citizens/vneid/callback"

    @property
    def vapid_key_file(self) -> Path:
        return self.vapid_private_key_path or self.var_dir / "secrets" / "vapid_private.pem"

    @property
    def file_store_dir(self) -> Path:
        return self.files_dir or self.var_dir / "files"

    @property
    def ca_path(self) -> Path:
        return self.ca_dir or self.var_dir / "secrets" / "ca"


def _secret_key(var_dir: Path) -> str:
    """A per-installation secret kept outside the repository (var/ is ignored by git)."""
    key_file = var_dir / "secrets" / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    key_file.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


def _trusted_proxies(raw: str) -> tuple[str, ...]:
    """``DANGBO_TRUSTED_PROXIES``: comma-separated addresses or networks, checked at start."""
    entries = tuple(part.strip() for part in raw.split(",") if part.strip())
    for entry in entries:
        try:
            ipaddress.ip_network(entry, strict=False)
        except ValueError:
            raise ValueError(
                f"DANGBO_TRUSTED_PROXIES: '{entry}' không phải địa chỉ IP hay dải địa chỉ (CIDR)."
            ) from None
    return entries


def _flag(raw: str) -> bool:
    return raw.strip().lower() in ("1", "true", "yes", "on")


def load_settings(env: dict[str, str] | None = None) -> Settings:
    env = dict(os.environ if env is None else env)
    var_dir = Path(env.get("DANGBO_VAR_DIR", PROJECT_ROOT / "var"))
    database_url = env.get("DANGBO_DATABASE_URL") or f"sqlite:///{var_dir / 'dangbo.sqlite3'}"
    values: dict[str, object] = {
        "database_url": database_url,
        "redis_url": env.get("DANGBO_REDIS_URL") or None,
        "origin": env.get("DANGBO_ORIGIN", "http://localhost:3000").rstrip("/"),
        "secret_key": env.get("DANGBO_SECRET_KEY") or _secret_key(var_dir),
        "secret_key_source": "env" if env.get("DANGBO_SECRET_KEY") else "file",
        "var_dir": var_dir,
        "environment": env.get("DANGBO_ENVIRONMENT", "development"),
        # Reflex builds into REFLEX_WEB_WORKDIR (.web by default; .web-e2e for the browser tests).
        "build_dir": PROJECT_ROOT / env.get("REFLEX_WEB_WORKDIR", ".web") / "build" / "client",
    }
    for name in (
        "session_idle_minutes",
        "session_absolute_hours",
        "invitation_hours",
        "auth_rate_limit_per_minute",
        "verify_rate_limit_per_minute",
        "max_upload_mb",
        "recovery_hold_hours",
        "offline_days",
        "vneid_min_level",
    ):
        raw = env.get(f"DANGBO_{name.upper()}")
        if raw:
            values[name] = int(raw)
    for name in (
        "vapid_private_key_path",
        "files_dir",
        "ca_dir",
        "signing_trust_roots",
        "build_dir",
        "vneid_private_key_path",
    ):
        raw = env.get(f"DANGBO_{name.upper()}")
        if raw:
            values[name] = Path(raw)
    production_on_postgres = values["environment"] == "production" and database_url.startswith(
        ("postgres://", "postgresql://")
    )
    values["file_store"] = env.get("DANGBO_FILE_STORE") or (
        "postgres" if production_on_postgres else "local"
    )
    if env.get("DANGBO_TRUSTED_PROXIES"):
        values["trusted_proxies"] = _trusted_proxies(env["DANGBO_TRUSTED_PROXIES"])
    if env.get("DANGBO_REDIS_PREFIX"):
        values["redis_prefix"] = env["DANGBO_REDIS_PREFIX"]
    if env.get("DANGBO_VAPID_CONTACT"):
        values["vapid_contact"] = env["DANGBO_VAPID_CONTACT"]
    for name in (
        "vneid_authorization_url",
        "vneid_token_url",
        "vneid_userinfo_url",
        "vneid_client_id",
        "vneid_client_secret",
        "vneid_scope",
    ):
        raw = env.get(f"DANGBO_{name.upper()}")
        if raw:
            values[name] = raw.strip()
    for name in ("vneid_pkce", "vneid_simulator"):
        values[name] = _flag(env.get(f"DANGBO_{name.upper()}", ""))
    if env.get("DANGBO_VNEID_TIMEOUT_SECONDS"):
        values["vneid_timeout_seconds"] = float(env["DANGBO_VNEID_TIMEOUT_SECONDS"])
    if env.get("DANGBO_BALLOT_CHECK_WORKERS"):
        values["ballot_check_workers"] = int(env["DANGBO_BALLOT_CHECK_WORKERS"])
    return Settings(**values)  # type: ignore[arg-type]


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return load_settings()


# ---- production mode: refuse what is unsafe ---------------------------------------------------


class UnsafeForProduction(SystemExit):
    """Start-up refused with ``DANGBO_ENVIRONMENT=production``; the message is Vietnamese and
    names every problem and its fix. A ``SystemExit``: the process stops with it, whatever
    started it (granian, Reflex, the ``dangbo`` command)."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(
            "Chế độ production (DANGBO_ENVIRONMENT=production) không khởi động vì cấu hình "
            "chưa an toàn:\n" + "\n".join(f"  - {p}" for p in problems)
        )


def _local_trial(origin: str) -> bool:
    parts = urlsplit(origin)
    return parts.scheme == "http" and parts.hostname == "localhost"


def production_problems(
    settings: Settings,
    env: dict[str, str] | None = None,
    *,
    api_workers: int = 1,
    reflex: bool = False,
) -> list[str]:
    """What production mode refuses, each with its fix (empty outside production).

    ``api_workers``: the API processes asked for; ``reflex``: the Reflex app is started too
    (``dangbo serve``). Reflex runs several workers, each with the API inside, exactly when
    ``REFLEX_REDIS_URL`` is set."""
    if not settings.is_production:
        return []
    env = dict(os.environ if env is None else env)
    problems: list[str] = []
    if not (settings.origin.startswith("https://") or _local_trial(settings.origin)):
        problems.append(
            f"DANGBO_ORIGIN={settings.origin} không phải https://. Địa chỉ công khai phải là "
            "https:// (TLS có thể kết thúc ở reverse proxy); chỉ http://localhost được dùng "
            "để chạy thử trên máy."
        )
    if settings.secret_key_source != "env":
        problems.append(
            "Chưa đặt DANGBO_SECRET_KEY. Đặt một chuỗi ngẫu nhiên dài (ví dụ `python -c "
            "'import secrets; print(secrets.token_urlsafe(48))'`), giống nhau trên mọi máy, và "
            "cất bản sao ở nơi khác với bản sao lưu."
        )
    if settings.vneid_simulator:
        problems.append(
            "DANGBO_VNEID_SIMULATOR đang bật: trình giả lập VNeID chỉ dùng để phát triển và "
            "kiểm thử, ai cũng đăng nhập được bằng số định danh tự nhập. Bỏ biến này và cấu "
            "hình VNeID thật (DANGBO_VNEID_AUTHORIZATION_URL, DANGBO_VNEID_TOKEN_URL, "
            "DANGBO_VNEID_USERINFO_URL, DANGBO_VNEID_CLIENT_ID, DANGBO_VNEID_CLIENT_SECRET)."
        )
    reflex_workers = bool(env.get("REFLEX_REDIS_URL"))
    if reflex and env.get("REDIS_URL") and not env.get("REFLEX_REDIS_URL"):
        problems.append(
            "REDIS_URL được đặt nhưng Reflex 0.10 không đọc biến này: đặt REFLEX_REDIS_URL để "
            "Reflex giữ trạng thái trong Redis và chạy nhiều tiến trình."
        )
    if reflex and api_workers > 1 and not env.get("REFLEX_REDIS_URL"):
        problems.append(
            f"Yêu cầu {api_workers} tiến trình nhưng chưa đặt REFLEX_REDIS_URL: Reflex chỉ chạy "
            "nhiều tiến trình khi trạng thái của nó nằm trong Redis."
        )
    if (api_workers > 1 or reflex_workers) and not settings.redis_url:
        problems.append(
            "Nhiều tiến trình API nhưng chưa đặt DANGBO_REDIS_URL: phiên xác thực khóa truy cập, "
            "giới hạn tần suất và hàng đợi thông báo phải dùng chung một Redis."
        )
    return problems


def require_safe_for_production(
    settings: Settings,
    env: dict[str, str] | None = None,
    *,
    api_workers: int = 1,
    reflex: bool = False,
) -> None:
    problems = production_problems(settings, env, api_workers=api_workers, reflex=reflex)
    if problems:
        raise UnsafeForProduction(problems)
