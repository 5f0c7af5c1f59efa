"""A citizen signs in through the full VNeID redirect flow in a real browser: the login page's
VNeID button, the simulator's page (on the one origin, /vneid-sim), back to the app, the
consent notice, his page; and a failed sign-in lands on a clear page. Screenshots at
360 × 640."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import SHOTS, context_options, page_url

pytestmark = pytest.mark.e2e
STEP_MS = 180_000


def test_a_simulator_citizen_signs_in_with_vneid_and_sees_the_consent_notice(live_server, browser):
    SHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(**context_options())
    # Each step is a full page load through the redirect flow: on a loaded machine (several
    # builds at once) one took over 60 s.
    context.set_default_timeout(STEP_MS)
    page = context.new_page()
    try:
        page.goto(live_server.url("/dang-nhap"))
        page.wait_for_load_state("networkidle")  # a tap once the page has settled
        page.locator("#vneid-login").click()
        page.wait_for_url(re.compile(r"/vneid-sim/authorize\?"))
        assert "state=" in page.url and "code_challenge=" in page.url
        page.get_by_text("Chọn công dân thử nghiệm").wait_for()
        page.screenshot(path=str(SHOTS / "vneid-gia-lap.png"))

        # Citizen 2 signs in nowhere else in the suite: the consultations' test has already
        # accepted the notice for citizens 0 and 1, who would skip it.
        page.locator('button[data-citizen="2"]').click()
        page.wait_for_url(page_url(live_server, "/cong-dan/dong-y"))
        page.get_by_role(
            "heading", name="Thông báo xử lý dữ liệu cá nhân khi góp ý dự thảo văn kiện"
        ).wait_for()
        page.get_by_text("91/2025/QH15").first.wait_for()
        page.screenshot(path=str(SHOTS / "cong-dan-dong-y.png"))

        page.locator("#consent-accept").click()
        page.wait_for_url(page_url(live_server, "/cong-dan"))
        page.get_by_text("Lê Văn Hùng").wait_for()
        page.get_by_text("Đã đồng ý thông báo xử lý dữ liệu lúc").wait_for()
        # His bottom navigation: his areas only, none of the Party's (documents, handbook,
        # congress), his own page the current one.
        tabs = page.locator("nav[aria-label='Chức năng chính'] .dangbo-tab")
        assert tabs.all_inner_texts() == ["Góp ý", "Đã góp ý", "Thông báo", "Cá nhân"]
        current = page.locator("nav[aria-label='Chức năng chính'] [aria-current=page]")
        assert current.inner_text() == "Cá nhân"
        page.screenshot(path=str(SHOTS / "cong-dan-du-lieu.png"))
        cookies = {c["name"] for c in context.cookies()}
        assert "dangbo_session" in cookies and "dangbo_vneid" not in cookies
    finally:
        context.close()


def test_a_failed_vneid_sign_in_lands_on_a_clear_page(live_server, browser):
    context = browser.new_context(**context_options())
    # Each step is a full page load through the redirect flow: on a loaded machine (several
    # builds at once) one took over 60 s.
    context.set_default_timeout(STEP_MS)
    page = context.new_page()
    try:
        page.goto(live_server.url("/cong-dan/dang-nhap"))
        page.wait_for_load_state("networkidle")
        page.locator("#vneid-login").click()
        page.wait_for_url(re.compile(r"/vneid-sim/authorize\?"))
        page.locator('button[data-citizen="4"]').click()  # mức 1
        page.wait_for_url(re.compile(r"/cong-dan/loi/?\?ma=vneid_level"))
        page.get_by_role("heading", name="Tài khoản VNeID chưa đủ mức định danh").wait_for()
        page.screenshot(path=str(SHOTS / "cong-dan-loi-muc.png"))
        # The same callback again (a replay): the sign-in is no longer valid.
        page.goto(live_server.url("/api/citizens/vneid/callback?state=cu&code=cu"))
        page.wait_for_url(re.compile(r"/cong-dan/loi/?\?ma=vneid_state"))
        page.get_by_role("heading", name="Phiên đăng nhập không còn hiệu lực").wait_for()
    finally:
        context.close()
