"""The production set-up the congress bursts share (``checkin_burst``, ``poll_burst``,
``secret_ballot_burst``): a throw-away PostgreSQL database and Redis prefix
(``DANGBO_BENCH_PG_URL``, ``DANGBO_BENCH_REDIS_URL``), dropped afterwards; accounts enrolled
through the account service (a soft-authenticator passkey, a session token each); a congress
with its first session and agenda item; delegates, checked in or not; and one HTTP client per
session token."""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import statistics
import tempfile
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from benchmarks.api_load import csrf_cookie, drop_postgres

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class BenchEnv:
    env: dict[str, str]  # for the servers' processes (also written into os.environ)
    pg_admin_url: str
    redis_url: str


@contextlib.contextmanager
def bench_environment() -> Iterator[BenchEnv]:
    """Settings for a fresh database and Redis prefix, both thrown away at the end."""
    run_id = secrets.token_hex(4)
    var_dir = Path(tempfile.mkdtemp(prefix=f"dangbo-bench-{run_id}-"))
    pg_admin_url = os.environ.get(
        "DANGBO_BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
    )
    redis_url = os.environ.get("DANGBO_BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")
    env = dict(os.environ)
    env.update(
        {
            "DANGBO_VAR_DIR": str(var_dir),
            "DANGBO_SECRET_KEY": secrets.token_urlsafe(32),
            "DANGBO_ORIGIN": "http://localhost:3000",
            "DANGBO_REDIS_PREFIX": f"dangbo-bench-{run_id}",
            "DANGBO_DATABASE_URL": f"{pg_admin_url.rpartition('/')[0]}/dangbo_bench_{run_id}",
            "DANGBO_REDIS_URL": redis_url,
            "PYTHONPATH": str(ROOT),
        }
    )
    os.environ.update(env)
    try:
        yield BenchEnv(env, pg_admin_url, redis_url)
    finally:
        import asyncio

        asyncio.run(
            drop_postgres(
                pg_admin_url, env["DANGBO_DATABASE_URL"], redis_url, env["DANGBO_REDIS_PREFIX"]
            )
        )
        shutil.rmtree(var_dir, ignore_errors=True)


@contextlib.asynccontextmanager
async def fresh_database(pg_admin_url: str) -> AsyncIterator[object]:
    """Creates the settings' database, migrates it and yields the started engine."""
    import asyncpg

    from backend import db
    from backend.settings import get_settings

    settings = get_settings()
    name = settings.database_url.rpartition("/")[2]
    conn = await asyncpg.connect(pg_admin_url, timeout=10)
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
        await conn.execute(f"ALTER DATABASE \"{name}\" SET timezone TO 'UTC'")
    finally:
        await conn.close()
    conn = await asyncpg.connect(settings.database_url, timeout=10)
    try:
        await conn.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    finally:
        await conn.close()
    engine = db.create_engine(settings.database_url)
    await db.start(engine)
    try:
        await db.migrate()
        yield engine
    finally:
        await db.stop(engine)


class Accounts:
    """Enrols people through the account service, as the invitation link would."""

    def __init__(self) -> None:
        from backend.accounts.invitations import InvitationService
        from backend.accounts.registration import RegistrationCeremony
        from backend.domains import build_services
        from backend.settings import get_settings

        self.settings = get_settings()
        self.services = build_services(self.settings)
        self.registration = self.services.get(RegistrationCeremony)
        self.invitations = self.services.get(InvitationService)

    async def account(self, full_name: str, device: str = "Điện thoại") -> tuple[int, str]:
        """(user id, session token)."""
        from backend.accounts.identity import Client
        from shared.accounts import Role
        from tests.soft_authenticator import SoftAuthenticator

        created = await self.invitations.invite(
            full_name=full_name, roles=[Role.DANG_VIEN], organisation_code=None
        )
        ceremony, options = await self.registration.begin(created.url.rsplit("/", 1)[1], Client())
        authenticator = SoftAuthenticator(origin=self.settings.origin, rp_id=self.settings.rp_id)
        credential = authenticator.create(options)
        user, token = await self.registration.finish(ceremony, credential, device, Client())
        return user.id, token


