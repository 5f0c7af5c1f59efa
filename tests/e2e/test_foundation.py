"""The foundation in a real browser: passkey enrollment and login, revocation, replay,
the offline page, installability, the Content-Security-Policy and the screenshots."""

from __future__ import annotations

import json
import re
import tempfile
import time
import urllib.request

import pytest

from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, SHOTS, context_options, page_url

pytestmark = pytest.mark.e2e


CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.lineNumber}`);
});
"""


def _watch_console(page) -> list[str]:
    problems: list[str] = []
    page.on(
        "console",
        lambda m: problems.append(m.text) if m.type == "error" or "Refused" in m.text else None,
    )
    page.on("pageerror", lambda e: problems.append(f"pageerror: {e}"))
    return problems


def _record_layout_shifts(page) -> None:
    """From the next navigation on, ``window.__shifts`` lists the page's layout shifts."""
    page.add_init_script(
        "window.__shifts = []; window.__shiftSources = [];"
        "new PerformanceObserver((list) => list.getEntries().forEach((e) => {"
        "  window.__shifts.push(e.value);"
        "  window.__shiftSources.push((e.sources || []).map((s) => s.node"
        "    ? `${s.node.nodeName}#${s.node.id || ''}.${s.node.className || ''}` : '?'));"
        "})).observe({type: 'layout-shift', buffered: true});"
    )


# The font faces of the page that were used, all loaded (after a late answer too).
FONTS_LOADED = (
    "() => { const used = [...document.fonts].filter((f) => f.status !== 'unloaded');"
    " return used.length > 0 && used.every((f) => f.status === 'loaded'); }"
)


def _late(route) -> None:
    """Answers a request 0.6 s late: past the 100 ms a browser waits for a web font."""
    time.sleep(0.6)
    route.continue_()


def _wait_for_service_worker(page) -> None:
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=60_000)


def test_admin_enrolls_signs_out_and_signs_back_in(
    live_server, new_page_with_authenticator, enroll_via_ui, login_via_ui, sign_out_via_ui
):
    page = new_page_with_authenticator()
    page.add_init_script(CSP_LISTENER)
    console = _watch_console(page)

    username = enroll_via_ui(page, user="quantri", passkey_name="Điện thoại công vụ")
    assert username == "quantri"
    page.get_by_text("Quản trị hệ thống").first.wait_for()

    page.goto(live_server.url("/tai-khoan"))
    page.get_by_text("Điện thoại công vụ").wait_for()
    page.get_by_text("Thiết bị này").wait_for()

    # Signing out calls the page's cache hook before leaving for the login page.
    page.evaluate("window.dangboLogout = () => { sessionStorage.setItem('cleared', 'yes'); }")
    sign_out_via_ui(page)
    assert page.evaluate("sessionStorage.getItem('cleared')") == "yes"
    page.goto(live_server.url("/tai-khoan"))
    page.wait_for_url(re.compile(r"/dang-nhap/?\?tiep=/tai-khoan/?$"))

    login_via_ui(page)  # usernameless: the authenticator offers the resident key
    page.get_by_text("Quản trị hệ thống").first.wait_for()
    sign_out_via_ui(page)
    login_via_ui(page, username="quantri")  # with the username hint

    # The admin page creates an invitation whose link opens the enrollment page.
    page.goto(live_server.url("/quan-tri"))
    page.locator("#invite-name").fill("Trần Thị Mời")
    page.get_by_label("Đảng viên", exact=True).check()
    page.locator("#invite-org").select_option("VPTU")
    page.get_by_role("button", name="Tạo liên kết đăng ký").click()
    link = page.locator("#invitation-link")
    link.wait_for()
    url = link.inner_text().strip()
    assert url.startswith(live_server.url("/dang-ky/"))
    invitee = new_page_with_authenticator()
    invitee.goto(url)
    invitee.get_by_text("Trần Thị Mời").wait_for()
    invitee.get_by_text("Văn phòng Tỉnh ủy").wait_for()

    # Lost device: a new link for an existing user (from his row of the user list), who keeps
    # name and roles.
    page.locator("#user-search").fill("canbo")
    page.get_by_role("button", name="Tìm", exact=True).click()
    # Only the search's rows: a tap while the first page is being replaced by them lands on
    # whatever row is under it then (other tests add users such as canbokhongquantri).
    page.wait_for_function(
        "() => { const rows = [...document.querySelectorAll('.user-row')];"
        " return rows.length > 0 && rows.every((r) => r.dataset.username.includes('canbo')); }"
    )
    row = page.locator(".user-row[data-username='canbo']")
    row.get_by_role("button", name="Cấp liên kết mới").click()
    page.locator("#confirm-reissue").click()
    reissued = page.locator("#reissued-link").inner_text().strip()
    assert reissued != url
    # The new link enrolls the same account: its facts, as the enrollment page reads them.
    token = reissued.rstrip("/").rsplit("/", 1)[-1]
    facts = page.request.get(live_server.url(f"/api/auth/invitations/{token}"))
    assert facts.status == 200, facts.text()
    assert facts.json()["username"] == "canbo", facts.json()

    assert page.evaluate("window.__cspViolations") == []
    assert [m for m in console if "Content Security Policy" in m or "Refused" in m] == []


