"""Offline that never lies, in the real built app with the network cut by CDP emulation
(Playwright's ``set_offline``): a tap on another document shows that document's saved copy or
says it is not saved, never the previous one; every navigation with the network off lands on
the offline page or the saved copy; the connection line is Vietnamese and the page's data is
read again on reconnection; no English from the framework (the connection toast, the 404
page); saved copies are bound to the session (revoked elsewhere: gone; not confirmed for more
than the N-day bound: gone); ``/api/health`` reports the build's id. Screenshots land in
SHOTS (``offline-*.png``)."""

from __future__ import annotations

import re
import time

import pytest

from frontend.pwa_plugin import BUILD_ID_LENGTH, build_id
from tests.e2e.conftest import ROOT, SHOTS, WEB_DIR

pytestmark = pytest.mark.e2e

SAVED = "215-CV/BTCTU"  # demo documents assigned to the cadre
OTHER = "37-TB/TU"
OTHER_TITLE = re.compile("Kết luận của Thường trực Tỉnh ủy")
SAVED_TITLE = re.compile("rà soát, cập nhật dữ liệu đảng viên")
PERSONAL = "dangbo-offline-personal"
# What Reflex or the browser would show in English.
ENGLISH = ("Cannot connect", "Connection Error", "websocket", "Page not found", "404:", "Not Found")


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.wait_for_timeout(300)
    page.screenshot(path=str(SHOTS / f"offline-{name}.png"))


def _no_english(page) -> None:
    # What a person can see or hear: the text, the page title and the titles and labels.
    text = page.evaluate(
        """() => [document.title, document.body.innerText,
            ...[...document.querySelectorAll('[title], [aria-label]')].map(
                (node) => `${node.title} ${node.getAttribute('aria-label') || ''}`)].join('\\n')"""
    )
    found = [word for word in ENGLISH if word in text]
    assert not found, found


def _controlled(page) -> None:
    page.wait_for_function(
        "() => navigator.serviceWorker && navigator.serviceWorker.controller !== null"
    )


def _document_link(page, title: re.Pattern[str]):
    return page.locator("a[href^='/van-ban/']", has_text=title).first


def _save_document(page, live_server, title: re.Pattern[str]) -> str:
    """Open the document from the list, save it offline; returns its path."""
    page.goto(live_server.url("/van-ban"))
    _document_link(page, title).click()
    page.get_by_role("button", name="Lưu đọc ngoại tuyến").wait_for()
    page.wait_for_function("() => window.dangbo && window.dangbo.saveOffline")
    _controlled(page)
    page.get_by_role("button", name="Lưu đọc ngoại tuyến").click()
    page.get_by_text("Đã lưu để đọc ngoại tuyến").wait_for()
    return page.url.removeprefix(live_server.url("")).rstrip("/")


def _saved_keys(page) -> list:
    return page.evaluate(
        "async () => (await window.dangboOffline.list('van_ban')).map((item) => item.key)"
    )


def test_a_tap_offline_shows_that_document_or_says_it_is_not_saved(
    live_server, new_page_with_authenticator, enroll_via_ui
):
    page = new_page_with_authenticator()
    enroll_via_ui(page, user="canbo")
    saved_path = _save_document(page, live_server, SAVED_TITLE)

    # Back to the list through the app, then the network goes.
    page.get_by_role("link", name="Hộp văn bản").click()
    _document_link(page, OTHER_TITLE).wait_for()
    page.context.set_offline(True)
    try:
        _document_link(page, OTHER_TITLE).click()
        page.get_by_role("heading", name="Không có kết nối; văn bản này chưa được lưu").wait_for()
        body = page.inner_text("body")
        assert SAVED not in body and "rà soát, cập nhật" not in body  # not the last one opened
        page.get_by_role("link", name="Văn bản đã lưu").wait_for()
        retry = page.get_by_role("link", name="Thử lại")
        assert re.fullmatch(r"/van-ban/\d+", retry.get_attribute("href"))
        _no_english(page)
        _shot(page, "van-ban-chua-luu")

        # Back in history, then the saved one: its own saved copy, with its own number.
        page.go_back()
        page.get_by_role("heading", name="Không có kết nối mạng").wait_for()
        page.goto(live_server.url("/van-ban"))  # a page visited before: the offline page too
        page.get_by_role("heading", name="Không có kết nối mạng").wait_for()
        assert page.locator("[aria-busy='true']").count() == 0  # no skeleton
        page.goto(live_server.url(saved_path))
        page.locator(".doc-meta", has_text=SAVED).wait_for()
        page.get_by_role("img", name="Trang 1").wait_for()
        assert OTHER not in page.inner_text("body")
        _shot(page, "van-ban-da-luu")
    finally:
        page.context.set_offline(False)

    # "Thử lại" with the network back opens the document in the app.
    page.goto(live_server.url("/offline.html"))
    page.goto(live_server.url(saved_path))
    page.get_by_role("button", name="Lưu đọc ngoại tuyến").wait_for()


