"""Dates in dd/mm/yyyy whatever the browser's language, the browser's own errors said in
Vietnamese, and the public signature check.

- An English-language browser (en-US) registers an incoming document: the date fields show
  ``dd/mm/yyyy``, put the slashes in as digits are typed, refuse a day that is not on the
  calendar in Vietnamese, and the document shows the dates as typed.
- Login on a device with no passkey for the site: the message names that case and says how
  to get an enrollment link (never the browser's English).
- Turning on push when the browser refuses the subscription ("Registration failed -
  permission denied", a ``NotAllowedError``): the page gets the Vietnamese explanation.
- ``/xac-minh`` works signed out, reached from the login page.
"""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import (
    DEFAULT_TIMEOUT_MS,
    SHOTS,
    add_virtual_authenticator,
    context_options,
    page_url,
)
from tests.sample_pdfs import text_pdf

pytestmark = pytest.mark.e2e

ENGLISH = re.compile(r"Registration failed|not allowed|timed out|permission denied|Error", re.I)


@pytest.fixture
def browser_page(browser):
    """A 360 × 640 page in a fresh context of the given locale, with a virtual passkey
    authenticator (no passkey on it yet)."""
    contexts = []

    def make(locale: str = "vi-VN"):
        context = browser.new_context(**{**context_options(), "locale": locale})
        context.set_default_timeout(DEFAULT_TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        add_virtual_authenticator(page)
        return page

    yield make
    for context in contexts:
        context.close()


def _shot(page, name: str) -> None:
    folder = SHOTS / "forms"
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def test_dates_are_dd_mm_yyyy_in_an_english_browser(
    live_server, browser_page, enroll_via_ui, tmp_path
):
    from tests.documents_support import pdf_bytes

    page = browser_page("en-US")
    assert page.evaluate("navigator.language") == "en-US"
    enroll_via_ui(page, roles=("van_thu", "can_bo"), name="Văn Thư Trình Duyệt Anh", org="VPTU")
    page.goto(live_server.url("/van-ban/vao-so"))
    page.get_by_role("radio", name="Văn bản đến").wait_for()

    issued = page.get_by_label("Ngày ban hành")
    deadline = page.get_by_label("Hạn xử lý")
    for field in (issued, deadline):
        assert field.get_attribute("type") == "text"
        assert field.get_attribute("placeholder") == "dd/mm/yyyy"
    issued.press_sequentially("20112026", delay=40)
    page.wait_for_function("() => document.getElementById('ngay_ban_hanh').value.length === 10")
    assert issued.input_value() == "20/11/2026"

    plan = tmp_path / "ke-hoach.pdf"
    plan.write_bytes(pdf_bytes("Kế hoạch sơ kết chuyển đổi số", so_ky_hieu="61-KH/TU"))
    page.locator("input[type=file]").set_input_files(str(plan))
    page.get_by_label("Số và ký hiệu").fill("61-KH/TU")
    page.get_by_label("Cơ quan ban hành").fill("Tỉnh ủy Bắc Ninh")
    page.get_by_label("Trích yếu").fill("Kế hoạch sơ kết chuyển đổi số")
    page.get_by_role("combobox", name="Độ mật").click()
    page.get_by_role("option", name="Không mật", exact=True).click()

    deadline.press_sequentially("31/02/2027", delay=40)
    page.wait_for_function("() => document.getElementById('han_xu_ly').value.length === 10")
    page.get_by_role("button", name="Vào sổ").click()
    page.get_by_text("Hạn xử lý: ngày 31/02/2027 không có trên lịch.").wait_for()
    _shot(page, "ngay-sai-en-us")

    deadline.fill("")
    deadline.press_sequentially("05/01/2027", delay=40)
    page.wait_for_function("() => document.getElementById('han_xu_ly').value === '05/01/2027'")
    page.get_by_role("button", name="Vào sổ").click()
    page.wait_for_url(re.compile(r".*/van-ban/\d+/?(\?.*)?$"))
    page.get_by_text("20/11/2026", exact=True).wait_for()  # Ngày ban hành
    page.get_by_text("05/01/2027", exact=True).first.wait_for()  # Hạn xử lý
    _shot(page, "ngay-dung-en-us")


def test_login_without_a_passkey_on_this_device_says_so_in_vietnamese(live_server, browser_page):
    page = browser_page()
    page.goto(live_server.url("/dang-nhap"))
    page.wait_for_function("() => window.dangbo && window.dangbo.passkeyLogin")
    # Once the app has started, as login_via_ui does: a tap before that is submitted by the
    # browser itself (a reload as /dang-nhap?username=), seen in CI on a loaded machine.
    page.wait_for_load_state("networkidle")
    page.get_by_role("button", name="Đăng nhập bằng khóa truy cập").click()
    alert = page.get_by_role("alert")
    alert.wait_for()
    text = alert.inner_text()
    assert "thiết bị này chưa có khóa truy cập" in text, text
    assert "liên kết đăng ký" in text, text
    assert not ENGLISH.search(text), text
    _shot(page, "dang-nhap-khong-co-khoa")


def test_a_tap_before_the_app_has_started_is_answered_by_the_app(live_server, browser_page):
    """On a slow phone the login page is on the screen seconds before the app has started. A
    tap then is held and handed to the app once it has: the same Vietnamese answer as later,
    no reload as /dang-nhap?username=."""
    page = browser_page()
    # Records, at the tap, whether the app had started (to know the early path was taken).
    page.add_init_script(
        "document.addEventListener('submit', () => { window.tappedEarly ??="
        " !(window.dangbo && window.dangbo.started); }, true);"
    )
    cdp = page.context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 6})  # a cheap phone's start-up
    page.goto(live_server.url("/dang-nhap"), wait_until="commit")
    page.get_by_role("button", name="Đăng nhập bằng khóa truy cập").click()
    alert = page.get_by_role("alert")
    alert.wait_for()
    assert page.evaluate("() => window.tappedEarly") is True
    assert page.url == live_server.url("/dang-nhap"), page.url
    text = alert.inner_text()
    assert "thiết bị này chưa có khóa truy cập" in text, text
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 1})