def test_used_or_unknown_invitation_says_so(live_server, new_page_with_authenticator):
    url, username = live_server.invite(roles=["can_bo"], name="Hoàng Văn Một Lần")
    first = new_page_with_authenticator()
    first.goto(url)
    first.get_by_text(username, exact=True).wait_for()
    first.get_by_role("button", name="Tạo khóa truy cập").click()
    first.wait_for_url(live_server.url("/"))

    for link, reason in (
        (url, "Liên kết đăng ký đã được sử dụng."),
        (live_server.url("/dang-ky/khong-ton-tai-0123456789"), "Liên kết đăng ký không tồn tại."),
    ):
        page = new_page_with_authenticator()
        page.goto(link)
        page.get_by_role("alert").get_by_text(reason).wait_for()
        assert page.get_by_role("button", name="Tạo khóa truy cập").count() == 0


def test_admin_reissue_with_revoke_signs_the_lost_phone_out(
    live_server, new_page_with_authenticator, enroll_via_ui, login_via_ui
):
    lost = new_page_with_authenticator()
    username = enroll_via_ui(lost, roles=["can_bo"], name="Phan Văn Mất Máy")
    admin = new_page_with_authenticator()
    enroll_via_ui(admin, roles=["quan_tri", "can_bo"], name="Quản Trị Thu Hồi")

    admin.goto(live_server.url("/quan-tri"))
    admin.locator("#user-search").fill(username)
    admin.get_by_role("button", name="Tìm", exact=True).click()
    row = admin.locator(f".user-row[data-username='{username}']")
    row.get_by_role("button", name="Thu hồi thiết bị").click()
    admin.locator("#confirm-reissue").click()
    admin.locator("#reissue-revoked").get_by_text("Đã thu hồi mọi khóa truy cập cũ").wait_for()
    SHOTS.mkdir(parents=True, exist_ok=True)
    admin.screenshot(path=SHOTS / "admin-reissue-revoke-full.png", full_page=True)

    # The lost phone's session has ended, and its passkey no longer signs in.
    lost.goto(live_server.url("/tai-khoan"))
    lost.wait_for_url(re.compile(r"/dang-nhap"))
    login_via_ui(lost, expect_success=False)
    lost.get_by_role("alert").get_by_text("không còn hiệu lực").wait_for()