def test_a_tab_tapped_offline_in_the_running_app_lands_on_the_offline_page(
    live_server, new_page_with_authenticator, enroll_via_ui
):
    page = new_page_with_authenticator()
    enroll_via_ui(page, user="canbo")
    page.goto(live_server.url("/van-ban"))
    _document_link(page, SAVED_TITLE).wait_for()
    _controlled(page)
    page.context.set_offline(True)
    try:
        page.get_by_role("link", name="Thông báo").last.click()
        page.get_by_role("heading", name="Không có kết nối mạng").wait_for()
        assert page.url.endswith("/thong-bao")
        assert page.get_by_role("link", name="Thử lại").get_attribute("href") == "/thong-bao"
        _no_english(page)
        _shot(page, "trang-ngoai-tuyen")
    finally:
        page.context.set_offline(False)


class _StateSocket:
    """The page's state socket (``/_event``) through Playwright's WebSocket routing, so that a
    test can cut it (Chromium's offline emulation stops new requests but leaves an open
    WebSocket alone: while cut, the open socket is closed and every new one refused) or hold
    the server's answers back (a slow network)."""

    def __init__(self, page) -> None:
        self.cut = False
        self.hold = False
        self.held: list = []
        self.open: list = []
        page.route_web_socket(re.compile(r"/_event"), self._route)

    def _route(self, ws) -> None:
        if self.cut:
            ws.close()
            return
        server = ws.connect_to_server()
        server.on_message(lambda message: self._to_page(ws, message))
        self.open.append((ws, server))

    def _to_page(self, ws, message) -> None:
        if self.hold:
            self.held.append((ws, message))
        else:
            ws.send(message)

    def release(self) -> None:
        self.hold = False
        for ws, message in self.held:
            ws.send(message)
        self.held.clear()

    def drop(self) -> None:
        self.cut = True
        for ws, server in self.open:
            server.close()
            ws.close()
        self.open.clear()


def test_another_document_never_shows_the_previous_one_while_its_answer_is_late(
    live_server, new_page_with_authenticator, enroll_via_ui
):
    page = new_page_with_authenticator()
    socket = _StateSocket(page)
    enroll_via_ui(page, user="canbo")
    page.goto(live_server.url("/van-ban"))
    _document_link(page, SAVED_TITLE).click()
    page.get_by_text(SAVED).first.wait_for()
    page.get_by_role("link", name="Hộp văn bản").click()
    _document_link(page, OTHER_TITLE).wait_for()

    socket.hold = True  # the server's answers are late
    try:
        _document_link(page, OTHER_TITLE).click()
        page.wait_for_url(re.compile(r"/van-ban/\d+$"))
        page.wait_for_timeout(1500)
        shown = page.inner_text("main")
        assert SAVED not in shown and "rà soát, cập nhật" not in shown, shown
        assert page.locator("main [data-loading], main .rt-Skeleton").count() > 0
    finally:
        socket.release()
    page.get_by_text(OTHER).first.wait_for()
    assert SAVED not in page.inner_text("main")


def test_connection_line_in_vietnamese_and_data_read_again_on_reconnect(
    live_server, new_page_with_authenticator, enroll_via_ui, browser
):
    page = new_page_with_authenticator()
    socket = _StateSocket(page)
    enroll_via_ui(page, user="canbo")
    page.goto(live_server.url("/van-ban"))
    _document_link(page, SAVED_TITLE).click()
    page.get_by_role("button", name="Lưu đọc ngoại tuyến").wait_for()
    document_id = page.url.rstrip("/").rsplit("/", 1)[-1]

    page.context.set_offline(True)
    socket.drop()
    try:
        page.get_by_text("Mất kết nối — đang thử lại…").wait_for()
        page.wait_for_timeout(3000)  # several failed retries: still no English toast
        _no_english(page)
        _shot(page, "mat-ket-noi")
        # Meanwhile an opinion is written from elsewhere (the same user on another device).
        other = browser.new_context()
        try:
            other.add_cookies(page.context.cookies())
            other.request.get(live_server.url("/api/csrf"))
            token = next(c["value"] for c in other.cookies() if c["name"] == "csrftoken")
            opinion = f"Ý kiến viết lúc mất kết nối {time.time_ns()}"
            answer = other.request.post(
                live_server.url(f"/api/documents/{document_id}/opinions"),
                data={"text": opinion},
                headers={"x-csrftoken": token},
            )
            assert answer.ok, answer.text()
        finally:
            other.close()
        assert opinion not in page.inner_text("body")
    finally:
        socket.cut = False
        page.context.set_offline(False)
    page.get_by_text("Đã kết nối lại").wait_for()
    page.get_by_text(opinion).wait_for()  # the page read its data again
    _shot(page, "da-ket-noi-lai")
    _no_english(page)
    page.get_by_text("Đã kết nối lại").wait_for(state="hidden")