@dataclass(frozen=True)
class BenchCongress:
    id: int
    session: int
    item: int | None


async def bench_congress(*, in_session: bool) -> BenchCongress:
    """A congress under way with one session: open, with its first agenda item current, or
    not opened yet (``in_session=False``, no item)."""
    from backend.congress.tables import AgendaItemRow, Congress, CongressSessionRow
    from backend.core.clock import now, today
    from backend.orgs.services import ensure_organisation
    from shared.orgs import OrgKind

    org = await ensure_organisation("DBBENCH", "Đảng bộ đo tải", OrgKind.DANG_BO, None)
    stamp = now()
    [congress] = await Congress.insert(
        Congress(
            organisation=org,
            kind="dai_hoi",
            name="Đại hội đại biểu Đảng bộ đo tải",
            term="2025–2030",
            starts_on=today(),
            ends_on=today() + timedelta(days=2),
            status="dang_dien_ra",
            created_at=stamp,
            updated_at=stamp,
        )
    ).returning(Congress.id)
    opened = {"status": "dang_hop", "opened_at": stamp} if in_session else {}
    [session] = await CongressSessionRow.insert(
        CongressSessionRow(
            congress=congress["id"],
            ordinal=1,
            title="Phiên thứ nhất",
            starts_at=stamp,
            **({"status": "chua_khai_mac"} | opened),
        )
    ).returning(CongressSessionRow.id)
    if not in_session:
        return BenchCongress(congress["id"], session["id"], None)
    [item] = await AgendaItemRow.insert(
        AgendaItemRow(
            congress=congress["id"],
            session=session["id"],
            ordinal=1,
            title="Biểu quyết và bầu cử",
            status="dang_dien_ra",
        )
    ).returning(AgendaItemRow.id)
    await Congress.update(
        {Congress.current_session_id: session["id"], Congress.current_item_id: item["id"]}
    ).where(Congress.id == congress["id"])
    return BenchCongress(congress["id"], session["id"], item["id"])


async def add_body_member(congress_id: int, body: str, user_id: int) -> None:
    from backend.congress.tables import BodyMember
    from backend.core.clock import now

    await BodyMember.insert(
        BodyMember(congress=congress_id, body=body, user=user_id, added_at=now())
    )


async def add_delegates(
    congress: BenchCongress, count: int, users: list[int] | None = None, *, checked_in: bool
) -> list[dict]:
    """``count`` official delegates whose credentials stand (linked to ``users`` in order
    when given), checked in to the session when asked; their rows (id, card_version)."""
    from backend.congress.tables import Checkin, Delegate
    from backend.core.clock import now

    stamp = now()
    rows = await Delegate.insert(
        *(
            Delegate(
                congress=congress.id,
                code=f"B{i:04d}",
                full_name=f"Đại biểu đo tải {i}",
                kind="chinh_thuc",
                delegation=f"Đoàn số {i % 12 + 1}",
                credential_status="hop_le",
                user=users[i] if users else None,
                created_at=stamp,
                updated_at=stamp,
            )
            for i in range(count)
        )
    ).returning(Delegate.id, Delegate.card_version)
    if checked_in:
        await Checkin.insert(
            *(
                Checkin(
                    congress=congress.id,
                    session=congress.session,
                    delegate=r["id"],
                    method="thu_cong",
                    at=stamp,
                )
                for r in rows
            )
        )
    return rows


def session_clients(base_url: str, tokens: list[str], *, timeout: float = 60):
    """One client per session token, with the CSRF cookie and header, two connections each."""
    import httpx

    csrf = csrf_cookie(f"{base_url}/api/csrf")
    limits = httpx.Limits(max_connections=2)
    return [
        httpx.AsyncClient(
            base_url=base_url,
            cookies={"dangbo_session": token, "csrftoken": csrf},
            headers={"x-csrftoken": csrf},
            timeout=timeout,
            limits=limits,
        )
        for token in tokens
    ]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p))]


def latency_line(ms: list[float]) -> str:
    return (
        f"p50 {statistics.median(ms):.1f} ms, p95 {percentile(ms, 0.95):.1f} ms, p99 "
        f"{percentile(ms, 0.99):.1f} ms, max {max(ms):.1f} ms"
    )