def test_revoked_passkey_cannot_sign_in(
    live_server, new_page_with_authenticator, enroll_via_ui, login_via_ui, sign_out_via_ui
):
    page = new_page_with_authenticator()
    enroll_via_ui(page, roles=["can_bo"], name="Lê Văn Thu Hồi", passkey_name="Máy cũ")

    page.goto(live_server.url("/tai-khoan"))
    page.get_by_text("Máy cũ").wait_for()
    page.get_by_role("button", name="Đổi tên").click()
    page.locator("#passkey-new-name").fill("Điện thoại bị mất")
    page.get_by_role("button", name="Lưu").click()
    page.get_by_text("Điện thoại bị mất").wait_for()
    page.get_by_role("button", name="Thu hồi").click()
    page.locator("#confirm-revoke").click()
    page.get_by_text("Chưa có khóa truy cập nào còn hiệu lực.").wait_for()

    # A cadre is not an administrator: the admin page refuses, with the API's reason.
    page.goto(live_server.url("/quan-tri"))
    page.get_by_text("Chỉ quản trị viên được dùng trang này.").wait_for()
    assert page.locator("#invite-name").count() == 0

    sign_out_via_ui(page)
    login_via_ui(page, expect_success=False)
    alert = page.get_by_role("alert")
    alert.get_by_text("không còn hiệu lực").wait_for()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / "login-error.png")
    assert page_url(live_server, "/dang-nhap").match(page.url)
    page.goto(live_server.url("/"))
    page.wait_for_url(re.compile(r"/dang-nhap"))


def test_replayed_assertion_is_refused(
    live_server, new_page_with_authenticator, enroll_via_ui, login_via_ui, sign_out_via_ui
):
    page = new_page_with_authenticator()
    enroll_via_ui(page, roles=["dang_vien"], name="Phạm Thị Phát Lại", org="DBCQD.CB01")
    sign_out_via_ui(page)

    captured: list[str] = []

    def capture(route):
        captured.append(route.request.post_data or "")
        route.continue_()

    page.route("**/api/auth/login/finish", capture)
    login_via_ui(page)
    page.unroute("**/api/auth/login/finish")
    assert len(captured) == 1 and json.loads(captured[0])["credential"]["id"]

    # The same signed assertion, sent again from the page (same origin, valid CSRF token).
    replay = page.evaluate(
        """async (body) => {
            const response = await fetch("/api/auth/login/finish", {
              method: "POST",
              credentials: "same-origin",
              headers: {"content-type": "application/json",
                        "x-csrftoken": await window.dangbo.csrfToken()},
              body,
            });
            return {status: response.status, problem: await response.json()};
        }""",
        captured[0],
    )
    assert replay["status"] == 400, replay
    assert replay["problem"]["detail"].startswith("Phiên xác thực đã hết hạn hoặc đã được dùng")


def test_offline_page_when_network_is_gone(live_server, new_page_with_authenticator):
    page = new_page_with_authenticator()
    page.goto(live_server.url("/dang-nhap"))
    _wait_for_service_worker(page)

    cached = page.evaluate(
        """async () => {
            const urls = [];
            for (const name of await caches.keys()) {
              for (const request of await (await caches.open(name)).keys()) urls.push(request.url);
            }
            return urls;
        }"""
    )
    assert any(u.split("?")[0].endswith("/offline.html") for u in cached), cached
    assert not [u for u in cached if "/api/" in u or "/_event" in u], cached

    page.context.set_offline(True)
    try:
        page.goto(live_server.url("/tai-khoan"))
        page.get_by_role("heading", name="Không có kết nối mạng").wait_for()
    finally:
        page.context.set_offline(False)


def test_installable_in_a_persistent_context(live_server, playwright_instance):
    with tempfile.TemporaryDirectory(prefix="dangbo-profile-") as profile:
        context = playwright_instance.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, args=CHROMIUM_ARGS, **context_options()
        )
        try:
            page = context.pages[0] if context.pages else context.new_page()
            page.goto(live_server.url("/dang-nhap"))
            _wait_for_service_worker(page)
            cdp = context.new_cdp_session(page)
            manifest = cdp.send("Page.getAppManifest")
            assert manifest["errors"] == [], manifest["errors"]
            assert manifest["url"] == live_server.url("/manifest.webmanifest")
            errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
            assert errors == []
        finally:
            context.close()