def test_push_refused_by_the_browser_is_explained_in_vietnamese(
    live_server, browser_page, enroll_via_ui
):
    live_server.cli("vapid", "init", check=False)  # kept if another test made it already
    page = browser_page()
    page.context.grant_permissions(["notifications"], origin=live_server.base_url)
    enroll_via_ui(page, roles=("can_bo",), name="Người Bị Chặn Thông Báo")
    page.goto(live_server.url("/thong-bao/cai-dat"))
    # As a person would, once the page (and so its service worker, installed on a fresh
    # browser's first visit) is ready: on a busy machine the install outlasts push.js's bound.
    page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")
    # What Chromium throws when its push permission is refused; the subscription is the
    # only step stood in for (no vendor push service is reachable from this machine).
    result = page.evaluate(
        """async () => {
          PushManager.prototype.subscribe = () => Promise.reject(
            new DOMException('Registration failed - permission denied', 'NotAllowedError'));
          const push = await import('/push.js');
          return await push.enable();
        }"""
    )
    assert result["ok"] is False
    assert result["message"].startswith("Trình duyệt đang chặn thông báo của Đảng bộ số"), result
    assert not ENGLISH.search(result["message"]), result


def test_signature_check_is_public_and_linked_from_the_login_page(live_server, browser_page):
    page = browser_page()
    page.goto(live_server.url("/dang-nhap"))
    page.get_by_role("link", name="Xác minh chữ ký số của một văn bản").click()
    page.wait_for_url(page_url(live_server, "/xac-minh"))
    page.get_by_role("heading", name="Xác minh chữ ký số").wait_for()
    page.locator("input[type=file]").set_input_files(
        files=[
            {
                "name": "khong-ky.pdf",
                "mimeType": "application/pdf",
                "buffer": text_pdf("THONG BAO", "Van ban khong ky so"),
            }
        ]
    )
    page.get_by_role("heading", name="Không có chữ ký số").wait_for()
    assert page.url.rstrip("/").endswith("/xac-minh")  # still signed out, not sent to login
    _shot(page, "xac-minh-khach")
