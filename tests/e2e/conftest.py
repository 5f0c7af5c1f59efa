"""Browser tests against the real, built app (Playwright driving Debian's Chromium).

Fixtures for every area's e2e tests:

``live_server`` (session)
    Migrates and seeds a fresh SQLite database in its own ``DANGBO_VAR_DIR``, then runs
    ``dangbo serve`` (the production build, one port) with ``DANGBO_ORIGIN`` set to
    ``http://localhost:<port>`` and its own Reflex web dir (``.web-e2e``, so it never clashes
    with ``make run``). The first build takes minutes. Gives a ``LiveServer``: ``url(path)``,
    ``env`` (the server's environment), ``cli(*args)`` (``dangbo`` with that environment) and
    ``invite(...)`` (a one-time enrollment link). Stopped (its process group killed) at the end.
``browser`` (session)
    Chromium launched with ``executable_path=/usr/bin/chromium`` and headless-safe flags.
``camera_browser``
    A factory: ``camera_browser(video)`` launches another Chromium whose camera is the
    ``.y4m`` file ``video`` (``tests/qr_video.py`` draws a QR into one), permission granted
    without a prompt. Closed after the test.
``new_page_with_authenticator``
    A factory: each call gives a page in a fresh context (360 × 640, vi-VN, Asia/Ho_Chi_Minh)
    with a CDP virtual passkey authenticator (``page.authenticator_id``). Closed after the test.
``enroll_via_ui(page, roles=..., name=..., org=..., user=...)``
    Invites through the CLI, opens the link, creates the passkey and lands signed in on ``/``.
    Returns the username.
``login_via_ui(page, username=None)`` / ``sign_out_via_ui(page)``
    Passkey login from ``/dang-nhap``; sign out from ``/tai-khoan``.

Run: ``.venv/bin/python -m pytest tests/e2e -q -m e2e`` (set ``DANGBO_E2E_PORT`` to choose the
port, ``DANGBO_E2E_KEEP=1`` to keep the server's directory and log, ``DANGBO_E2E_SHOTS`` to
save the screenshots somewhere else than ``/tmp/shots``).
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# ``python -m backend.cli`` from the repository root runs this checkout's code (the console
# script would run whatever checkout the venv was installed from).
DANGBO = [sys.executable, "-m", "backend.cli"]
CHROMIUM = os.environ.get("DANGBO_E2E_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WEB_DIR = ".web-e2e"
# A first build on a fresh machine installs the frontend packages and bundles everything.
READY_TIMEOUT_S = 1200
# The test that first asks for live_server also waits for that build: browser tests get a
# per-test timeout above it (unless they set their own), not the suite's default.
E2E_TEST_TIMEOUT_S = READY_TIMEOUT_S + 300
PHONE = {"width": 360, "height": 640}
# Where the tests save their screenshots (DANGBO_E2E_SHOTS, e.g. to keep two runs apart).
SHOTS = Path(os.environ.get("DANGBO_E2E_SHOTS", "/tmp/shots"))
# How long a wait for something on a page may take. Generous: the machines are shared and a
# loaded one has been seen to take over 30 s to hydrate a page; a wait that succeeds returns
# as soon as it can, so this costs nothing when the page is quick (speed is measured in
# benchmarks/, not here).
DEFAULT_TIMEOUT_MS = 60_000


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if item.path.is_relative_to(here) and item.get_closest_marker("timeout") is None:
            item.add_marker(pytest.mark.timeout(E2E_TEST_TIMEOUT_S))


def _free_port(preferred: int) -> int:
    for port in (preferred, 0):
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return sock.getsockname()[1]
    raise RuntimeError("no free port")


def page_url(server: LiveServer, path: str) -> re.Pattern[str]:
    """The address of a page as the browser shows it: the static server answers a full load
    of ``/dang-nhap`` from ``/dang-nhap/``; a query may follow."""
    return re.compile(re.escape(server.url(path.rstrip("/"))) + r"/?(\?.*)?$")


@dataclass
class LiveServer:
    base_url: str
    env: dict[str, str]
    var_dir: Path
    log_path: Path

    def url(self, path: str = "/") -> str:
        return self.base_url + path

    def cli(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        """Run ``dangbo`` against this server's database and settings."""
        return subprocess.run(
            [*DANGBO, *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            check=check,
            timeout=120,
        )

    def stage(self, module: str) -> dict:
        """Run a staging module of ``tests/e2e`` (``python -m tests.e2e.<module>``) against this
        server's database and settings; it prints the ids it made as JSON, on its last line."""
        out = subprocess.run(
            [sys.executable, "-m", f"tests.e2e.{module}"],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        ).stdout
        return json.loads(out.strip().splitlines()[-1])

    def invite(
        self,
        roles: list[str] | tuple[str, ...] = ("can_bo",),
        name: str = "Nguyễn Văn Thử",
        org: str | None = None,
        user: str | None = None,
    ) -> tuple[str, str]:
        """A one-time enrollment link, as ``dangbo invite`` prints it: (url, username)."""
        if user:
            args = ["invite", "--user", user]
        else:
            args = ["invite", "--name", name, *[a for r in roles for a in ("--role", r)]]
            if org:
                args += ["--org", org]
        out = self.cli(*args).stdout
        url = re.search(r"^(http\S+/dang-ky/\S+)$", out, re.MULTILINE)
        username = re.search(r"^Tài khoản: (\S+)$", out, re.MULTILINE)
        assert url and username, out
        return url.group(1), username.group(1)

    def log_tail(self, lines: int = 60) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


def _server_env(var_dir: Path, port: int) -> dict[str, str]:
    # The API test suite sets DANGBO_* for its own in-process app: none of it applies here.
    env = {k: v for k, v in os.environ.items() if not k.startswith("DANGBO_")}
    env.update(
        {
            "DANGBO_VAR_DIR": str(var_dir),
            "DANGBO_ORIGIN": f"http://localhost:{port}",
            "DANGBO_SECRET_KEY": secrets.token_urlsafe(32),
            "DANGBO_AUTH_RATE_LIMIT_PER_MINUTE": "10000",
            # The tests enroll the same demo users again and again: each new link for a user
            # with a passkey is an account recovery, whose hold ends at once with 0 hours.
            "DANGBO_RECOVERY_HOLD_HOURS": "0",
            # Citizens sign in through the bundled VNeID simulator (/vneid-sim).
            "DANGBO_VNEID_SIMULATOR": "1",
            "REFLEX_WEB_WORKDIR": WEB_DIR,
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


def _get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - local URL
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0


@pytest.fixture(scope="session")
def live_server() -> Iterator[LiveServer]:
    port = _free_port(int(os.environ.get("DANGBO_E2E_PORT", "3100")))
    var_dir = Path(tempfile.mkdtemp(prefix="dangbo-e2e-"))
    server = LiveServer(
        base_url=f"http://localhost:{port}",
        env=_server_env(var_dir, port),
        var_dir=var_dir,
        log_path=var_dir / "serve.log",
    )
    server.cli("migrate")
    server.cli("seed-demo")
    with server.log_path.open("wb") as log:
        process = subprocess.Popen(
            [*DANGBO, "serve", "--host", "127.0.0.1", "--port", str(port)],
            cwd=ROOT,
            env=server.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: Reflex starts workers and Node
        )
    try:
        deadline = time.monotonic() + READY_TIMEOUT_S
        while True:
            if process.poll() is not None:
                pytest.fail(f"dangbo serve exited ({process.returncode}):\n{server.log_tail()}")
            if all(_get(server.url(p)) == 200 for p in ("/api/health", "/dang-nhap", "/sw.js")):
                break
            if time.monotonic() > deadline:
                pytest.fail(f"dangbo serve not ready in {READY_TIMEOUT_S} s:\n{server.log_tail()}")
            time.sleep(2)
        yield server
    finally:
        _stop(process)
        if not os.environ.get("DANGBO_E2E_KEEP"):
            shutil.rmtree(var_dir, ignore_errors=True)


def _stop(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
    try:  # workers left behind in the group
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


@pytest.fixture(scope="session")
def playwright_instance():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance):
    browser = playwright_instance.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def camera_browser(playwright_instance) -> Iterator[Callable[[Path], object]]:
    browsers = []

    def launch(video: Path):
        camera = [
            "--use-fake-ui-for-media-stream",
            "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-video-capture={video}",
        ]
        launched = playwright_instance.chromium.launch(
            executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, *camera]
        )
        browsers.append(launched)
        return launched

    yield launch
    for launched in browsers:
        launched.close()


def context_options() -> dict:
    return {
        "viewport": PHONE,
        "device_scale_factor": 2,
        "is_mobile": True,
        "has_touch": True,
        "locale": "vi-VN",
        "timezone_id": "Asia/Ho_Chi_Minh",
    }


def add_virtual_authenticator(page) -> str:
    """A platform passkey authenticator (CTAP2, resident keys, user verification) for the
    page's context, through CDP. Returns its id."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    result = cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    page.webauthn_cdp = cdp  # keep the session (and so the authenticator) alive
    page.authenticator_id = result["authenticatorId"]
    return result["authenticatorId"]


@pytest.fixture
def new_page_with_authenticator(browser) -> Iterator[Callable[[], object]]:
    contexts = []

    def make():
        context = browser.new_context(**context_options())
        context.set_default_timeout(DEFAULT_TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        add_virtual_authenticator(page)
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def enroll_via_ui(live_server: LiveServer):
    def enroll(
        page,
        roles: list[str] | tuple[str, ...] = ("can_bo",),
        name: str = "Nguyễn Văn Thử",
        org: str | None = None,
        user: str | None = None,
        passkey_name: str | None = None,
    ) -> str:
        url, username = live_server.invite(roles=roles, name=name, org=org, user=user)
        page.goto(url)
        page.get_by_text(username, exact=True).wait_for()
        if passkey_name is not None:
            page.locator("#passkey-name").fill(passkey_name)
        page.get_by_role("button", name="Tạo khóa truy cập").click()
        page.wait_for_url(live_server.url("/"))
        page.get_by_role("heading", name=re.compile("Xin chào")).wait_for()
        return username

    return enroll


@pytest.fixture
def login_via_ui(live_server: LiveServer):
    def login(page, username: str | None = None, expect_success: bool = True) -> None:
        page.goto(live_server.url("/dang-nhap"))
        page.wait_for_function("() => window.dangbo && window.dangbo.passkeyLogin")
        # A tap once the page has settled (seen once in CI on a loaded machine: a tap during
        # start-up reloaded the page as /dang-nhap?username= instead of signing in).
        page.wait_for_load_state("networkidle")
        if username:
            page.locator("#username").fill(username)
        page.get_by_role("button", name="Đăng nhập bằng khóa truy cập").click()
        if expect_success:
            page.wait_for_url(live_server.url("/"))
            page.get_by_role("heading", name=re.compile("Xin chào")).wait_for()

    return login


@pytest.fixture
def sign_out_via_ui(live_server: LiveServer):
    def sign_out(page, everywhere: bool = False) -> None:
        page.goto(live_server.url("/tai-khoan"))
        name = "Đăng xuất khỏi mọi thiết bị" if everywhere else "Đăng xuất"
        page.get_by_role("button", name=name, exact=True).click()
        page.wait_for_url(page_url(live_server, "/dang-nhap"))

    return sign_out
