"""The privacy test: after every simulator citizen has been through VNeID (signed in, refused
for his level, consented, downloaded his data, erased it), no citizen's number is anywhere in
the database (the SQLite files; a ``pg_dump`` on PostgreSQL) or in the app's logs, in any form:
plain, spaced or dashed in groups of 3 or 4, hex of its ASCII, base64 (at each alignment, both
alphabets), UTF-16 LE and BE."""

from __future__ import annotations

import base64
import io
import logging
import subprocess
import sys
from pathlib import Path

import pytest
import structlog

from backend.citizens.simulator.people import TEST_CITIZENS
from backend.core.edge import Edge
from backend.core.logging import request_log
from tests.conftest import BACKEND, ORIGIN, VAR_DIR, prime_csrf
from tests.vneid_support import harness, restore, sign_in

ENTERED = "027188005544"  # a number typed into the simulator's form


def forms(number: str) -> list[bytes]:
    """Every form of ``number`` the test looks for, as bytes."""
    text: set[str] = {number}
    for size in (3, 4):
        groups = [number[i : i + size] for i in range(0, len(number), size)]
        text |= {" ".join(groups), "-".join(groups), ".".join(groups)}
    raw = number.encode()
    text |= {raw.hex(), raw.hex().upper()}
    for offset in range(3):  # the base64 of the number inside a longer value, at any alignment
        inner = raw[(3 - offset) % 3 :]
        inner = inner[: len(inner) - len(inner) % 3]
        text |= {base64.b64encode(inner).decode(), base64.urlsafe_b64encode(inner).decode()}
    found = [t.encode() for t in text]
    found += [t.encode(codec) for t in (number,) for codec in ("utf-16-le", "utf-16-be")]
    return found


def hits(blob: bytes, number: str) -> list[bytes]:
    return [form for form in forms(number) if form in blob]


def test_the_search_finds_each_form_it_claims_to():
    number = TEST_CITIZENS[0].pid
    for form in forms(number):
        assert form in hits(b"..." + form + b"...", number)
    for prefix in (b"", b"x", b"xy"):
        assert hits(base64.b64encode(prefix + number.encode() + b"tail"), number)
    assert hits(number.encode("utf-16-le"), number) and hits(number.encode("utf-16-be"), number)
    assert hits(b"0271 8600 4213", number) and hits(b"027-186-004-213", number)
    assert not hits(b"027186004214 and 0271860042", number)


def _database_bytes(settings) -> bytes:
    if BACKEND == "postgres":
        dumped = subprocess.run(
            ["pg_dump", "--no-owner", settings.database_url],
            capture_output=True,
            timeout=300,
            check=True,
        )
        return dumped.stdout
    # The SQLite file, its WAL, any file kept: read by another process. Opening and closing
    # the database file in this one would drop the POSIX locks SQLite holds on it here.
    files = sorted(str(p) for p in Path(VAR_DIR).rglob("*") if p.is_file())
    return subprocess.run(["cat", *files], capture_output=True, timeout=300, check=True).stdout


@pytest.fixture
def logs(monkeypatch):
    """Everything the app writes to its logs meanwhile: standard error (the request log),
    structlog's lines and the standard library's records, at every level."""
    buffer = io.StringIO()
    factory = structlog.get_config()["logger_factory"]
    structlog.configure(logger_factory=structlog.PrintLoggerFactory(file=buffer))
    handler = logging.StreamHandler(buffer)
    handler.setLevel(logging.DEBUG)
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    yield buffer
    root.removeHandler(handler)
    root.setLevel(level)
    structlog.configure(logger_factory=factory)  # exactly as it was


async def test_no_citizen_number_is_stored_or_logged(app, settings, logs, monkeypatch):
    import httpx

    # Standard error is set here: pytest puts its own back between the set-up and the test.
    monkeypatch.setattr(sys, "stderr", logs)
    found, saved = harness(app)
    edge = Edge(app, https=False, origin=ORIGIN)  # with the request log, as served
    transport = httpx.ASGITransport(app=edge, client=("127.0.0.1", 50000))
    try:
        for index, person in enumerate(TEST_CITIZENS):
            async with httpx.AsyncClient(transport=transport, base_url=ORIGIN) as browser:
                await prime_csrf(browser)
                done = await sign_in(browser, found, str(index))
                assert done.status_code == 303
                if person.account_level < 2:
                    assert "vneid_level" in done.headers["location"]
                    continue
                notice = (await browser.get("/api/citizens/consent")).json()
                await browser.post("/api/citizens/consent", json={"version": notice["version"]})
                assert (await browser.get("/api/citizens/me/data")).status_code == 200
                if index == 2:
                    erased = await browser.post("/api/citizens/me/erase", json={"confirm": True})
                    assert erased.status_code == 200
        async with httpx.AsyncClient(transport=transport, base_url=ORIGIN) as browser:
            await prime_csrf(browser)
            done = await sign_in(
                browser, found, "nhap", pid=ENTERED, full_name="Hoàng Văn Nam", level="2"
            )
            assert done.headers["location"] == "/cong-dan/dong-y"
    finally:
        restore(app, saved)
    request_log.flush()
    written = logs.getvalue()
    assert "/api/citizens/vneid/callback" in written  # the capture did see the app's logs
    assert "vneid.refused" in written  # and the refusal of the level-1 citizen
    database = _database_bytes(settings)
    assert b"citizen" in database and len(database) > 10_000
    for number in [p.pid for p in TEST_CITIZENS] + [ENTERED]:
        assert hits(database, number) == [], f"{number[:3]}… found in the database"
        assert hits(written.encode(), number) == [], f"{number[:3]}… found in the logs"
