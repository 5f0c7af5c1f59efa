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
    var_dir: Path
    environment: str = "development"
    session_idle_minutes: int = 30
    session_absolute_hours: int = 12
    invitation_hours: int = 72
    auth_rate_limit_per_minute: int = 30
    vapid_private_key_path: Path | None = None
    vapid_contact: str = "mailto:quantri@dangbo.example.vn"
    files_dir: Path | None = None
    max_upload_mb: int = 50
    ca_dir: Path | None = None
    signing_trust_roots: Path | None = None  # PEM bundle of a real CA's roots, for verification
    # Reverse proxies (addresses or CIDRs) whose X-Forwarded-For is believed; nobody's by default.
    trusted_proxies: tuple[str, ...] = ()
    # How long a passkey enrolled through an administrator's recovery link stays held when no
    # second person confirms it (docs/security.md, "Account recovery").
    recovery_hold_hours: int = 72

    @property
    def rp_id(self) -> str:
        """The WebAuthn relying-party id is the host of the public origin."""
        return urlsplit(self.origin).hostname or "localhost"

    @property
    def is_https(self) -> bool:
        return self.origin.startswith("https://")

    @property
    def is_postgres(self) -> bool:
        return self.database_url.startswith(("postgres://", "postgresql://"))

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


def load_settings(env: dict[str, str] | None = None) -> Settings:
    env = dict(os.environ if env is None else env)
    var_dir = Path(env.get("DANGBO_VAR_DIR", PROJECT_ROOT / "var"))
    database_url = env.get("DANGBO_DATABASE_URL") or f"sqlite:///{var_dir / 'dangbo.sqlite3'}"
    values: dict[str, object] = {
        "database_url": database_url,
        "redis_url": env.get("DANGBO_REDIS_URL") or None,
        "origin": env.get("DANGBO_ORIGIN", "http://localhost:3000").rstrip("/"),
        "secret_key": env.get("DANGBO_SECRET_KEY") or _secret_key(var_dir),
        "var_dir": var_dir,
        "environment": env.get("DANGBO_ENVIRONMENT", "development"),
    }
    for name in (
        "session_idle_minutes",
        "session_absolute_hours",
        "invitation_hours",
        "auth_rate_limit_per_minute",
        "max_upload_mb",
        "recovery_hold_hours",
    ):
        raw = env.get(f"DANGBO_{name.upper()}")
        if raw:
            values[name] = int(raw)
    for name in ("vapid_private_key_path", "files_dir", "ca_dir", "signing_trust_roots"):
        raw = env.get(f"DANGBO_{name.upper()}")
        if raw:
            values[name] = Path(raw)
    if env.get("DANGBO_TRUSTED_PROXIES"):
        values["trusted_proxies"] = _trusted_proxies(env["DANGBO_TRUSTED_PROXIES"])
    if env.get("DANGBO_REDIS_PREFIX"):
        values["redis_prefix"] = env["DANGBO_REDIS_PREFIX"]
    if env.get("DANGBO_VAPID_CONTACT"):
        values["vapid_contact"] = env["DANGBO_VAPID_CONTACT"]
    return Settings(**values)  # type: ignore[arg-type]


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return load_settings()
