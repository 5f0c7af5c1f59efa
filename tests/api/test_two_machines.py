"""Two API machines on one PostgreSQL and one Redis (issue 14, "Done when"): two
``dangbo serve --api-only`` processes, each with a ``DANGBO_VAR_DIR`` of its own and
``DANGBO_FILE_STORE=postgres``, as a provincial data centre runs them behind its proxy.

A document uploaded through one is read, rendered and signed through the other (each passkey
ceremony begun on one machine and finished on the other); ``ca init`` and ``vapid init`` run on
both leave one CA and one VAPID key, which both serve; and a third machine whose database role
cannot read the file store's table — what an operator meets when the application role was
granted its rights (``GRANT … ON ALL TABLES``) before the migration that created ``file_chunk``
— says so in ``/api/health``.

Runs in the PostgreSQL pass (``DANGBO_TEST_BACKEND=postgres``); there, a PostgreSQL or Redis
that cannot be reached fails the run (``tests/conftest.py``), it is never skipped.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import httpx
import pytest

from backend.settings import PROJECT_ROOT
from tests.conftest import BACKEND, ORIGIN, PG_URL, RUN_ID, TEST_DB
from tests.documents_support import incoming_meta, make_org, pdf_bytes
from tests.helpers import invite
from tests.soft_authenticator import SoftAuthenticator

pytestmark = [
    pytest.mark.skipif(BACKEND != "postgres", reason="runs in the PostgreSQL pass"),
    pytest.mark.timeout(300),
]
STARTUP_SECONDS = 90


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Machine:
    """One ``dangbo serve --api-only`` process with its own ``var/`` directory."""

    def __init__(self, name: str, var_dir: Path, **env: str) -> None:
        self.name = name
        self.var_dir = var_dir
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        var_dir.mkdir(parents=True, exist_ok=True)
        self.env = {
            **os.environ,
            "DANGBO_VAR_DIR": str(var_dir),
            "DANGBO_FILE_STORE": "postgres",
            # this checkout's code, not whatever the virtualenv's editable install points at
            "PYTHONPATH": str(PROJECT_ROOT),
            **env,
        }
        self.process: subprocess.Popen | None = None

    async def cli(self, *args: str) -> subprocess.CompletedProcess:
        """``dangbo …`` run as an operator would on this machine."""
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "backend.cli", *args,
            cwd=PROJECT_ROOT, env=self.env,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        out, err = await asyncio.wait_for(process.communicate(), 180)
        return subprocess.CompletedProcess(args, process.returncode, out.decode(), err.decode())

    def _launch(self) -> subprocess.Popen:
        log = open(self.var_dir / "serve.log", "wb")  # noqa: SIM115 - kept for the process
        return subprocess.Popen(
            [sys.executable, "-m", "backend.cli", "serve", "--api-only",
             "--host", "127.0.0.1", "--port", str(self.port)],
            cwd=PROJECT_ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: granian and its worker
        )  # fmt: skip

    async def start(self) -> None:
        self.process = self._launch()
        deadline = time.monotonic() + STARTUP_SECONDS
        async with httpx.AsyncClient(timeout=5) as client:
            while time.monotonic() < deadline:
                if self.process.poll() is not None:
                    break
                with contextlib.suppress(httpx.TransportError):
                    await client.get(f"{self.url}/api/health")
                    return
                await asyncio.sleep(0.5)
        raise AssertionError(f"machine {self.name} did not start:\n{self.log()}")

    def log(self) -> str:
        return (self.var_dir / "serve.log").read_text(errors="replace")[-4000:]

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)


class Browser:
    """One person's phone: a cookie jar and a passkey, talking to whichever machine the
    proxy picks (cookies for 127.0.0.1 go to both ports)."""

    def __init__(self) -> None:
        self.client = httpx.AsyncClient(timeout=60)
        self.authenticator = SoftAuthenticator(origin=ORIGIN)

    async def enroll(self, machine: Machine, full_name: str, roles: list[str], org: str) -> None:
        await self.client.get(f"{machine.url}/api/csrf")
        self.client.headers["x-csrftoken"] = self.client.cookies["csrftoken"]
        token = await invite(full_name, roles, org)
        begin = await self.client.post(
            f"{machine.url}/api/auth/register/begin", json={"token": token}
        )
        assert begin.status_code == 201, begin.text
        body = begin.json()
        finish = await self.client.post(
            f"{machine.url}/api/auth/register/finish",
            json={
                "ceremony": body["ceremony"],
                "credential": self.authenticator.create(body["options"]),
                "name": "Điện thoại",
            },
        )
        assert finish.status_code == 201, finish.text

    async def step_up(self, begin_on: Machine, finish_on: Machine, path: str) -> httpx.Response:
        """A passkey ceremony begun on one machine and finished on the other."""
        begin = await self.client.post(f"{begin_on.url}{path}/begin")
        assert begin.status_code == 200, begin.text
        challenge = begin.json()
        return await self.client.post(
            f"{finish_on.url}{path}/finish",
            json={
                "ceremony": challenge["ceremony"],
                "credential": self.authenticator.get(challenge["options"]),
            },
        )


def _json(value: dict) -> str:
    return json.dumps(value, ensure_ascii=False)


def _role_url(database_url: str, role: str) -> str:
    parts = urlsplit(database_url)
    return urlunsplit(parts._replace(netloc=f"{role}@{parts.hostname}:{parts.port or 5432}"))


@contextlib.asynccontextmanager
async def _role_without_the_file_store():
    """A database role with the application's rights on every table but ``file_chunk``."""
    import asyncpg

    role = f"dangbo_nofiles_{RUN_ID}_{secrets.token_hex(2)}"
    test_db = f"{PG_URL.rpartition('/')[0]}/{TEST_DB}"
    admin = await asyncpg.connect(test_db)
    try:
        await admin.execute(f'CREATE ROLE "{role}" LOGIN')
        await admin.execute(f'GRANT CONNECT ON DATABASE "{TEST_DB}" TO "{role}"')
        await admin.execute(f'GRANT USAGE ON SCHEMA public TO "{role}"')
        await admin.execute(
            f'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO "{role}"'
        )
        await admin.execute(f'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO "{role}"')
        await admin.execute(f'REVOKE ALL ON "file_chunk" FROM "{role}"')
        yield role
    finally:
        await admin.execute(f'DROP OWNED BY "{role}"')
        await admin.execute(f'DROP ROLE IF EXISTS "{role}"')
        await admin.close()