def test_an_unknown_address_gets_a_vietnamese_page(live_server, new_page_with_authenticator):
    page = new_page_with_authenticator()
    page.goto(live_server.url("/khong-co-trang-nay"))
    page.get_by_role("heading", name="Không tìm thấy trang").wait_for()
    page.get_by_role("link", name="Về trang chủ").wait_for()
    assert "Không tìm thấy trang" in page.title()
    _no_english(page)
    _shot(page, "404")


def test_saved_copies_are_gone_once_the_session_is_revoked_elsewhere(
    live_server, new_page_with_authenticator, enroll_via_ui, browser
):
    page = new_page_with_authenticator()
    enroll_via_ui(page, user="canbo")
    _save_document(page, live_server, SAVED_TITLE)
    assert len(_saved_keys(page)) == 1

    # Another device of the same session signs out everywhere: this one's cookie is dead.
    other = browser.new_context()
    try:
        other.add_cookies(page.context.cookies())
        other.request.get(live_server.url("/api/csrf"))
        token = next(c["value"] for c in other.cookies() if c["name"] == "csrftoken")
        ended = other.request.post(
            live_server.url("/api/auth/logout-everywhere"), headers={"x-csrftoken": token}
        )
        assert ended.status == 204, ended.text()
    finally:
        other.close()

    # Reopening the app: the session is gone, the copy with it.
    page.goto(live_server.url("/van-ban"))
    page.wait_for_url(re.compile(r"/dang-nhap"))
    page.wait_for_function(f"async () => !(await caches.has('{PERSONAL}'))")
    page.goto(live_server.url("/van-ban/ngoai-tuyen"))
    page.get_by_text("Chưa có văn bản nào được lưu trên thiết bị này").wait_for()
    assert SAVED not in page.inner_text("body")


def test_the_reader_refuses_a_copy_not_confirmed_within_the_bound(
    live_server, new_page_with_authenticator, enroll_via_ui
):
    page = new_page_with_authenticator()
    enroll_via_ui(page, user="canbo")
    path = _save_document(page, live_server, SAVED_TITLE)
    days = page.evaluate("async () => (await window.dangboOffline.session()).days")
    assert days == 7  # DANGBO_OFFLINE_DAYS is not set for the test server

    def confirmed_days_ago(n: float) -> None:
        page.evaluate(
            """async (n) => {
                const cache = await caches.open('dangbo-offline-personal');
                const record = await (await cache.match('/ngoai-tuyen/phien.json')).json();
                record.confirmedAt = Date.now() - n * 24 * 60 * 60 * 1000;
                await cache.put('/ngoai-tuyen/phien.json', new Response(JSON.stringify(record)));
            }""",
            n,
        )

    page.context.set_offline(True)
    try:
        confirmed_days_ago(6.9)  # within the bound: readable with the network off
        page.goto(live_server.url(path))
        page.locator(".doc-meta", has_text=SAVED).wait_for()

        confirmed_days_ago(7.1)  # beyond it: erased before anything is shown
        page.goto(live_server.url(path))
        page.get_by_role("heading", name="Không có kết nối; văn bản này chưa được lưu").wait_for()
        page.goto(live_server.url("/van-ban/ngoai-tuyen"))
        page.get_by_text("Chưa có văn bản nào được lưu trên thiết bị này").wait_for()
        assert page.evaluate(f"async () => !(await caches.has('{PERSONAL}'))")
        assert SAVED not in page.inner_text("body")
    finally:
        page.context.set_offline(False)


def test_health_reports_the_build_id(live_server, new_page_with_authenticator):
    page = new_page_with_authenticator()
    health = page.request.get(live_server.url("/api/health")).json()
    static = ROOT / WEB_DIR / "build" / "client"
    written = (static / "build-id.txt").read_text().strip()
    assert re.fullmatch(rf"[0-9a-f]{{{BUILD_ID_LENGTH}}}", health["build"]), health
    assert health["build"] == written == build_id(static)