def test_security_headers_allow_exactly_the_built_inline_scripts(live_server, browser):
    context = browser.new_context(**context_options())
    try:
        page = context.new_page()
        page.add_init_script(CSP_LISTENER)
        console = _watch_console(page)
        response = page.goto(live_server.url("/dang-nhap"))
        assert response.url == live_server.url("/dang-nhap")  # served without a redirect
        csp = response.headers["content-security-policy"]
        assert "'unsafe-eval'" not in csp
        script_src = next(d for d in csp.split("; ") if d.startswith("script-src"))
        assert "'unsafe-inline'" not in script_src and "sha256-" in script_src
        assert response.headers["x-content-type-options"] == "nosniff"
        # Pre-rendered pages, the fallback page of a dynamic route, the plain offline page.
        for path in ("/dang-nhap", "/", "/dang-ky/khong-ton-tai-0123456789", "/offline.html"):
            page.goto(live_server.url(path))
            page.wait_for_load_state("networkidle")
            assert page.evaluate("window.__cspViolations") == [], path
        assert not [m for m in console if "Content Security Policy" in m], console
        # Only this origin may read the API with credentials.
        api = page.request.get(
            live_server.url("/api/health"), headers={"origin": "https://evil.example"}
        )
        assert api.headers.get("access-control-allow-origin") in (None, live_server.base_url)
        # Hashed build files may be kept for a year.
        page.goto(live_server.url("/dang-nhap"))
        page.wait_for_load_state("networkidle")  # the preloads are added after the first paint
        asset = page.evaluate(
            "[...document.querySelectorAll('link[rel=modulepreload]')].map(l => l.href)[0]"
        )
        assert "immutable" in page.request.get(asset).headers["cache-control"]
    finally:
        context.close()


def test_pages_paint_styled_from_their_html_before_any_script(live_server, browser):
    """The login page reads well with scripts off: its CSS rules are in the HTML, and the
    scripts and the full stylesheet are not asked for until it has painted."""
    html = urllib.request.urlopen(live_server.url("/dang-nhap"), timeout=10).read().decode()
    assert 'rel="modulepreload"' not in html
    assert 'rel="stylesheet"' not in html
    assert ".dangbo-button" in html  # critical CSS, inlined
    context = browser.new_context(**context_options(), java_script_enabled=False)
    try:
        page = context.new_page()
        loaded: list[str] = []
        page.on("request", lambda request: loaded.append(request.url))
        page.goto(live_server.url("/dang-nhap"))
        page.wait_for_load_state("networkidle")
        assert not [u for u in loaded if u.endswith(".css")], loaded  # no stylesheet was needed
        button = page.locator("#passkey-login")
        assert button.inner_text() == "Đăng nhập bằng khóa truy cập"
        style = button.evaluate(
            "b => { const s = getComputedStyle(b); return [s.backgroundColor, s.color, s.height]; }"
        )
        assert style[0] not in ("rgba(0, 0, 0, 0)", "rgb(239, 239, 239)"), style  # themed
        assert style[1] == "rgb(255, 255, 255)", style
        assert float(style[2].removesuffix("px")) >= 44, style  # a touch target, not a bare button
    finally:
        context.close()
    # With scripts on, the app then starts from the deferred bootstrap and hydrates cleanly.
    context = browser.new_context(**context_options())
    try:
        page = context.new_page()
        problems = _watch_console(page)
        # Nothing on the page may move while the stylesheet parts and the app come in, nor
        # when the web font arrives after the first paint (a slow link, a busy phone):
        # font-display: optional keeps the system font for this page then (with swap, the
        # wider fallback's two-line buttons became one line under the reader's thumb).
        page.route("**/*.woff2", _late)
        _record_layout_shifts(page)
        page.goto(live_server.url("/dang-nhap"))
        page.wait_for_function("() => window.__reactRouterRouteModules !== undefined")
        page.wait_for_load_state("networkidle")
        assert page.locator("#dangbo-app").count() == 0  # the inert bootstrap was replaced
        assert page.evaluate(FONTS_LOADED), "the web font files were not loaded"
        shifts = page.evaluate("window.__shifts")
        assert shifts == [], (shifts, page.evaluate("window.__shiftSources"))
        # The stylesheet arrives in parts; the whole file, which React links to, is never
        # fetched (a disabled stand-in answers for it).
        sheets = page.evaluate(
            "[...document.styleSheets].map(s => s.href || '').filter(h => h.includes('__reflex'))"
        )
        assert len(sheets) >= 2 and all(".part-" in href for href in sheets), sheets
        fetched = page.evaluate("performance.getEntriesByType('resource').map(e => e.name)")
        whole = [u for u in fetched if "__reflex_global_styles" in u and ".part-" not in u]
        assert whole == [], whole
        assert problems == [], problems  # no hydration mismatch, no CSP refusal
    finally:
        context.close()