async def test_two_machines_share_files_keys_and_ceremonies(app, settings, tmp_path):
    first = Machine("a", tmp_path / "a")
    second = Machine("b", tmp_path / "b")
    browsers: list[Browser] = []
    try:
        # ca init and vapid init on both machines: safe anywhere, any number of times
        for machine in (first, second):
            for command in (("ca", "init", "--org-name", "Tỉnh ủy Bắc Ninh"), ("vapid", "init")):
                done = await machine.cli(*command)
                assert done.returncode == 0, done.stderr
        await asyncio.gather(first.start(), second.start())

        org = await make_org(name="Chi bộ Hai Máy")
        clerk, drafter, leader = Browser(), Browser(), Browser()
        browsers += [clerk, drafter, leader]
        await clerk.enroll(first, "Văn Thư Hai Máy", ["van_thu", "can_bo"], org)
        await drafter.enroll(second, "Cán Bộ Hai Máy", ["can_bo"], org)
        await leader.enroll(first, "Lãnh Đạo Hai Máy", ["lanh_dao", "can_bo"], org)

        # uploaded through the first: read and rendered through the second
        content = pdf_bytes("Công văn qua hai máy chủ")
        uploaded = await clerk.client.post(
            f"{first.url}/api/documents/",
            data={"metadata": _json(incoming_meta())},
            files={"file": ("hai-may.pdf", content, "application/octet-stream")},
        )
        assert uploaded.status_code == 201, uploaded.text
        sha = uploaded.json()["files"][0]["sha256"]
        for machine in (first, second):
            assert not [p for p in machine.var_dir.rglob(sha) if p.is_file()]
        got = await clerk.client.get(f"{second.url}/api/files/{sha}")
        assert got.status_code == 200 and got.content == content
        page = await clerk.client.get(f"{second.url}/api/files/{sha}/pages/1?width=360")
        assert page.status_code == 200 and page.content[8:12] == b"WEBP"

        # a draft uploaded through the second, signed and released across both
        draft = await drafter.client.post(
            f"{second.url}/api/documents/",
            data={
                "metadata": _json(
                    {"direction": "di", "loai": "BC", "trich_yeu": "Báo cáo ký qua hai máy"}
                )
            },
            files={
                "file": (
                    "bao-cao.pdf",
                    pdf_bytes("Báo cáo ký qua hai máy", loai="BÁO CÁO", issued=None),
                    "application/octet-stream",
                )
            },
        )
        assert draft.status_code == 201, draft.text
        doc_id = draft.json()["id"]
        submitted = await drafter.client.post(f"{first.url}/api/documents/{doc_id}/submit")
        assert submitted.status_code == 200, submitted.text
        signed = await leader.step_up(first, second, f"/api/documents/{doc_id}/sign")
        assert signed.status_code == 200, signed.text
        released = await clerk.step_up(second, first, f"/api/documents/{doc_id}/release")
        assert released.status_code == 200, released.text
        assert released.json()["status"] == "da_phat_hanh"
        final = [f for f in released.json()["files"] if f["role"] == "signed"][-1]
        pdf = (await drafter.client.get(f"{second.url}/api/files/{final['sha256']}")).content
        assert hashlib.sha256(pdf).hexdigest() == final["sha256"]
        async with httpx.AsyncClient() as anyone:  # the public check: no session at all
            await anyone.get(f"{second.url}/api/csrf")
            anyone.headers["x-csrftoken"] = anyone.cookies["csrftoken"]
            report = await anyone.post(
                f"{first.url}/api/signing/verify",
                files={"data": ("phat-hanh.pdf", pdf, "application/pdf")},
            )
        assert report.status_code == 200, report.text
        assert report.json()["valid"] is True
        assert len(report.json()["signatures"]) == 2

        # one CA and one VAPID key, served by both
        for path in ("/api/signing/ca.pem", "/api/push/vapid-public-key"):
            answers = [await leader.client.get(f"{m.url}{path}") for m in (first, second)]
            assert [a.status_code for a in answers] == [200, 200], path
            assert answers[0].content == answers[1].content, path
        for machine in (first, second):
            health = (await clerk.client.get(f"{machine.url}/api/health")).json()
            assert (health["database"], health["redis"], health["files"]) == ("ok", "ok", "ok")
            assert (health["push"], health["signing"]) == ("ok", "ok"), health

        # a third machine whose role cannot read the file store's table
        async with _role_without_the_file_store() as role:
            third = Machine(
                "c",
                tmp_path / "c",
                DANGBO_DATABASE_URL=_role_url(settings.database_url, role),
            )
            try:
                await third.start()
                answer = await clerk.client.get(f"{third.url}/api/health")
                assert answer.status_code == 503, answer.text
                health = answer.json()
                assert health["status"] == "degraded"
                assert (health["database"], health["files"]) == ("ok", "error"), health
                # it serves no file rather than a wrong one
                missing = await clerk.client.get(f"{third.url}/api/files/{sha}")
                assert missing.status_code >= 500
            finally:
                third.stop()
    finally:
        for browser in browsers:
            await browser.client.aclose()
        for machine in (first, second):
            machine.stop()
