"""Account recovery in the browser (docs/security.md, "Account recovery"; issue 12).

These tests need a hold: the shared ``live_server`` ends every hold at once
(``DANGBO_RECOVERY_HOLD_HOURS=0``, since the other tests enroll the same demo users again and
again), so this module runs its own server with the default 72 hours, in its own database and
Reflex build directory (``.web-e2e-held``; a first build takes minutes).

- The attack: an administrator re-issues a link for the leader and enrolls a passkey through
  it; that session sees only the recovery page (the API refuses it everything else), saying in
  Vietnamese that the passkey waits for a second person or until when; the leader, on his own
  phone, sees the recovery (banner, account page) and refuses it; the held session is gone.
- The lost phone: a cadre's new phone is held until the head of his organisation confirms it
  with his own passkey; then it has full access. The administrator who issued the link cannot
  confirm it himself.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import (
    DANGBO,
    DEFAULT_TIMEOUT_MS,
    READY_TIMEOUT_S,
    ROOT,
    SHOTS,
    LiveServer,
    _free_port,
    _get,
    _server_env,
    _stop,
    add_virtual_authenticator,
    context_options,
)

pytestmark = pytest.mark.e2e

HELD_WEB_DIR = ".web-e2e-held"
HOLD_HOURS = "72"
FOLDER = SHOTS / "recovery"


@pytest.fixture(scope="module")
def held_server() -> Iterator[LiveServer]:
    """``dangbo serve`` with a real hold (the shared live server has none)."""
    port = _free_port(int(os.environ.get("DANGBO_E2E_PORT", "3100")) + 7)
    var_dir = Path(tempfile.mkdtemp(prefix="dangbo-e2e-held-"))
    env = _server_env(var_dir, port)
    env.update({"DANGBO_RECOVERY_HOLD_HOURS": HOLD_HOURS, "REFLEX_WEB_WORKDIR": HELD_WEB_DIR})
    server = LiveServer(
        base_url=f"http://localhost:{port}", env=env, var_dir=var_dir, log_path=var_dir / "log"
    )
    server.cli("migrate")
    server.cli("seed-demo")
    with server.log_path.open("wb") as log:
        process = subprocess.Popen(
            [*DANGBO, "serve", "--host", "127.0.0.1", "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + READY_TIMEOUT_S
        while not all(_get(server.url(p)) == 200 for p in ("/api/health", "/dang-nhap")):
            if process.poll() is not None:
                pytest.fail(f"dangbo serve exited ({process.returncode}):\n{server.log_tail()}")
            if time.monotonic() > deadline:
                pytest.fail(f"dangbo serve not ready:\n{server.log_tail()}")
            time.sleep(2)
        yield server
    finally:
        _stop(process)
        if not os.environ.get("DANGBO_E2E_KEEP"):
            shutil.rmtree(var_dir, ignore_errors=True)


@pytest.fixture(scope="module")
def phones(browser) -> Iterator:
    """A factory of phones (a context each, with a passkey authenticator), for the module."""
    contexts = []

    def phone():
        context = browser.new_context(**context_options())
        context.set_default_timeout(DEFAULT_TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        add_virtual_authenticator(page)
        return page

    yield phone
    for context in contexts:
        context.close()


def _enroll(page, url: str) -> None:
    """Create a passkey through an enrollment link; the app opens afterwards."""
    page.goto(url)
    page.get_by_role("button", name="Tạo khóa truy cập").click()
    page.wait_for_url(lambda address: "/dang-ky/" not in address)


def _signed_in(server: LiveServer, page, **invite) -> None:
    url, _ = server.invite(**invite)
    _enroll(page, url)
    page.get_by_role("heading", name=re.compile("Xin chào")).wait_for()


@pytest.fixture(scope="module")
def admin(held_server, phones):
    page = phones()
    _signed_in(held_server, page, user="quantri")  # the demo administrator's first passkey
    return page


@pytest.fixture(scope="module")
def leader(held_server, phones):
    """The lãnh đạo of the Văn phòng Tỉnh ủy, on his own phone."""
    page = phones()
    _signed_in(held_server, page, user="lanhdao")
    return page


def _shot(page, name: str) -> None:
    FOLDER.mkdir(parents=True, exist_ok=True)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)
    page.screenshot(path=str(FOLDER / f"{name}.png"))
    page.screenshot(path=str(FOLDER / f"{name}-full.png"), full_page=True)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{name}: {overflow}px wider than the screen"


def _reissue(server: LiveServer, admin, username: str) -> str:
    """The administrator gives ``username`` a new link from the user list."""
    admin.goto(server.url("/quan-tri"))
    admin.locator("#user-search").fill(username)
    admin.get_by_role("button", name="Tìm", exact=True).click()
    row = admin.locator(f".user-row[data-username='{username}']")
    row.wait_for()
    row.get_by_role("button", name="Cấp liên kết mới").click()
    admin.locator("#confirm-reissue").click()
    admin.locator("#reissue-recovery").wait_for()
    link = admin.locator("#reissued-link").inner_text().strip()
    assert link.startswith(server.url("/dang-ky/"))
    return link


def _held(server: LiveServer, page) -> None:
    """The session sees only the recovery page, which says what waits for whom, until when."""
    page.wait_for_url(re.compile(r"/khoi-phuc-tai-khoan/?$"))
    page.get_by_role("heading", name="Khóa truy cập mới đang chờ xác nhận").wait_for()
    date_time = re.compile(r"^\d{2}/\d{2}/\d{4} \d{2}:\d{2}$")
    expect(page.locator("#held-release-at")).to_have_text(date_time)
    release = page.locator("#held-release-at").inner_text()
    explanation = page.locator("#held-explanation").inner_text()
    assert "quản trị viên khác hoặc lãnh đạo của tổ chức" in explanation
    assert release.strip() in explanation
    # Nothing else: every other page leads back here, and the API refuses the session.
    for path in ("/van-ban", "/tai-khoan", "/quan-tri", "/thong-bao"):
        page.goto(server.url(path))
        page.wait_for_url(re.compile(r"/khoi-phuc-tai-khoan/?$"))
        page.get_by_role("heading", name="Khóa truy cập mới đang chờ xác nhận").wait_for()
    refused = page.request.get(server.url("/api/documents/inbox"))
    assert refused.status == 403
    assert refused.json()["type"].endswith("recovery_held")


def test_an_administrator_cannot_become_the_leader(held_server, phones, admin, leader):
    link = _reissue(held_server, admin, "lanhdao")
    _shot(admin, "quan-tri-cap-lai-lanhdao")

    # The administrator enrolls a passkey "as the leader" on a phone of his own.
    intruder = phones()
    _enroll(intruder, link)
    _held(held_server, intruder)
    _shot(intruder, "khoa-dang-giu")

    # The leader, on his own phone, is told on every page, and refuses on his account page.
    leader.goto(held_server.url("/"))
    leader.locator("#recovery-banner").wait_for()
    _shot(leader, "lanhdao-trang-chu-canh-bao")
    leader.locator("#recovery-banner").get_by_role("link").click()
    leader.wait_for_url(re.compile(r"/tai-khoan/?(#khoi-phuc)?$"))
    section = leader.locator("#khoi-phuc")
    section.get_by_text("Đang chờ xác nhận").wait_for()
    section.get_by_text("Quản trị hệ thống").wait_for()  # who issued the link
    _shot(leader, "lanhdao-tai-khoan-khoi-phuc")
    section.get_by_role("button", name="Từ chối, không phải tôi").click()
    leader.locator("#confirm-refuse").click()
    leader.get_by_text("Đã từ chối khôi phục tài khoản").wait_for()
    assert leader.locator("#khoi-phuc").count() == 0
    assert leader.locator("#recovery-banner").count() == 0
    _shot(leader, "lanhdao-da-tu-choi")

    # The held session is gone: asking again lands on the login page.
    intruder.get_by_role("button", name="Kiểm tra lại").click()
    intruder.wait_for_url(re.compile(r"/dang-nhap"))
    assert intruder.request.get(held_server.url("/api/me")).status == 401
    # The leader's own phone still works.
    leader.goto(held_server.url("/van-ban"))
    leader.get_by_text("Cần xử lý").first.wait_for()


def test_a_lost_phone_is_confirmed_by_the_head_of_the_organisation(
    held_server, phones, admin, leader
):
    lost = phones()
    _signed_in(held_server, lost, user="canbo")  # Lê Minh Đức, Văn phòng Tỉnh ủy
    # The phone is lost; he tells the administrator, who gives him a new link.

    link = _reissue(held_server, admin, "canbo")
    new_phone = phones()
    _enroll(new_phone, link)
    _held(held_server, new_phone)

    # The administrator who issued the link is not the second person.
    admin.goto(held_server.url("/quan-tri/xac-nhan-khoi-phuc"))
    admin.locator("#nothing-to-confirm").wait_for()

    # The head of his organisation confirms it with his own passkey.
    leader.goto(held_server.url("/tai-khoan"))
    leader.get_by_role("link", name="Xác nhận khôi phục tài khoản của người khác").click()
    leader.wait_for_url(re.compile(r"/quan-tri/xac-nhan-khoi-phuc/?$"))
    card = leader.locator(".rt-Card").filter(has_text="Lê Minh Đức")
    card.get_by_text("Quản trị hệ thống").wait_for()
    _shot(leader, "lanhdao-xac-nhan-khoi-phuc")
    card.get_by_role("button", name="Xác nhận").click()
    leader.get_by_role("alertdialog").get_by_text("Lê Minh Đức").wait_for()
    _shot(leader, "lanhdao-xac-nhan-hop-thoai")
    leader.locator("#confirm-recovery").click()
    leader.get_by_text("Đã xác nhận khôi phục tài khoản của Lê Minh Đức").wait_for()
    leader.locator("#nothing-to-confirm").wait_for()

    # The new phone now has full access.
    new_phone.get_by_role("button", name="Kiểm tra lại").click()
    new_phone.get_by_role("heading", name=re.compile("Xin chào")).wait_for()
    new_phone.goto(held_server.url("/van-ban"))
    new_phone.get_by_text("Cần xử lý").first.wait_for()
    assert new_phone.request.get(held_server.url("/api/documents/inbox")).status == 200
    _shot(new_phone, "canbo-may-moi-da-xac-nhan")