def test_home_areas_stay_put_when_the_session_arrives(
    live_server, new_page_with_authenticator, enroll_via_ui
):
    """Home paints its areas from the HTML with a placeholder for the greeting; the greeting
    takes the placeholder's place without pushing the areas down."""
    page = new_page_with_authenticator()
    enroll_via_ui(page, roles=["can_bo"], name="Trần Thị Ổn Định")
    _record_layout_shifts(page)
    page.reload()
    page.get_by_role("heading", name=re.compile("Xin chào")).wait_for()
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.__shifts") == []


def test_screenshots_at_360x640(
    live_server, new_page_with_authenticator, enroll_via_ui, login_via_ui
):
    """Writes SHOTS/*.png (/tmp/shots by default) to look at: Vietnamese text, nothing cut off."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = new_page_with_authenticator()
    page.goto(live_server.url("/dang-nhap"))
    page.get_by_role("button", name="Đăng nhập bằng khóa truy cập").wait_for()
    page.wait_for_load_state("networkidle")
    page.screenshot(path=SHOTS / "login.png")

    url, username = live_server.invite(roles=["quan_tri", "can_bo"], name="Đặng Thị Ảnh")
    page.goto(url)
    page.get_by_text(username, exact=True).wait_for()
    page.wait_for_load_state("networkidle")
    page.screenshot(path=SHOTS / "enrollment.png")
    page.screenshot(path=SHOTS / "enrollment-full.png", full_page=True)
    page.get_by_role("button", name="Tạo khóa truy cập").click()
    page.wait_for_url(live_server.url("/"))
    page.get_by_role("heading", name=re.compile("Xin chào")).wait_for()
    page.wait_for_load_state("networkidle")
    page.screenshot(path=SHOTS / "home.png")
    page.screenshot(path=SHOTS / "home-full.png", full_page=True)

    for name, path, ready in (
        ("account", "/tai-khoan", "Thiết bị này"),
        ("admin", "/quan-tri", "Mời người dùng mới"),
        ("documents", "/van-ban", "Cần xử lý"),
    ):
        page.goto(live_server.url(path))
        page.get_by_text(ready).first.wait_for()
        page.wait_for_load_state("networkidle")
        page.screenshot(path=SHOTS / f"{name}.png")
        page.screenshot(path=SHOTS / f"{name}-full.png", full_page=True)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px"

    # The offline page comes from the service worker: only once it is installed (its precache
    # grows with each area's scripts, and installing takes a while on a loaded machine).
    page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")
    page.context.set_offline(True)
    try:
        page.goto(live_server.url("/so-tay"))
        page.get_by_role("heading", name="Không có kết nối mạng").wait_for()
        page.screenshot(path=SHOTS / "offline.png")
    finally:
        page.context.set_offline(False)
